/** Offsets, lines and ranges of one runbook text. Ranges are zero-based, in UTF-16 code units, as LSP wants them. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';

export type { Position, Range };

/**
 * The text as the parsers read it. A byte order mark (which an editor may keep) would hide the front
 * matter's first `---`, so it is dropped: only positions on the first line move, by one. A lone CR
 * ends a line for LSP and for markdown-it but not for the YAML parser, so it becomes a LF: same
 * length, same lines, so every offset and position stays the editor's.
 */
function readable(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r(?!\n)/g, '\n');
}

export class SourceText {
  private readonly document: TextDocument;
  readonly text: string;

  constructor(text: string) {
    this.text = readable(text);
    this.document = TextDocument.create('smdr:source', 'markdown', 0, this.text);
  }

  get lineCount(): number {
    return this.document.lineCount;
  }

  positionAt(offset: number): Position {
    return this.document.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.document.offsetAt(position);
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** The text of a line, without its line break. */
  lineText(line: number): string {
    const start = this.document.offsetAt({ line, character: 0 });
    const next =
      line + 1 < this.lineCount ? this.document.offsetAt({ line: line + 1, character: 0 }) : this.text.length;
    return this.text.slice(start, next).replace(/\r\n$|[\r\n]$/, '');
  }

  /** The range of a line's text (not its line break). */
  lineRange(line: number): Range {
    return { start: { line, character: 0 }, end: { line, character: this.lineText(line).length } };
  }

  /** From the start of `startLine` to the end of the text of `endLine` (inclusive). */
  linesRange(startLine: number, endLine: number): Range {
    return {
      start: { line: startLine, character: 0 },
      end: { line: endLine, character: this.lineText(endLine).length },
    };
  }

  /** The start of `line`, or the end of the text when the line is past the last one. */
  startOfLine(line: number): Position {
    if (line < this.lineCount) return { line, character: 0 };
    const last = this.lineCount - 1;
    return { line: last, character: this.lineText(last).length };
  }

  slice(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}

export function contains(range: Range, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The same range `by` lines further down (a part of the text reused where it now stands). */
export function shiftRange(range: Range, by: number): Range {
  return {
    start: { line: range.start.line + by, character: range.start.character },
    end: { line: range.end.line + by, character: range.end.character },
  };
}
