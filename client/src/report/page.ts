/**
 * The page of the drill report and journal views: a webview document with no script at all (the
 * webview is created without scripts, and the Content Security Policy allows none), nothing loaded
 * from anywhere, and one style element allowed by its nonce, in the editor's theme colours.
 */
import { escapeHtml } from '../../../server/src/api';

const STYLE = `
body { font: var(--vscode-font-size) / 1.4 var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em 2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: var(--vscode-editorWidget-background); }
tr.failed td, tr.not-run td, tr.unfinished td { background: var(--vscode-inputValidation-errorBackground, #f002); }
pre { white-space: pre-wrap; font-family: var(--vscode-editor-font-family); margin: 0.3em 0; }
.zone { color: var(--vscode-descriptionForeground); }
`;

/** A whole page around `body` (HTML already escaped by its builder), with its title and a line under it. */
export function webviewPage(title: string, subtitle: string, body: string, nonce: string): string {
  if (!/^[\w+/=-]{16,}$/.test(nonce)) throw new Error('a nonce is at least 16 base64 or hex characters');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; script-src 'none'; form-action 'none'; frame-src 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="zone">${escapeHtml(subtitle)}</p>
${body}
</body></html>
`;
}
