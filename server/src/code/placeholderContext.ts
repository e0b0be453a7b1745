/**
 * Where each `${...}` of a code block stands, decided by a real parser of the block's language:
 * tree-sitter's PowerShell and bash grammars, and the T-SQL lexer. A placeholder becomes a quoted
 * literal, which is safe only where a literal is a whole token of code: inside a string, comment,
 * here-string, heredoc, quoted identifier or after `--%` its quotes and text would land in something
 * else, and code that cannot be parsed around it cannot be judged at all.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { CommandLanguage } from '../domain/vocabulary';
import { Memo } from '../runbook/memo';
import { readSyntaxTree } from './parsers';
import { PLACEHOLDER } from './placeholderText';
import { tsqlSpans } from './tsqlLexer';

export type PlaceholderContext =
  | 'code'
  | 'string'
  | 'here-string'
  | 'heredoc'
  | 'comment'
  | 'quoted-identifier'
  | 'stop-parsing'
  | 'joined'
  | 'evaluated'
  | 'unparsed';

export interface PlacedPlaceholder {
  /** Offsets of `${...}` in the code block's text. */
  start: number;
  end: number;
  context: PlaceholderContext;
}

// By language and text: the rule and the renderer ask for every block after each keystroke, and a
// runbook has more blocks than the syntax trees kept by parsers.ts. The results are small and read-only.
const contexts = new Memo<string, readonly PlacedPlaceholder[]>(16_384, 8_000_000);

/** Each placeholder of `text` (a code block's content), in order, with where it stands. */
export function placeholderContexts(language: CommandLanguage, text: string): readonly PlacedPlaceholder[] {
  return contexts.get(`${language}\u0000${text}`, () => contextsOf(language, text));
}

function contextsOf(language: CommandLanguage, text: string): PlacedPlaceholder[] {
  const found = [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (found.length === 0) return [];
  if (language === 'tsql') {
    const evaluates = TSQL_EVALUATORS.test(text);
    return tsqlContexts(text, found).map((p) =>
      evaluates && p.context === 'code' ? { ...p, context: 'evaluated' } : p,
    );
  }
  // PowerShell reads typographic quotes and dashes as ' " and -; its tree-sitter grammar does not.
  // A path is no shell or PowerShell name (`${failed.name}` is a bad substitution to bash): each
  // placeholder is parsed as a variable of the same length, so offsets stay the same.
  const named = text.replace(PLACEHOLDER, (m) => (m.length > 3 ? `\${${'x'.repeat(m.length - 3)}}` : m));
  const parsed =
    language === 'powershell' ? named.replace(TYPOGRAPHIC, (c) => TYPOGRAPHIC_AS[c] ?? c) : named;
  return readSyntaxTree(language, parsed, (tree) => {
    // Error recovery puts what it cannot read beside the placeholder, not above it: any error,
    // anywhere, and the block is not judged.
    if (!tree || tree.rootNode.hasError) return found.map((p) => ({ ...p, context: 'unparsed' as const }));
    const root = tree.rootNode;
    const evaluates = evaluatesCode(language, root, parsed);
    // tree-sitter misreads some heredocs (two on one line, one with no command): text after `<<` is
    // never taken for code.
    const heredoc = language === 'sh' ? parsed.indexOf('<<') : -1;
    const climbs = { left: BASE_CLIMBS + CLIMBS_PER_CHARACTER * parsed.length };
    return found.map((p) => {
      let context = treeContext(language, root.descendantForIndex(p.start, p.end), p, climbs);
      if (context === 'code') context = neighbours(language, parsed, p) ?? context;
      if (context === 'code' && heredoc >= 0 && p.start > heredoc) context = 'heredoc';
      if (context === 'code' && evaluates) context = 'evaluated';
      return { ...p, context };
    });
  });
}

const TYPOGRAPHIC = /[\u2013-\u2015\u2018-\u201E]/g;
const TYPOGRAPHIC_AS: Record<string, string> = {
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
};

/**
 * A literal right against a quote, a variable or another placeholder is read together with it in
 * PowerShell (`'a'${x}` is one string); in sh a `[` before it is an array subscript, evaluated as
 * arithmetic by bash.
 */
function neighbours(
  language: 'powershell' | 'sh',
  text: string,
  p: { start: number; end: number },
): PlaceholderContext | undefined {
  const before = text[p.start - 1] ?? '';
  const after = text[p.end] ?? '';
  if (language === 'sh') return before === '[' ? 'evaluated' : undefined;
  return (before && `'"\`$}`.includes(before)) || (after && `'"\`$`.includes(after)) ? 'joined' : undefined;
}

/**
 * Whether a block hands text to an interpreter anywhere: a value can flow there through a variable,
 * so every placeholder of such a block is refused, not only one written as the interpreter's argument.
 * Commands by name (and `-c`/`-Command` of a shell), constructs by syntax.
 */
function evaluatesCode(language: 'powershell' | 'sh', root: Node, text: string): boolean {
  if ((language === 'sh' ? SH_EVALUATING_SYNTAX : POWERSHELL_EVALUATING_SYNTAX).test(text)) return true;
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'command') {
      const name = commandName(node)
        .replace(/^.*[\\/]/, '')
        .replace(/\.exe$/, '');
      if (EVALUATORS.has(name)) return true;
      if (SHELLS.has(name) && SHELL_COMMAND_FLAG.test(node.text)) return true;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'pwsh',
  'powershell',
  'cmd',
  'su',
  'sudo',
  'env',
]);
const SHELL_COMMAND_FLAG = /(?:^|\s)[-/](?:c|command|encodedcommand|e|ec)(?:\s|$)/i;
const SH_EVALUATING_SYNTAX = /\[\[|\(\(|(?:^|[\s;&|])-exec(?:dir)?\b/;
const POWERSHELL_EVALUATING_SYNTAX = /\[scriptblock\]|\bExpandString\b|\bInvokeScript\b|\bNewScriptBlock\b/i;
const TSQL_EVALUATORS =
  /\bexec(?:ute)?\s{0,8}\(|\b(?:sp_executesql|xp_cmdshell|openquery|openrowset|opendatasource)\b/i;

function tsqlContexts(text: string, found: { start: number; end: number }[]): PlacedPlaceholder[] {
  const spans = tsqlSpans(text);
  let s = 0;
  return found.map((p) => {
    while (s < spans.length && spans[s]!.end <= p.start) s++;
    const span = spans[s];
    if (span && span.start <= p.start) return { ...p, context: span.region };
    const joined = IDENTIFIER_CHAR.test(text[p.start - 1] ?? '') || IDENTIFIER_CHAR.test(text[p.end] ?? '');
    return { ...p, context: joined ? 'joined' : 'code' };
  });
}

// A literal against a name or another literal (`abc${x}`, `${x}N`, `${x}'a'`) is read together with it.
const IDENTIFIER_CHAR = /[\w@#$']/;

const SAFE_NODE = { powershell: 'braced_variable', sh: 'expansion' } as const;

/** Commands that run their argument as code: a literal handed to them is code after all. */
const EVALUATORS = new Set([
  'invoke-expression',
  'iex',
  'eval',
  'command',
  'builtin',
  'exec',
  'trap',
  'source',
  '.',
  'xargs',
  'let',
  'declare',
  'typeset',
  'alias',
  'set-alias',
  'new-alias',
]);

/**
 * Each step up costs tree-sitter a walk down from the root (nodes keep no parent), so many placeholders
 * deep in a tangle cost placeholders × depth²: past a budget proportional to the block, the remaining
 * placeholders are not judged (counted in steps, never time, like the parse itself).
 */
const BASE_CLIMBS = 1_000;
const CLIMBS_PER_CHARACTER = 2;

function treeContext(
  language: 'powershell' | 'sh',
  node: Node | null,
  placeholder: { start: number; end: number },
  climbs: { left: number },
): PlaceholderContext {
  if (!node || node.type !== SAFE_NODE[language]) return unsafeContext(node) ?? 'joined';
  if (node.startIndex !== placeholder.start || node.endIndex !== placeholder.end) return 'joined';
  for (let up = node.parent; up; up = up.parent) {
    if (--climbs.left < 0) return 'unparsed';
    const context = unsafeContext(up);
    if (context) return context;
    if (language === 'sh' && up.type === 'expansion') return 'joined';
    if (up.type === 'command_substitution' && up.text.startsWith('`')) return 'string';
    if (up.type === 'command' && EVALUATORS.has(commandName(up))) return 'evaluated';
  }
  return 'code';
}

/** The context an enclosing node puts its contents in, when it is not code. */
function unsafeContext(node: Node | null): PlaceholderContext | undefined {
  if (!node) return 'unparsed';
  const type = node.type;
  if (node.isError || node.isMissing || type === 'ERROR') return 'unparsed';
  if (type === 'comment') return 'comment';
  if (type === 'stop_parsing') return 'stop-parsing';
  if (type.includes('here_string')) return 'here-string';
  if (type.startsWith('heredoc')) return 'heredoc';
  if (type.includes('string') || type === 'generic_token') return 'string';
  if (type === 'arithmetic_expansion') return 'evaluated';
  return undefined;
}

function commandName(command: Node): string {
  return (
    (command.childForFieldName('command_name') ?? command.childForFieldName('name'))?.text.toLowerCase() ?? ''
  );
}

const WHY: Record<Exclude<PlaceholderContext, 'code'>, string> = {
  string:
    'stands inside a string: it is inserted as a quoted literal of its own, so the string would hold its quotes. Write it outside the string (PowerShell: `Join-Path ${media} "Setup.exe"`).',
  'here-string':
    'stands inside a here-string, where a value is text of the string or, in `@"...."@`, expanded as code.',
  heredoc:
    'stands inside a heredoc, where the shell expands it as code or keeps it as text: never a literal.',
  comment:
    'stands inside a comment: it would not be a value there, and a line break in it would end the comment.',
  'quoted-identifier':
    'stands inside a quoted identifier (`[...]` or `"..."`): the literal would become part of the name.',
  'stop-parsing':
    'stands after `--%`, where PowerShell passes the rest of the line on unparsed: its quotes would not hold.',
  joined:
    'stands against other text, so its literal would be read together with it: make it a separate argument or token.',
  evaluated:
    'stands in a block that runs text as code (`Invoke-Expression`, `[scriptblock]`, `eval`, `sh -c`, `trap`, bash arithmetic, `EXEC(...)`, `sp_executesql`...): a value could reach it and become code. Keep values out of such blocks.',
  unparsed:
    'stands in a block that does not parse (or is too large or too tangled to parse), so where it lands cannot be decided: fix the syntax, or split the block.',
};

/** Why a placeholder in `context` cannot be inserted, or undefined where a literal is safe. */
export function unsafePlacement(context: PlaceholderContext): string | undefined {
  return context === 'code' ? undefined : WHY[context];
}
