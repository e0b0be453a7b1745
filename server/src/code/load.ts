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
    // V8 recompiles a WebAssembly function with its optimising compiler once it has run enough (its
    // tiering budget): for the grammars' huge lexers that is seconds of CPU on background threads,
    // which a process also waits for before it exits (a one-file `smdr check` took 5-30 s instead of
    // 0.2 s, on Node 20 and 24). A budget that is never spent keeps them on the baseline compiler,
    // which parses a runbook's code blocks fast enough. (--liftoff-only did it on Node 20, not 24.)
    setFlagsFromString('--wasm-tiering-budget=2147483647');
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
