/**
 * Characters that show as nothing, or reorder what is shown around them: every default-ignorable code
 * point (zero-width characters, joiners, variation selectors, Hangul fillers, tag characters, and the
 * bidirectional controls among them), the line and paragraph separators, the braille blank and the interlinear
 * annotation and object replacement characters. A "Trojan Source" runbook uses them to make a value
 * or a command read differently from what runs. One definition for the rule that reports them
 * (SMDR006), the literals that refuse them in a value and the renderer that refuses them in a code
 * block whatever the rule's setting, and the terminal text that shows them escaped.
 */

/** The body of a character class of them, for patterns that look for more than these. */
export const HIDDEN_CLASS = String.raw`\p{Default_Ignorable_Code_Point}\u2028\u2029\u2800\uFFF9-\uFFFC`;

/** Runs of adjacent hidden characters. A single character class, so linear on any text. */
// eslint-disable-next-line regexp/no-super-linear-move -- nothing follows the run: each start is tried once and a match runs to the run's end
export const HIDDEN_RUNS = new RegExp(`[${HIDDEN_CLASS}]+`, 'gu');

const ONE_HIDDEN = new RegExp(`[${HIDDEN_CLASS}]`, 'u');

const EACH_HIDDEN = new RegExp(`[${HIDDEN_CLASS}]`, 'gu');

/**
 * `text` with each hidden character written as its code point (`\u202e`, `\u{e0072}`): for messages
 * that quote runbook text, which the editor would otherwise show as it is, reordered or invisible.
 */
export function showHidden(text: string): string {
  return text.replace(EACH_HIDDEN, (c) => {
    const code = c.codePointAt(0)!.toString(16);
    return code.length > 4 ? `\\u{${code}}` : `\\u${code.padStart(4, '0')}`;
  });
}

/** The first hidden character of `text`, if any. */
export function firstHidden(text: string): string | undefined {
  return ONE_HIDDEN.exec(text)?.[0];
}

const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0xfffc: 'OBJECT REPLACEMENT CHARACTER',
  0xe0001: 'LANGUAGE TAG',
  0xe007f: 'CANCEL TAG',
};

/** The tag characters U+E0000–U+E007F: U+E0020–U+E007E mirror printable ASCII, spelling out hidden text. */
export const FIRST_TAG = 0xe0000;
const LAST_TAG = 0xe007f;

/** `U+202E RIGHT-TO-LEFT OVERRIDE`: a hidden character by its code point and, where known, its name. */
export function hiddenName(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const name =
    NAMES[code] ??
    (code >= FIRST_TAG && code <= LAST_TAG
      ? 'TAG CHARACTER'
      : (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef)
        ? 'VARIATION SELECTOR'
        : 'INVISIBLE CHARACTER');
  return `U+${hex} ${name}`;
}
