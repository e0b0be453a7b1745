/**
 * Hover texts: short paragraphs, and runbook text that stays text (escaped, or a code span).
 * A description written as one run of sentences becomes one paragraph per sentence, so that a hover
 * reads as a few short blocks instead of one long line; code spans are never split, nor "e.g.".
 */
const ABBREVIATIONS = ['e.g.', 'i.e.', 'etc.', 'vs.'];

export function paragraphs(text: string): string {
  const sentences: string[] = [];
  let start = 0;
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') inCode = !inCode;
    if (inCode || c !== '.' || text[i + 1] !== ' ' || !/[A-Z`*[]/.test(text[i + 2] ?? '')) continue;
    const sentence = text.slice(start, i + 1);
    if (ABBREVIATIONS.some((a) => sentence.endsWith(` ${a}`) || sentence === a)) continue;
    sentences.push(sentence.trim());
    start = i + 2;
  }
  sentences.push(text.slice(start).trim());
  return sentences.filter(Boolean).join('\n\n');
}

/**
 * Runbook text shown inline in Markdown text: every character that could open emphasis, a link, an
 * image, code, HTML or an entity is escaped (the text never starts a line, so list and heading
 * markers need no escape).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>&~#|]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}

/** Runbook text shown as a code span: fenced by more backticks than any run inside it. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.trim() === '' ? ' ' : '';
  return `${fence}${pad}${text.replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}
