/** One long-lived pwsh per test file, speaking host.ps1's JSON lines, with a timeout on each answer. */
import { join } from 'node:path';
import { JsonLinesProcess, type Answer } from '../../server/src/powershell/jsonLines';
import { pwshTool } from '../tools/dotnetTools';

export interface StringAst {
  start: number;
  end: number;
  /** SingleQuoted, DoubleQuoted, BareWord, SingleQuotedHereString... */
  kind: string;
  /** StringConstantExpressionAst or ExpandableStringExpressionAst. */
  ast: string;
  value: string;
}

export interface Parsed {
  errors: { start: number; end: number; message: string }[];
  strings: StringAst[];
}

export interface Call {
  command: string;
  parameters: Record<string, string | string[] | boolean>;
}

export interface Ran {
  calls: Call[];
  error: string | null;
}

export interface State {
  computerName: string;
  services?: Record<string, 'Running' | 'Stopped'>;
  failToStart?: string[];
  processes?: string[];
  exitCode?: number;
  registry?: Record<string, string>;
  files?: string[];
  managementPacks?: Record<string, boolean>;
  paths?: Record<string, string>;
  existing?: string[];
}

export class Pwsh {
  private readonly process: JsonLinesProcess;

  constructor(path: string) {
    this.process = new JsonLinesProcess(
      path,
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', join(__dirname, 'host.ps1')],
      30_000,
    );
  }

  parse(text: string): Promise<Parsed> {
    return this.process.request<Parsed & Answer>({ op: 'parse', text });
  }

  run(text: string, state: State): Promise<Ran> {
    const full = {
      services: {},
      failToStart: [],
      processes: [],
      exitCode: 0,
      registry: {},
      files: [],
      managementPacks: {},
      paths: {},
      existing: [],
      ...state,
    };
    return this.process.request<Ran & Answer>({ op: 'run', text, state: full });
  }

  close(): void {
    this.process.close();
  }
}

/** The pwsh of this test file, or why its tests are skipped (no .NET SDK, and SMDR_REQUIRE_PWSH unset). */
export function startPwsh(): { pwsh: Pwsh; skip?: undefined } | { pwsh?: undefined; skip: string } {
  const tool = pwshTool();
  return tool.path === undefined ? { skip: tool.skip } : { pwsh: new Pwsh(tool.path) };
}
