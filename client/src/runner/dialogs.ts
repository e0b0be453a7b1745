/**
 * The runner's safety questions, as data: VS Code's modal dialog makes its first button that is not the
 * close affordance the primary one (focused, so Enter picks it), and adds a Cancel button of its own when
 * no item is the close affordance. So the first item is a Cancel that is not the close affordance: a
 * reflexive Enter runs nothing; then the action; then a Close that is the close affordance (Escape, the
 * dialog's ×). Only the action item confirms.
 */
import { terminalSafe } from '../../../server/src/api';

export interface DialogItem {
  title: string;
  isCloseAffordance: boolean;
  confirms: boolean;
}

export interface SafetyDialog {
  message: string;
  detail: string | undefined;
  items: DialogItem[];
}

/** The localised labels of the two items that do not confirm. */
export interface DialogLabels {
  cancel: string;
  close: string;
}

export function safetyDialog(
  message: string,
  action: string,
  labels: DialogLabels,
  detail?: string,
): SafetyDialog {
  return {
    message,
    detail,
    items: [
      { title: labels.cancel, isCloseAffordance: false, confirms: false },
      { title: action, isCloseAffordance: false, confirms: true },
      { title: labels.close, isCloseAffordance: true, confirms: false },
    ],
  };
}

/** How much of a statement a dialog shows; Show Command shows all of it. */
export const SHOWN_LINES = 20;
export const SHOWN_CHARACTERS = 2000;

/**
 * The detail of a destructive step's question: what it acts on and the statement it runs, each line with
 * its control and bidirectional characters escaped, cut after SHOWN_LINES lines or SHOWN_CHARACTERS
 * characters with a note of what was left out: the lines left, and on a line cut short, how many of
 * its characters (code past the cut is code the operator did not see).
 */
export function statementDetail(
  target: string,
  statement: string,
  words: {
    target: string;
    statement: string;
    more: (lines: number) => string;
    cut: (characters: number) => string;
  },
): string {
  const lines = statement.replace(/\n$/, '').split('\n');
  const shown: string[] = [];
  let characters = 0;
  for (const raw of lines) {
    if (shown.length === SHOWN_LINES || characters === SHOWN_CHARACTERS) break;
    const line = raw.replace(/\r$/, '');
    const room = SHOWN_CHARACTERS - characters;
    if (line.length <= room) {
      shown.push(terminalSafe(line));
      characters += line.length;
      continue;
    }
    // Not half a surrogate pair at the cut.
    const kept = /[\uD800-\uDBFF]$/.test(line.slice(0, room)) ? room - 1 : room;
    shown.push(`${terminalSafe(line.slice(0, kept))} ${words.cut(line.length - kept)}`);
    characters = SHOWN_CHARACTERS;
  }
  const left = lines.length - shown.length;
  return [
    `${words.target} ${terminalSafe(target)}`,
    '',
    words.statement,
    ...shown,
    ...(left > 0 ? [words.more(left)] : []),
  ].join('\n');
}
