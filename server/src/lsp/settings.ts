/** The `smdr` settings the language server reads, with their defaults. */
import type { Severity } from '../rules/catalog';
import type { SeverityOverrides } from '../service';

export interface ServerSettings {
  validate: boolean;
  rules: SeverityOverrides;
}

export const DEFAULT_SETTINGS: ServerSettings = { validate: true, rules: {} };

const LEVELS: readonly (Severity | 'off')[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Settings come from the user: anything malformed falls back to the default rather than failing. */
export function readSettings(raw: unknown): ServerSettings {
  const value = (raw ?? {}) as { validate?: { enable?: unknown }; rules?: unknown };
  const rules: Record<string, Severity | 'off'> = {};
  if (value.rules && typeof value.rules === 'object') {
    for (const [code, level] of Object.entries(value.rules as Record<string, unknown>)) {
      if (LEVELS.includes(level as Severity)) rules[code.toUpperCase()] = level as Severity | 'off';
    }
  }
  return { validate: value.validate?.enable !== false, rules };
}
