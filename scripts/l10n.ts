/**
 * The English message bundle of the extension (`l10n/bundle.l10n.json`, what translators start from):
 * every `vscode.l10n.t('...')` message of client/src, found with the TypeScript compiler's own parser.
 * `npx tsx scripts/l10n.ts` rewrites it; test/unit/l10n.test.ts checks that it is current.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
export const BUNDLE = join(ROOT, 'l10n', 'bundle.l10n.json');

/** Each message of `vscode.l10n.t(...)` in the client, and where a call passes something else than a literal. */
export function extractMessages(): { messages: string[]; notLiteral: string[] } {
  const messages = new Set<string>();
  const notLiteral: string[] = [];
  const folder = join(ROOT, 'client', 'src');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files.sort()) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(folder, file), 'utf8'),
      ts.ScriptTarget.Latest,
    );
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 't' &&
        node.expression.expression.getText(source).endsWith('l10n')
      ) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)))
          messages.add(first.text);
        else {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          notLiteral.push(`client/src/${file}:${line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages: [...messages].sort(), notLiteral };
}

export function bundleText(messages: readonly string[]): string {
  return `${JSON.stringify(Object.fromEntries(messages.map((m) => [m, m])), null, 2)}\n`;
}

if (require.main === module) {
  const { messages, notLiteral } = extractMessages();
  for (const place of notLiteral) console.error(`l10n: not a string literal at ${place}`);
  writeFileSync(BUNDLE, bundleText(messages));
  console.log(`l10n: ${messages.length} messages in ${BUNDLE}`);
  if (notLiteral.length) process.exitCode = 1;
}
