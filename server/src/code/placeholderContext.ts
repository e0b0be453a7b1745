/**
 * Where each `${...}` of a code block stands, decided by a real parser of the block's language:
 * tree-sitter's PowerShell and bash grammars, and the T-SQL lexer. A placeholder becomes a quoted
 * literal, which is safe only where a literal is a whole token of code: inside a string, comment,
 * here-string, heredoc, quoted identifier or after `--%` its quotes and text would land in something
 * else, and code that cannot be parsed around it cannot be judged at all.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { CommandLanguage } from '../domain/vocabulary';
import { syntaxTree } from './parsers';
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

/** Each placeholder of `text` (a code block's content), in order, with where it stands. */
export function placeholderContexts(language: CommandLanguage, text: string): PlacedPlaceholder[] {
  const found = [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (found.length === 0) return [];
  if (language === 'tsql') return tsqlContexts(text, found);
  const tree = syntaxTree(language, text);
  return found.map((p) => ({
    ...p,
    context: tree ? treeContext(language, tree.rootNode.descendantForIndex(p.start, p.end), p) : 'unparsed',
  }));
}

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

// A literal against a name (`abc${x}`, `${x}N`) would be read together with it.
const IDENTIFIER_CHAR = /[\w@#$]/;

const SAFE_NODE = { powershell: 'braced_variable', sh: 'expansion' } as const;

/** Commands that run their argument as code: a literal handed to them is code after all. */
const EVALUATORS = new Set(['invoke-expression', 'iex', 'eval']);

function treeContext(
  language: 'powershell' | 'sh',
  node: Node | null,
  placeholder: { start: number; end: number },
): PlaceholderContext {
  if (!node || node.type !== SAFE_NODE[language]) return unsafeContext(node) ?? 'joined';
  if (node.startIndex !== placeholder.start || node.endIndex !== placeholder.end) return 'joined';
  for (let up = node.parent; up; up = up.parent) {
    const context = unsafeContext(up);
    if (context) return context;
    if (language === 'sh' && up.type === 'expansion') return 'joined';
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
    'is handed to something that runs its argument as code (`Invoke-Expression`, `eval`, arithmetic): a value would become code.',
  unparsed:
    'stands in code that does not parse, so where it lands cannot be decided: fix the syntax around it.',
};

/** Why a placeholder in `context` cannot be inserted, or undefined where a literal is safe. */
export function unsafePlacement(context: PlaceholderContext): string | undefined {
  return context === 'code' ? undefined : WHY[context];
}
