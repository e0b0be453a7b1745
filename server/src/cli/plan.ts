/** `smdr plan`: each scenario's steps, where they run and the command each runs. */
import { parseArgs } from 'node:util';
import { planRunbook, type PlannedScenario } from '../stepScripts/plan';
import { parseRunbook } from '../runbook/parse';
import type { Output } from './check';
import { readRunbookFile } from './files';
import { jsonText, terminalSafe } from './terminalText';
import { oneRunbook, textOrJson } from './usage';

export function plan(args: string[], out: Output): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'text' },
      'local-computer': { type: 'string' },
      'no-remoting': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  textOrJson(values.format);
  const file = oneRunbook(positionals, 'plan [--format text|json] RUNBOOK');
  const scenarios = planRunbook(parseRunbook(readRunbookFile(file)), {
    remoting: !values['no-remoting'],
    localComputer: values['local-computer'],
  });
  out.stdout(values.format === 'json' ? jsonText({ file, scenarios }) : planText(file, scenarios));
  const errors = scenarios.flatMap((s) => s.steps).filter((s) => s.error);
  if (errors.length) out.stderr(`${errors.length} step(s) have no command: see the errors above.`);
  return errors.length ? 1 : 0;
}

function planText(file: string, scenarios: PlannedScenario[]): string {
  const lines = [file];
  for (const s of scenarios) {
    const facts = [s.scenario, s.strategy, s.failed && `failed ${s.failed}`, s.target && `target ${s.target}`]
      .filter(Boolean)
      .join(', ');
    lines.push('', `${s.title} (${facts}), line ${s.line}`);
    s.steps.forEach((step, index) => {
      const tags = [
        step.language,
        step.generated ? 'generated' : step.command ? 'own command' : undefined,
        step.destructive ? 'DESTRUCTIVE' : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `  ${index + 1}. ${step.title} {${step.kind}} on ${step.server ?? 'the operator'}${tags ? ` [${tags}]` : ''}, line ${step.line}`,
      );
      if (step.error) lines.push(`     cannot run: ${step.error}`);
      for (const commandLine of (step.command ?? (step.kind === 'manual' ? '(done by hand)' : '')).split(
        '\n',
      ))
        if (commandLine) lines.push(`     ${commandLine}`);
    });
  }
  // Titles, values and commands come from the runbook: one printed line stays one line.
  return lines.map(terminalSafe).join('\n');
}
