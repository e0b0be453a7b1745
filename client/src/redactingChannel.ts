/**
 * The language client's trace, written to the SMDR log without passwords. A refresh of the live state
 * sends each SQL password in its request's params, and vscode-jsonrpc's verbose trace writes params
 * (and results) as JSON: every `"password"` member's value is replaced before the text reaches the
 * log, whatever the password holds (JSON escapes its quotes, backslashes and control characters, so a
 * JSON string ends at the first unescaped quote). `smdr.trace.server` is a machine setting, restricted
 * in untrusted workspaces: a workspace cannot turn the trace on; this covers the operator who does.
 */
import type * as vscode from 'vscode';

/** A JSON member whose name holds `password` (any case), its value a string as JSON writes one. */
const PASSWORD_MEMBER = /("[^"\\]*password[^"\\]*")(\s*):(\s*)"(?:[^"\\]|\\.)*"/gi;

export const REDACTED = '(redacted)';

/** `text` with the value of every JSON password string member replaced by {@link REDACTED}. */
export function redactPasswords(text: string): string {
  return text.replace(PASSWORD_MEMBER, `$1$2:$3"${REDACTED}"`);
}

/** `channel`, writing every text redacted; disposing it leaves `channel` open (its owner disposes it). */
export function redactingChannel(channel: vscode.OutputChannel): vscode.OutputChannel {
  return {
    get name() {
      return channel.name;
    },
    append: (value) => channel.append(redactPasswords(value)),
    appendLine: (value) => channel.appendLine(redactPasswords(value)),
    replace: (value) => channel.replace(redactPasswords(value)),
    clear: () => channel.clear(),
    show: (columnOrFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean) =>
      typeof columnOrFocus === 'boolean'
        ? channel.show(columnOrFocus)
        : channel.show(columnOrFocus, preserveFocus),
    hide: () => channel.hide(),
    dispose: () => undefined,
  };
}
