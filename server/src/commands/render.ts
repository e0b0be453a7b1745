/** A step's own code block, with its `${...}` placeholders replaced by quoted literals of its language. */
import type { Command, Runbook, Section } from '../runbook/model';
import { languageOf, PLACEHOLDER } from '../runbook/parse';
import { resolvePlaceholder } from '../runbook/placeholders';
import type { Generated } from './generate';
import { RenderError } from './generate';
import { literal, QuoteError } from './quote';

export function renderCodeBlock(runbook: Runbook, section: Section | undefined, command: Command): Generated {
  const language = languageOf(command);
  if (!language)
    throw new RenderError(
      `\`${command.fence.info || 'no language'}\` code cannot be run: use powershell, sql or sh.`,
    );
  const text = command.fence.content
    .replace(/\r?\n$/, '')
    .replace(new RegExp(PLACEHOLDER.source, 'g'), (_match, raw: string) => {
      const path = raw.trim();
      const resolution = resolvePlaceholder(runbook, path, section);
      if (!resolution.ok) throw new RenderError(`\${${path}} names nothing: ${resolution.reason}`);
      try {
        return literal(language, resolution.value, `\${${path}}`);
      } catch (error) {
        throw error instanceof QuoteError ? new RenderError(error.message) : error;
      }
    });
  return { language, text };
}
