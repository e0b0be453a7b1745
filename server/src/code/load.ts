/**
 * Loads the tree-sitter runtime and the PowerShell and bash grammars from their WASM files: beside
 * the bundle in `dist/` (esbuild copies them there), or from the package when run from source.
 */
import { Language, Parser } from '@vscode/tree-sitter-wasm';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { codeParsersRegistered, registerCodeParsers } from './parsers';

const RUNTIME = 'tree-sitter.wasm';

function wasmFolder(): string {
  if (existsSync(path.join(__dirname, RUNTIME))) return __dirname;
  // From source (tests, tsx): the package's own folder. A name in a variable keeps esbuild from
  // bundling the lookup, which only runs where the bundle's copies are absent.
  const name = '@vscode/tree-sitter-wasm';
  return path.dirname(require.resolve(name));
}

let loading: Promise<void> | undefined;

export function loadCodeParsers(): Promise<void> {
  if (codeParsersRegistered()) return Promise.resolve();
  loading ??= (async () => {
    const folder = wasmFolder();
    await Parser.init({ locateFile: () => path.join(folder, RUNTIME) });
    const [powershell, sh] = await Promise.all(
      ['tree-sitter-powershell.wasm', 'tree-sitter-bash.wasm'].map((file) =>
        Language.load(readFileSync(path.join(folder, file))),
      ),
    );
    registerCodeParsers({ parser: new Parser(), powershell: powershell!, sh: sh! });
  })();
  return loading;
}
