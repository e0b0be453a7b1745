/**
 * The extension's rooms: it reaches the server's code through one module, server/src/api.ts (every
 * import of client/src that lands in server/src lands there), and reads its settings in one,
 * client/src/config.ts. Sources are read by TypeScript's own parser (imports, re-exports, `import()`
 * types and calls; calls by name), not by a pattern over the text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers';

const CLIENT = join(ROOT, 'client', 'src');
const SERVER = join(ROOT, 'server', 'src');

/** Every module specifier a TypeScript source names. */
function specifiers(text: string): string[] {
  const source = ts.createSourceFile('source.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      found.push((node.argument.literal as ts.StringLiteral).text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The names of the methods a TypeScript source calls (`a.b.getConfiguration(...)` → getConfiguration). */
function calledMethods(text: string): string[] {
  const source = ts.createSourceFile('source.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression))
      found.push(node.expression.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = readdirSync(CLIENT, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replaceAll('\\', '/'));

describe('the client boundary', () => {
  it('client/src imports server/src only through server/src/api.ts', () => {
    assert.ok(files.length > 10, 'the client sources were found');
    const crossing = files.flatMap((file) =>
      specifiers(readFileSync(join(CLIENT, file), 'utf8'))
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(SERVER, resolve(dirname(join(CLIENT, file)), s)))
        .filter((inServer) => !inServer.startsWith('..') && inServer !== 'api')
        .map((inServer) => `client/src/${file} imports server/src/${inServer}`),
    );
    assert.deepEqual(crossing, []);
  });

  it('sees every kind of import (so the check above cannot pass by missing one)', () => {
    const text = [
      "import { a } from './one';",
      "import type { B } from './two';",
      "export { c } from './three';",
      "type D = import('./four').D;",
      "const e = import('./five');",
      "// import { f } from './not-code';",
    ].join('\n');
    assert.deepEqual(specifiers(text), ['./one', './two', './three', './four', './five']);
  });

  it('only client/src/config.ts reads the configuration', () => {
    const reading = files.filter((f) =>
      calledMethods(readFileSync(join(CLIENT, f), 'utf8')).includes('getConfiguration'),
    );
    assert.deepEqual(reading, ['config.ts']);
    // The outer call first: `.get(...)` holds `.getConfiguration(...)`.
    assert.deepEqual(calledMethods("vscode.workspace.getConfiguration('smdr').get('x');"), [
      'get',
      'getConfiguration',
    ]);
  });
});
