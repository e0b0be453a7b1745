/**
 * What a scenario section's rules read of the inventory's servers and of the settings, recorded as
 * they read it, so that the section's findings are reused until one of those values changes: an edit
 * of a server no section reads, or of a setting no command needs, re-checks nothing.
 *
 * The rules read through views of the inventory (`Snapshot.runbook`) that note each server field and
 * setting read. What was read is kept as values without positions (findings hold no position of the
 * front matter; a range read as such is kept as it is): a field read of a few servers as those
 * servers' values, a field read of many (a rule looking over the whole inventory, such as the
 * database servers and their instances) as that field of every server, and the servers' names in
 * order whenever the list was read at all (a lookup by name reads every name). Guessing none of it,
 * a new rule is covered as soon as it reads through the model.
 */
import type { Inventory, Runbook, Server, Settings } from '../runbook/model';
import { Memo } from '../runbook/memo';

/** What one section's rules read, as values. */
export interface Reads {
  /** The servers' names in order (interned), when the list was read. */
  names: string | undefined;
  /** A field read of many servers: that field of every server (interned). */
  every: [field: string, values: string][];
  /** A field read of a few servers: each one's value. */
  some: [index: number, field: string, value: string][];
  settings: [key: string, value: string][];
}

// More servers read than this and the field is kept for every server: one comparison, not many.
const FEW = 4;

// Long strings compared by identity: the same text is the same string object.
const interned = new Memo<string, string>(256);
const intern = (text: string): string => interned.get(text, (owned) => owned);

// A server read again from the same entry keeps its values' objects (runbook/inventory.ts).
const valuesOfObjects = new WeakMap<object, string>();

/** Values without the positions of what they hold (`range`, `keyRange` inside a value). */
function valueOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? '';
  let found = valuesOfObjects.get(value);
  if (found === undefined) {
    found = JSON.stringify(value, (key, v: unknown) =>
      key === 'range' || key === 'keyRange' ? undefined : v,
    );
    valuesOfObjects.set(value, found);
  }
  return found;
}

interface Recording {
  names: boolean;
  fields: Map<string, number[]>;
  settings: Set<string>;
}

/** One analysis's runbook, seen through views that record what the rules read of it. */
export class Snapshot {
  readonly runbook: Runbook;
  private recording: Recording | undefined;
  private epoch = 0;
  // Per field: the epoch of the recording that last noted each server, so that a field is noted once.
  private readonly noted = new Map<string, Int32Array>();
  private readonly values = new Map<string, (string | undefined)[]>();
  private readonly everyValues = new Map<string, string>();
  private namesValue: string | undefined;

  constructor(readonly base: Runbook) {
    // Views made when a section is checked: an edit that checks none makes none.
    let views: Server[] | undefined;
    // Every way to a server goes through `inventory.servers` (a lookup by name too: model.ts).
    const inventory = new Proxy(base.inventory, {
      get: (target, key) => {
        if (key !== 'servers') return target[key as keyof Inventory];
        if (this.recording) this.recording.names = true;
        views ??= target.servers.map((server, index) => this.serverView(server, index));
        return views;
      },
    });
    const settings = new Proxy(base.settings, {
      get: (target, key) => {
        if (this.recording && typeof key === 'string') this.recording.settings.add(key);
        return target[key as keyof Settings];
      },
    });
    this.runbook = { ...base, inventory, settings };
  }

  private serverView(server: Server, index: number): Server {
    return new Proxy(server, {
      get: (target, key) => {
        if (this.recording && typeof key === 'string') this.note(key, index);
        return target[key as keyof Server];
      },
    });
  }

  private note(field: string, index: number): void {
    let noted = this.noted.get(field);
    if (!noted) {
      noted = new Int32Array(this.base.inventory.servers.length);
      this.noted.set(field, noted);
    }
    if (noted[index] === this.epoch) return;
    noted[index] = this.epoch;
    const fields = this.recording!.fields;
    const list = fields.get(field);
    if (list) list.push(index);
    else fields.set(field, [index]);
  }

  /** Runs `check` on this snapshot's runbook, returning its result and what it read. */
  record<T>(check: (runbook: Runbook) => T): { result: T; reads: Reads } {
    this.epoch++;
    const recording: Recording = { names: false, fields: new Map(), settings: new Set() };
    this.recording = recording;
    try {
      const result = check(this.runbook);
      return { result, reads: this.readsOf(recording) };
    } finally {
      this.recording = undefined;
    }
  }

  private readsOf(recording: Recording): Reads {
    const every: Reads['every'] = [];
    const some: Reads['some'] = [];
    for (const [field, indexes] of recording.fields) {
      if (indexes.length > FEW) every.push([field, this.every(field)]);
      else for (const index of indexes) some.push([index, field, this.value(index, field)!]);
    }
    return {
      names: recording.names ? this.names() : undefined,
      every,
      some,
      settings: [...recording.settings].map((key) => [key, this.setting(key)]),
    };
  }

  /** Whether the rules would read the same values here as `reads` holds. */
  matches(reads: Reads): boolean {
    if (reads.names !== undefined && reads.names !== this.names()) return false;
    return (
      reads.every.every(([field, values]) => this.every(field) === values) &&
      reads.some.every(([index, field, value]) => this.value(index, field) === value) &&
      reads.settings.every(([key, value]) => this.setting(key) === value)
    );
  }

  private names(): string {
    this.namesValue ??= intern(JSON.stringify(this.base.inventory.servers.map((s) => s.name)));
    return this.namesValue;
  }

  private every(field: string): string {
    let found = this.everyValues.get(field);
    if (found === undefined) {
      const servers = this.base.inventory.servers;
      found = intern(servers.map((_, index) => this.value(index, field)).join('\u0000'));
      this.everyValues.set(field, found);
    }
    return found;
  }

  /** A field of the server at `index`, as a value; undefined where there is no such server. */
  private value(index: number, field: string): string | undefined {
    const servers = this.base.inventory.servers;
    if (index >= servers.length) return undefined;
    let values = this.values.get(field);
    if (!values) {
      values = new Array<string | undefined>(servers.length);
      this.values.set(field, values);
    }
    values[index] ??= valueOf(servers[index]![field as keyof Server]);
    return values[index];
  }

  private setting(key: string): string {
    return valueOf(this.base.settings[key as keyof Settings]);
  }
}
