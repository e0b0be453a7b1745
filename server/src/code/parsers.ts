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

/**
 * tree-sitter's error recovery is super-linear on some hostile text (a long run of `)(`). Blocks are
 * small in practice: a larger one is not parsed, and a parse that outgrows a budget of progress
 * callbacks proportional to its text, or 100 ms, is abandoned; the caller then treats the block as
 * unparsed (its placeholders are refused, with a message that says why).
 */
const CALLBACKS_PER_CHARACTER = 1 / 200;
const BASE_CALLBACKS = 20;
const PARSE_MS = 100;

/** The largest block whose placeholders are judged at all; a larger one is unparsed. */
export const MAX_PARSED_BLOCK = 16 * 1024;

/**
 * The syntax tree of `text`, or null when it is too large or too costly to parse; throws when no entry
 * point registered the parsers (a programming error).
 */
export function syntaxTree(language: 'powershell' | 'sh', text: string): Tree | null {
  const parsers = registered;
  if (!parsers) throw new Error('The PowerShell and shell parsers were not loaded before analysis.');
  if (text.length > MAX_PARSED_BLOCK) return null;
  return trees.get(`${language}\u0000${text}`, () => {
    parsers.parser.setLanguage(parsers[language]);
    const budget = BASE_CALLBACKS + text.length * CALLBACKS_PER_CHARACTER;
    const deadline = performance.now() + PARSE_MS;
    let calls = 0;
    // Returning true cancels the parse (the typings say void; the runtime reads the result).
    const progressCallback = (() =>
      ++calls > budget || performance.now() > deadline) as unknown as () => void;
    const tree = parsers.parser.parse(text, null, { progressCallback });
    parsers.parser.reset();
    return tree;
  });
}
