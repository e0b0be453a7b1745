/** Live findings as diagnostics on the runbook lines that declare what was checked. */
import { instanceAddress } from '../domain/installation';
import type { Located, Runbook, Server } from '../runbook/model';
import { RULES, type Rule } from '../rules/catalog';
import type { Finding } from '../rules/finding';
import type { LiveState } from './facts';
import { judgeDatabase, judgeFolder, judgeInstance, judgeKeyFile } from './judge';
import { unmetRequirements } from './requirements';

export function rpoOf(runbook: Runbook): string | undefined {
  return runbook.settings.objectives.rpo?.value;
}

export function fileFacts(live: LiveState, path: string | undefined) {
  return path === undefined ? undefined : live.files.find((f) => f.path === path);
}

export function instanceFacts(live: LiveState, server: Server) {
  return live.instances.find((i) => i.server === server.name);
}

export function liveFindings(runbook: Runbook, live: LiveState, now = new Date(live.checkedAt)): Finding[] {
  const rpo = rpoOf(runbook);
  const findings: Finding[] = [];
  for (const server of runbook.inventory.servers) {
    const missingFile = (rule: Rule, what: string, located: Located<string> | undefined) => {
      const judged = judgeKeyFile(located && fileFacts(live, located.value));
      if (located && judged.verdict === 'missing')
        findings.push({ rule, message: `${what}: ${judged.reason}.`, range: located.range });
    };
    missingFile(RULES.liveKeyFileMissing, `The key backup of ${server.name}`, server.keyBackup);
    for (const database of server.databases)
      missingFile(RULES.liveBackupFileMissing, `The backup file of ${database.name}`, database.backup);
    const instance = instanceFacts(live, server);
    if (!instance) continue;
    const at = server.instance?.range ?? server.nameRange;
    if (instance.error) {
      findings.push({
        rule: RULES.liveInstanceUnreachable,
        message: `${instanceAddress(server.name, server.instance?.value)} could not be read: ${instance.error}`,
        range: server.nameRange,
      });
      continue;
    }
    const judged = judgeInstance({ ...instance, clrEnabled: undefined }, server.name, server.instance?.value);
    if (judged.verdict === 'error')
      findings.push({
        rule: RULES.liveInstanceMismatch,
        message: `${instance.address}: ${judged.reason}.`,
        range: at,
      });
    if (instance.clrEnabled === false)
      findings.push({
        rule: RULES.liveClrDisabled,
        message: `CLR is disabled on ${instance.address}: Service Manager needs it; a restore does not enable it.`,
        range: at,
      });
    for (const unmet of unmetRequirements(runbook, instance))
      findings.push({ rule: unmet.rule, message: unmet.message, range: at });
    for (const database of server.databases) {
      const facts = instance.databases.find((d) => d.name.toLowerCase() === database.name.toLowerCase());
      if (!facts) continue;
      const db = judgeDatabase(facts, now, rpo);
      if (db.future)
        findings.push({
          rule: RULES.liveBackupInFuture,
          message: `${database.name} on ${instance.address}: ${db.reason}.`,
          range: database.nameRange,
        });
      else if (facts.state === null) continue;
      else if (facts.state !== 'ONLINE')
        findings.push({
          rule: RULES.liveDatabaseNotOnline,
          message: `${database.name} on ${instance.address}: ${db.reason}.`,
          range: database.nameRange,
        });
      else if (db.verdict === 'missing')
        findings.push({
          rule: RULES.liveBackupMissing,
          message: `${database.name}: ${db.reason}.`,
          range: database.nameRange,
        });
      else if (db.verdict === 'stale')
        findings.push({
          rule: RULES.liveBackupStale,
          message: `${database.name}: ${db.reason}.`,
          range: database.nameRange,
        });
    }
  }
  const packs = runbook.settings.managementPacks;
  const packsPath = packs?.value;
  if (packs && packsPath) {
    const judged = judgeFolder(fileFacts(live, packsPath), now, rpo);
    if (judged.future)
      findings.push({
        rule: RULES.liveBackupInFuture,
        message: `Management pack export: ${judged.reason}.`,
        range: packs.range,
      });
    else if (judged.verdict === 'missing' || judged.verdict === 'stale')
      findings.push({
        rule: RULES.liveManagementPacksStale,
        message: `Management pack export: ${judged.reason}.`,
        range: packs.range,
      });
  }
  return findings;
}
