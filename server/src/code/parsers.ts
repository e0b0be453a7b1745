/**
 * The tree-sitter parsers of PowerShell and POSIX shell (the WASM builds VS Code itself ships in
 * `@vscode/tree-sitter-wasm`), registered once by each entry point (language server, CLI, tests)
 * after loading them, so that the rules can stay synchronous and pure. Loading reads files:
 * see `load.ts`.
 */
import type { Language, Parser, Tree } from '@vscode/tree-sitter-wasm';

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

/**
 * tree-sitter's error recovery is costly on some hostile text, and unsafe on some: on a run of `)(`
 * bash's lexer reads to the end of the block again for every token; on a few thousand `;-` the
 * PowerShell parser's error stack grows until the WebAssembly stack overflows, which corrupts the
 * module for the rest of the process. So a parse has budgets that count its own work, never the
 * clock (whether a step may run must not depend on how busy the machine is: a deadline of 100 ms once
 * refused a ten-line block under load, and kept refusing it):
 * - a block larger than `MAX_PARSED_BLOCK` is not parsed;
 * - the lexer may read the text `READS_PER_CHARACTER` times over (bash goes back to the start of a
 *   heredoc for each `$` in it: an ordinary 20-line heredoc reads its text about 11 times);
 * - the parser may report progress (every 100 operations) a number of times proportional to the text
 *   (dense PowerShell reports about once per 40 characters, bash once per 60), and never more than
 *   `MAX_CALLBACKS` times: the PowerShell parser trapped on `;-` after 143, never before.
 * A parse over budget is abandoned and the caller treats the block as unparsed: its placeholders are
 * refused, with a message that says why.
 */
const CALLBACKS_PER_CHARACTER = 1 / 25;
const BASE_CALLBACKS = 20;
const MAX_CALLBACKS = 100;
const READS_PER_CHARACTER = 128;
const BASE_READ = 64 * 1024;
// What the lexer is handed at a time: it asks again whenever it moves past the end or back.
const CHUNK = 512;

/** The largest block whose placeholders are judged at all; a larger one is unparsed. */
const MAX_PARSED_BLOCK = 4 * 1024;

// Set when the WebAssembly module trapped: its memory can no longer be trusted, so no block is parsed
// again in this process (all are unparsed, and their placeholders refused).
let trapped = false;

/**
 * What `read` makes of the syntax tree of `text`, or of null when the text is too large or too costly
 * to parse; throws when no entry point registered the parsers (a programming error). The tree lives in
 * WebAssembly memory, which no garbage collector frees: it is deleted as soon as `read` returns, so
 * `read` must keep nothing of it (callers memoize what they derive, by text).
 */
export function readSyntaxTree<R>(
  language: 'powershell' | 'sh',
  text: string,
  read: (tree: Tree | null) => R,
): R {
  const parsers = registered;
  if (!parsers) throw new Error('The PowerShell and shell parsers were not loaded before analysis.');
  if (text.length > MAX_PARSED_BLOCK || trapped) return read(null);
  const tree = parse(parsers, language, text);
  try {
    return read(tree);
  } catch (error) {
    // Reading a node goes into the module too; a trap there is a trap all the same.
    if (!isTrap(error)) throw error;
    trapped = true;
    return read(null);
  } finally {
    try {
      tree?.delete();
    } catch {
      trapped = true;
    }
  }
}

// What the WebAssembly engine throws: the module's own fault, or the native stack overflowing in it.
function isTrap(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && error.name === 'RuntimeError');
}

function parse(parsers: CodeParsers, language: 'powershell' | 'sh', text: string): Tree | null {
  const calls = Math.min(MAX_CALLBACKS, BASE_CALLBACKS + text.length * CALLBACKS_PER_CHARACTER);
  let called = 0;
  let unread = BASE_READ + text.length * READS_PER_CHARACTER;
  let parsing = true;
  // The tree keeps this function to read its nodes' text (`node.text`): the budget is the parse's
  // alone, or a node read afterwards would read as empty (a command's name, say).
  const input = (index: number): string => {
    if (!parsing) return text.slice(index, index + CHUNK);
    const chunk = unread > 0 ? text.slice(index, index + CHUNK) : '';
    unread -= chunk.length;
    return chunk;
  };
  // Returning true cancels the parse (the typings say void; the runtime reads the result).
  const progressCallback = () => unread <= 0 || ++called > calls;
  try {
    parsers.parser.setLanguage(parsers[language]);
    const tree = parsers.parser.parse(input, null, { progressCallback });
    parsing = false;
    parsers.parser.reset();
    // A lexer cut off reads an early end of the text: whatever tree it made is not of this text.
    if (unread > 0) return tree;
    tree?.delete();
    return null;
  } catch {
    trapped = true;
    return null;
  }
}
