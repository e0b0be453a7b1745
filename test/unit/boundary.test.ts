/**
 * The lint boundary of the pure core: an I/O import is an error everywhere in server/src except the
 * listed edge files, and vscode is an error in all of server/src.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers';

const eslint = new ESLint({ cwd: ROOT });

async function restricted(filePath: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const FS = "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n";
const VSCODE = "import * as vscode from 'vscode';\nexport const v = vscode;\n";

describe('the pure core boundary', () => {
  for (const file of [
    'server/src/report/probe.ts',
    'server/src/live/judgeMore.ts',
    'server/src/journal/progressMore.ts',
    'server/src/code/more.ts',
    'server/src/restore/more.ts',
    'server/src/rules/more.ts',
    'server/src/service.ts',
  ])
    it(`refuses I/O in ${file}`, async () => {
      assert.match((await restricted(file, FS)).join('\n'), /pure core does no I\/O/);
    });

  for (const file of [
    'server/src/live/probeFiles.ts',
    'server/src/journal/writer.ts',
    'server/src/cli/files.ts',
  ])
    it(`allows I/O in the edge ${file}`, async () => {
      assert.deepEqual(await restricted(file, FS), []);
    });

  for (const file of ['server/src/server.ts', 'server/src/live/probeSql.ts', 'server/src/runbook/parse.ts'])
    it(`refuses vscode in ${file}`, async () => {
      assert.equal((await restricted(file, VSCODE)).length, 1);
    });
});
