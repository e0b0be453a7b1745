/** SMDR006: invisible and bidirectional characters where text becomes a value or a command (rules/hiddenCharacters.ts). */
import { joinLines } from '../../markers';
import type { NearMiss, RuleCase } from './case';
import { ESTATE, runbook } from './estate';

const DW01 = [
  '## DW01 fails {scenario=data-warehouse failed=DW01 strategy=replace}',
  '### Same computer name {step=same-name-computer}',
];
/** DW01's section with a custom step running `lines` in PowerShell. */
const custom = (...lines: string[]) =>
  runbook(...DW01, '### Check {step=custom}', '```powershell', ...lines, '```');
/** The estate with `line` put in the front matter, before its closing `---`. */
const inFrontMatter = (line: string) =>
  joinLines(...ESTATE.slice(0, -2), line, ...ESTATE.slice(-2), '## Notes', '');

export const cases: RuleCase[] = [
  {
    // Trojan Source: the override makes the comment look as if it ended the string.
    name: 'a right-to-left override between quotes in a code block',
    code: 'SMDR006',
    severity: 'error',
    doc: custom("if ($role -eq 'user⟦\u202E⟧ ⟦\u2066⟧// check admin⟦\u2069⟧ ⟦\u2066⟧') { Write-Output 'x' }"),
  },
  {
    name: 'an isolate in a front-matter value',
    code: 'SMDR006',
    doc: inFrontMatter("title: 'Lab ⟦\u2066⟧recovery'"),
  },
  {
    name: 'a zero width space in a front-matter key',
    code: 'SMDR006',
    doc: inFrontMatter('obj⟦\u200B⟧ectives: { rpo: 24h }'),
  },
  {
    name: 'a mark in a YAML comment',
    code: 'SMDR006',
    doc: inFrontMatter('# keys live on nas01 ⟦\u200F⟧'),
  },
  {
    name: 'a run of adjacent characters, reported once',
    code: 'SMDR006',
    doc: custom('Write-Output ⟦\u202D\u2067\u2069\u202C⟧done'),
  },
  {
    name: 'tag characters that spell out text nobody sees',
    code: 'SMDR006',
    doc: custom(
      `Write-Output 'ok'⟦${[...'; rm -rf'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}⟧`,
    ),
  },
  {
    name: 'a byte order mark inside a command',
    code: 'SMDR006',
    doc: custom('Remove-Item ⟦\uFEFF⟧C:\\temp'),
  },
  {
    name: 'a soft hyphen in the language of a fence',
    code: 'SMDR006',
    doc: runbook(...DW01, '### Check {step=custom}', '```power⟦\u00AD⟧shell', "Write-Output 'x'", '```'),
  },
  {
    name: 'a zero width joiner in a step attribute',
    code: 'SMDR006',
    doc: runbook(...DW01, "### Restore DW01's key {step=restore-key server=DW⟦\u200D⟧01}"),
  },
  {
    name: 'an Arabic letter mark in a scenario heading attribute',
    code: 'SMDR006',
    doc: runbook('## DW01 fails {scenario=data-warehouse failed=DW01⟦\u061C⟧ strategy=replace}'),
  },
  {
    name: 'in a step outside any scenario section',
    code: 'SMDR006',
    doc: runbook('### Check {step=custom}', '```sh', 'echo ⟦\u2060⟧x', '```'),
  },
];

export const nearMisses: NearMiss[] = [
  {
    // Right-to-left languages need their marks in prose and titles: nothing there becomes a command.
    name: 'right-to-left marks in Hebrew and Arabic prose and a heading title',
    code: 'SMDR006',
    doc: runbook(
      '## \u200Fשחזור DW01\u200F {scenario=data-warehouse failed=DW01 strategy=replace}',
      '',
      'שלב ראשון\u200F: בדקו את השרת. \u200Fمرحبا بكم\u200F، ثم أعيدوا التشغيل\u061C.',
      'Zero\u200Bwidth, soft\u00ADhyphen and \u2066isolated\u2069 prose is prose.',
      '',
      '### \u200Fאותו שם מחשב {step=same-name-computer}',
      'הוראות\u200F בלבד.',
    ),
  },
  {
    name: 'a byte order mark at the very start of the file',
    code: 'SMDR006',
    doc: `\uFEFF${runbook()}`,
  },
  {
    name: 'a code block outside any step',
    code: 'SMDR006',
    doc: runbook('# Notes', '```powershell', "Write-Output '\u202E'", '```'),
  },
];
