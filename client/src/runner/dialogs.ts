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
 * characters with a note of what was left out.
 */
export function statementDetail(
  target: string,
  statement: string,
  words: { target: string; statement: string; more: (lines: number) => string },
): string {
  const lines = statement.replace(/\n$/, '').split('\n');
  const shown: string[] = [];
  let characters = 0;
  for (const line of lines) {
    if (shown.length === SHOWN_LINES || characters + line.length > SHOWN_CHARACTERS) break;
    shown.push(terminalSafe(line.replace(/\r$/, '')));
    characters += line.length;
  }
  if (shown.length === 0) shown.push(terminalSafe(lines[0]!.slice(0, SHOWN_CHARACTERS)) + ' …');
  const left = lines.length - shown.length;
  return [
    `${words.target} ${terminalSafe(target)}`,
    '',
    words.statement,
    ...shown,
    ...(left > 0 ? [words.more(left)] : []),
  ].join('\n');
}
