import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/service';
import { CONTOSO, edit, findings } from '../helpers';

const withoutPacks = edit(CONTOSO, "managementPacks: '\\\\vault01\\dr\\mp'\n", '');
const sqlBackupless = edit(
  CONTOSO,
  "ServiceManager: '\\\\vault01\\dr\\sql\\ServiceManager.bak'",
  'ServiceManager:',
);

describe('suppression comments', () => {
  it('smdr-disable before the first heading covers the front matter', () => {
    const text = edit(withoutPacks, '# Contoso', '<!-- smdr-disable SMDR117 -->\n\n# Contoso');
    assert.equal(findings(withoutPacks, 'SMDR117').length, 1);
    assert.equal(findings(text, 'SMDR117').length, 0);
  });

  it('accepts slugs and lists', () => {
    const text = edit(
      withoutPacks,
      '# Contoso',
      '<!-- smdr-disable management-packs-missing, SMDR116 -->\n\n# Contoso',
    );
    assert.equal(findings(text, 'SMDR117').length, 0);
  });

  it('smdr-disable-next-line in the front matter', () => {
    const text = edit(
      sqlBackupless,
      '      ServiceManager:',
      '      # smdr-disable-next-line SMDR116\n      ServiceManager:',
    );
    assert.equal(findings(sqlBackupless, 'SMDR116').length, 1);
    assert.equal(findings(text, 'SMDR116').length, 0);
  });

  it('disable and enable delimit a region of the body', () => {
    const broken = edit(
      edit(CONTOSO, '{step=enable-clr}', '{step=enable-clrr}', 0),
      '{step=enable-clr}',
      '{step=enable-clrr}',
      0,
    );
    assert.equal(findings(broken, 'SMDR301').length, 2);
    const region = edit(broken, '## SQL02 fails', '<!-- smdr-enable -->\n\n## SQL02 fails');
    const disabled = edit(region, '## SQL01 fails', '<!-- smdr-disable SMDR301 -->\n## SQL01 fails');
    const left = findings(disabled, 'SMDR301');
    assert.equal(left.length, 1);
    assert.ok(left[0]!.range.start.line > disabled.split('\n').findIndex((l) => l.startsWith('## SQL02')));
  });

  it('a disable for another code changes nothing', () => {
    const text = edit(withoutPacks, '# Contoso', '<!-- smdr-disable SMDR999 -->\n\n# Contoso');
    assert.equal(findings(text, 'SMDR117').length, 1);
  });

  it('settings turn a rule off or change its severity', () => {
    // Without `managementPacks` the export step cannot be generated either (SMDR317), which stays.
    const packs = (overrides: Parameters<typeof analyze>[1]) =>
      analyze(withoutPacks, overrides).findings.filter((f) => f.rule.code === 'SMDR117');
    assert.equal(packs({ SMDR117: 'off' }).length, 0);
    assert.equal(packs({ SMDR117: 'error' })[0]!.severity, 'error');
  });
});
