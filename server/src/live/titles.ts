/**
 * The roots of the Servers and Backups views: each runbook by its management group, and by its file
 * too where two runbooks name the same group (a copy, a lab and production), so that no two roots read
 * alike. A runbook without a management group is named by its file.
 */
export interface RootName {
  managementGroup: string | undefined;
  /** The file as the workspace names it (relative path). */
  file: string;
}

export function rootTitles(roots: readonly RootName[]): string[] {
  // Management group names differ only by case in no way an operator would tell apart.
  const key = (group: string) => group.toUpperCase();
  const counts = new Map<string, number>();
  for (const { managementGroup } of roots)
    if (managementGroup) counts.set(key(managementGroup), (counts.get(key(managementGroup)) ?? 0) + 1);
  return roots.map(({ managementGroup, file }) =>
    !managementGroup
      ? file
      : counts.get(key(managementGroup))! > 1
        ? `${managementGroup} (${file})`
        : managementGroup,
  );
}
