/**
 * Which files a Node process loaded: a preload (`node -r`) writes the keys of `require.cache` when
 * the process exits. The bundles are CommonJS, and a CommonJS file loaded by `import()` is listed too.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER, TestClient } from '../lsp/client';

export interface ModuleRecorder {
  /** Node arguments to put before the script. */
  nodeArgs: string[];
  /** The files loaded, once the process has exited. */
  loaded(): string[];
}

export function recordModules(): ModuleRecorder {
  const folder = mkdtempSync(join(tmpdir(), 'smdr-modules-'));
  const hook = join(folder, 'record.cjs');
  const list = join(folder, 'loaded.json');
  writeFileSync(
    hook,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  return {
    nodeArgs: ['-r', hook],
    loaded: () => JSON.parse(readFileSync(list, 'utf8')) as string[],
  };
}

/** dist/server.js started under the recorder, initialised, with `text` open at `uri` and validated. */
export async function recordedServer(
  uri: string,
  text: string,
): Promise<{ client: TestClient; loaded: () => string[] }> {
  const modules = recordModules();
  const client = new TestClient(process.execPath, [...modules.nodeArgs, SERVER, '--stdio']);
  await client.initialize();
  await client.open(uri, text);
  return { client, loaded: modules.loaded };
}
