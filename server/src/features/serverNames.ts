/** Where server names are written: the inventory key, `failed=`/`target=`/`server=` attributes, `${servers.NAME...}`. */
import { findServer, type Runbook, type Server } from '../runbook/model';
import { contains, type Position, type Range } from '../runbook/source';

export interface NameOccurrence {
  server: Server | undefined;
  name: string;
  range: Range;
  isDeclaration: boolean;
}

const NETBIOS = /^(?!\d+$)[A-Z0-9-]{1,15}$/i;

/** A valid NetBIOS computer name: the only names a fix or a rename writes into headings and attributes. */
export function isComputerName(name: string): boolean {
  return NETBIOS.test(name);
}

const NAME_ATTRIBUTES = ['failed', 'target', 'server'];

export function nameOccurrences(runbook: Runbook): NameOccurrence[] {
  const found: NameOccurrence[] = runbook.inventory.servers.map((server) => ({
    server,
    name: server.name,
    range: server.nameRange,
    isDeclaration: true,
  }));
  const add = (name: string, range: Range) =>
    found.push({ server: findServer(runbook.inventory, name), name, range, isDeclaration: false });
  for (const heading of runbook.headings) {
    for (const a of heading.attrs) if (NAME_ATTRIBUTES.includes(a.key) && a.value) add(a.value, a.valueRange);
  }
  const steps = [...runbook.sections.flatMap((s) => s.steps), ...runbook.straySteps];
  for (const placeholder of steps.flatMap((s) => s.codeBlocks.flatMap((c) => c.placeholders))) {
    const [head, name] = placeholder.path.split('.');
    if (head !== 'servers' || !name) continue;
    const start = placeholder.pathRange.start.character + 'servers.'.length;
    add(name, {
      start: { line: placeholder.pathRange.start.line, character: start },
      end: { line: placeholder.pathRange.start.line, character: start + name.length },
    });
  }
  return found;
}

export function nameAt(runbook: Runbook, position: Position): NameOccurrence | undefined {
  return nameOccurrences(runbook).find((o) => contains(o.range, position));
}

export function referencesTo(runbook: Runbook, server: Server): NameOccurrence[] {
  return nameOccurrences(runbook).filter((o) => o.server === server);
}
