/** A step's own code block, with its `${...}` placeholders replaced by quoted literals of its language. */
import { placeholderContexts, unsafePlacement } from '../code/placeholderContext';
import { PLACEHOLDER_AT } from '../code/placeholderText';
import { firstHidden, hiddenName } from '../runbook/hiddenCharacters';
import type { CodeBlock, Runbook, Section } from '../runbook/model';
import { languageOf } from '../runbook/parse';
import { resolvePlaceholder } from '../runbook/placeholders';
import type { Generated } from './generate';
import { RenderError } from './generate';
import { literal, QuoteError } from './quote';

export function renderCodeBlock(
  runbook: Runbook,
  section: Section | undefined,
  command: CodeBlock,
): Generated {
  const language = languageOf(command);
  if (!language)
    throw new RenderError(
      `\`${command.fence.info || 'no language'}\` code cannot be run: use powershell, sql or sh.`,
    );
  // The very text SMDR316 judged (and the parse it cached); the last line break goes at the end.
  const content = command.fence.content;
  // SMDR006 may be turned off or suppressed by whoever wrote the runbook: the block still does not run.
  const hidden = firstHidden(command.fence.info) ?? firstHidden(content);
  if (hidden)
    throw new RenderError(
      `the code block holds a hidden character (${hiddenName(hidden.codePointAt(0)!)}): it would run otherwise than it reads.`,
    );
  let text = '';
  let done = 0;
  // The same parse as SMDR316: a placeholder is inserted only where a literal is a whole token.
  for (const { start, end, context } of placeholderContexts(language, content)) {
    PLACEHOLDER_AT.lastIndex = start;
    const path = (PLACEHOLDER_AT.exec(content)?.[1] ?? '').trim();
    const unsafe = unsafePlacement(context);
    if (unsafe) throw new RenderError(`\${${path}} ${unsafe}`);
    const resolution = resolvePlaceholder(runbook, path, section);
    if (!resolution.ok) throw new RenderError(`\${${path}} names nothing: ${resolution.reason}`);
    try {
      text += content.slice(done, start) + literal(language, resolution.value, `\${${path}}`);
    } catch (error) {
      throw error instanceof QuoteError ? new RenderError(error.message) : error;
    }
    done = end;
  }
  return { language, text: (text + content.slice(done)).replace(/\r?\n$/, '') };
}
