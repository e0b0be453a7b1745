/**
 * The demo: VS Code (code-server) in the browser with the extension and the example runbooks.
 * `npm run demo` builds first; SMDR_DEMO_PORT picks the port (default 8080). Stop with Ctrl+C.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer } from '../test/e2e/codeServer';
import { ensureTools, ROOT } from '../test/e2e/tools';

async function main(): Promise<void> {
  ensureTools();
  const examples = join(ROOT, 'examples');
  const files = Object.fromEntries(
    readdirSync(examples).map((name) => [name, readFileSync(join(examples, name), 'utf8')]),
  );
  const server = await startCodeServer({ files, port: Number(process.env.SMDR_DEMO_PORT ?? 8080) });
  console.log(`\nsmdr demo: open ${server.url}\n(workspace: ${server.workspace}; Ctrl+C stops it)\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`smdr demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
