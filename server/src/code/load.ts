/**
 * Loads the tree-sitter runtime and the PowerShell and bash grammars from their WASM files: beside
 * the bundle in `dist/` (esbuild copies them there), or from the package when run from source.
 */
import { Language, Parser } from '@vscode/tree-sitter-wasm';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
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
    // V8 would recompile the grammars' huge lexer functions with its optimising compiler once they run
    // hot: seconds of CPU on background threads, which a process also waits for before it exits (a
    // one-file `smdr check` took 12 s instead of 0.2 s). The baseline compiler parses a runbook's code
    // blocks fast enough. Set before the modules compile.
    setFlagsFromString('--liftoff-only');
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
