/**
 * The tree-sitter parsers of PowerShell and POSIX shell (the WASM builds VS Code itself ships in
 * `@vscode/tree-sitter-wasm`), registered once by each entry point (language server, CLI, tests)
 * after loading them, so that the rules can stay synchronous and pure. Loading reads files:
 * see `load.ts`.
 */
import type { Language, Parser, Tree } from '@vscode/tree-sitter-wasm';
import { Memo } from '../runbook/memo';

export interface CodeParsers {
  parser: Parser;
  powershell: Language;
  sh: Language;
}

let registered: CodeParsers | undefined;

export function registerCodeParsers(parsers: CodeParsers): void {
  registered = parsers;
}

export function codeParsersRegistered(): boolean {
  return registered !== undefined;
}

// Keyed by language and text: a keystroke outside a code block re-parses none of them.
const trees = new Memo<string, Tree | null>(64);

/** The syntax tree of `text`; throws when no entry point registered the parsers (a programming error). */
export function syntaxTree(language: 'powershell' | 'sh', text: string): Tree | null {
  const parsers = registered;
  if (!parsers) throw new Error('The PowerShell and shell parsers were not loaded before analysis.');
  return trees.get(`${language}\u0000${text}`, () => {
    parsers.parser.setLanguage(parsers[language]);
    return parsers.parser.parse(text);
  });
}
