/** A test step that, when it fails, keeps a screenshot, the page's console and the server's log as artifacts. */
import { it } from 'node:test';
import type { CodeServer } from './codeServer';
import type { Workbench } from './workbench';

export function stepsWithArtifacts(
  prefix: string,
  context: () => { workbench: Workbench; server: CodeServer },
) {
  return (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        const { workbench, server } = context();
        const slug = `${prefix}-${name.replace(/\W+/g, '-')}`;
        await workbench.screenshot(`${slug}-failure`);
        workbench.saveConsole(slug, server.log());
        throw error;
      }
    });
}
