/** A test step that keeps a screenshot of how it ended, and when it fails the page's console and the server's log. */
import { it } from 'node:test';
import { extensionLog, type CodeServer } from './codeServer';
import type { Workbench } from './workbench';

export function stepsWithArtifacts(
  prefix: string,
  context: () => { workbench: Workbench; server: CodeServer },
  /** Run before each step's body, inside its artifacts (e.g. a fresh editor). */
  prepare?: () => Promise<void>,
) {
  return (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      const slug = `${prefix}-${name.replace(/\W+/g, '-')}`;
      try {
        await prepare?.();
        await body();
        await context().workbench.screenshot(slug);
      } catch (error) {
        const { workbench, server } = context();
        await workbench.screenshot(`${slug}-failure`);
        workbench.saveConsole(slug, server.log());
        if (error instanceof Error) {
          const output = (extensionLog(server) ?? '(no SMDR log found)')
            .trim()
            .split('\n')
            .slice(-15)
            .join('\n');
          error.message += `\n--- on screen ---\n${await workbench.describe()}\n--- extension output ---\n${output}`;
        }
        throw error;
      }
    });
}
