/**
 * SQL Server's own T-SQL parser for the tests: one long-lived ScriptDomCheck (TSql160Parser) per test
 * file, fed JSON lines, with a timeout on each answer. Its token stream is exposed for the tests that
 * compare smdr's own T-SQL reading with it.
 */
import { JsonLinesProcess, type Answer } from '../../server/src/powershell/jsonLines';
import { scriptDomTool } from '../tools/dotnetTools';

export interface Token {
  /** ScriptDom's TSqlTokenType name: UnicodeStringLiteral, QuotedIdentifier, SingleLineComment... */
  type: string;
  offset: number;
  text: string;
}

export interface TsqlParse {
  errors: { offset: number; line: number; column: number; message: string }[];
  tokens: Token[];
  /** The type of each statement, in order: RestoreStatement, ExecuteStatement... */
  statements: string[];
}

export type TokenRegion = 'code' | 'string' | 'quoted-identifier' | 'comment';

export function regionOf(token: Token): TokenRegion {
  switch (token.type) {
    case 'AsciiStringLiteral':
    case 'UnicodeStringLiteral':
      return 'string';
    case 'QuotedIdentifier':
    case 'AsciiStringOrQuotedIdentifier': // "..." with QUOTED_IDENTIFIER ON, as the parser is set
      return 'quoted-identifier';
    case 'SingleLineComment':
    case 'MultilineComment':
      return 'comment';
    default:
      return 'code';
  }
}

/** What a string literal or quoted identifier token stands for (`N'a''b'` is a'b, `[a]]b]` is a]b). */
export function valueOf(token: Token): string {
  const text = token.text;
  if (token.type === 'UnicodeStringLiteral') return text.slice(2, -1).replace(/''/g, "'");
  if (token.type === 'AsciiStringLiteral') return text.slice(1, -1).replace(/''/g, "'");
  if (text.startsWith('[')) return text.slice(1, -1).replace(/\]\]/g, ']');
  return text.slice(1, -1).replace(/""/g, '"');
}

export class ScriptDom {
  private readonly process: JsonLinesProcess;

  constructor(dll: string) {
    this.process = new JsonLinesProcess('dotnet', [dll], 30_000);
  }

  parse(text: string): Promise<TsqlParse> {
    return this.process.request<TsqlParse & Answer>({ text });
  }

  close(): void {
    this.process.close();
  }
}

/** The ScriptDom of this test file, or why its tests are skipped (no .NET SDK, and SMDR_REQUIRE_PWSH unset). */
export function startScriptDom():
  { scriptDom: ScriptDom; skip?: undefined } | { scriptDom?: undefined; skip: string } {
  const tool = scriptDomTool();
  return tool.path === undefined ? { skip: tool.skip } : { scriptDom: new ScriptDom(tool.path) };
}
