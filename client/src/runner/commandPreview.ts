/**
 * Show Command: a read-only document (scheme `smdr-step`) with what a step would run, built by
 * `preview.ts` from the runner's own texts, in the step's language; it follows the runbook as it is
 * edited and the settings that change what runs (dry run, remoting, SQL endpoints). The default
 * terminal profile changes nothing: a step's terminal has its own shell (executables.ts).
 */
import * as vscode from 'vscode';
import { config } from '../config';
import type { PlanStore } from '../plans';
import type { SqlTargets } from '../sqlTargets';
import { previewLanguage, previewName, stepPreview } from './preview';
import type { StepRef } from './runner';
import type { Cli } from './stepText';
import { localTools, type Tools } from './executables';

export const PREVIEW_SCHEME = 'smdr-step';

/** Which step a preview document shows: its runbook and the one-based lines of its scenario and step. */
interface Address {
  uri: string;
  scenarioLine: number;
  stepLine: number;
}

export function addressOf(uri: Pick<vscode.Uri, 'query'>): Address | undefined {
  try {
    const value: unknown = JSON.parse(uri.query);
    const a = value as Address;
    return typeof a?.uri === 'string' &&
      Number.isSafeInteger(a.scenarioLine) &&
      Number.isSafeInteger(a.stepLine)
      ? a
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What decides a step's text besides the runbook: the settings and the programs the terminal starts,
 * read when shown. Not the default terminal profile: the step's terminal has a shell of its own.
 */
export interface PreviewSettings {
  dryRun: boolean;
  remoting: boolean;
  localComputer: string;
  tools: Tools;
}

const currentSettings = (): PreviewSettings => ({
  dryRun: config.dryRun,
  remoting: config.remoting,
  localComputer: config.localComputer,
  tools: localTools(),
});

export class CommandPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly plans: PlanStore,
    private readonly targets: SqlTargets,
    private readonly cli: Cli,
    private readonly settings: () => PreviewSettings = currentSettings,
  ) {
    const refresh = () => {
      for (const document of vscode.workspace.textDocuments)
        if (document.uri.scheme === PREVIEW_SCHEME) this.changed.fire(document.uri);
    };
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this),
      plans.onDidChange(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('smdr') && refresh()),
    ];
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  async show({ plan, scenario, step }: StepRef): Promise<void> {
    const address: Address = { uri: plan.uri.toString(), scenarioLine: scenario.line, stepLine: step.line };
    const uri = vscode.Uri.from({
      scheme: PREVIEW_SCHEME,
      path: `/${previewName(step)}`,
      query: JSON.stringify(address),
    });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, previewLanguage(step));
    await vscode.window.showTextDocument(document, {
      preview: true,
      preserveFocus: false,
      viewColumn: vscode.ViewColumn.Beside,
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const address = addressOf(uri);
    if (!address) return vscode.l10n.t('This is no step of a runbook.');
    const runbook = vscode.Uri.parse(address.uri);
    const plan = await this.plans.plan(runbook);
    const scenario = plan?.scenarios.find((s) => s.line === address.scenarioLine);
    const step = scenario?.steps.find((s) => s.line === address.stepLine);
    if (!scenario || !step)
      return vscode.l10n.t(
        'This step is no longer on line {0} of {1}: show its command again from the runbook.',
        address.stepLine,
        vscode.workspace.asRelativePath(runbook),
      );
    const targets = step.language === 'tsql' ? await this.targets.of(runbook) : null;
    const settings = this.settings();
    return stepPreview({
      step,
      scenarioTitle: scenario.title,
      terminal: {
        platform: process.platform,
        shell: settings.tools.shell ?? '',
        dryRun: settings.dryRun,
        tools: settings.tools,
      },
      cli: this.cli,
      remoting: settings.remoting,
      localComputer: settings.localComputer,
      sqlTarget: (step.server && targets?.targets[step.server]) || null,
    }).text;
  }
}
