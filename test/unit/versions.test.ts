import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  SCSM_VERSIONS,
  clrStrictSecurityApplies,
  describeSqlServers,
  fullTextSearchRequired,
  parseProductVersion,
  supportedSqlRelease,
  versionFacts,
} from '../../server/src/domain/versions';

test('versions: supported SQL Server releases per Service Manager version, as the requirements pages say', () => {
  assert.equal(describeSqlServers('2016'), 'SQL Server 2014, 2016');
  assert.equal(describeSqlServers('2019'), 'SQL Server 2016, 2017, 2019 CU8 or later');
  assert.equal(describeSqlServers('2022'), 'SQL Server 2017, 2019 CU8 or later');
  assert.match(
    describeSqlServers('2025'),
    /^SQL Server 2019 CU8 or later, 2022, 2025 \(supported from Service Manager 2025 Update Rollup 1\)$/,
  );
  assert.equal(supportedSqlRelease('2022', [15, 0, 4073, 23])?.name, '2019');
  assert.equal(
    supportedSqlRelease('2022', [15, 0, 2000, 5]),
    undefined,
    'SQL Server 2019 RTM is not supported',
  );
  assert.equal(
    supportedSqlRelease('2022', [13, 0, 5026, 0]),
    undefined,
    'SQL Server 2016 is not supported by 2022',
  );
  assert.equal(supportedSqlRelease('2016', [13, 0, 5026, 0])?.name, '2016');
  assert.equal(supportedSqlRelease('2025', [16, 0, 1000, 6])?.name, '2022');
});

test('versions: CLR strict security and full-text search apply from 2019; every fact cites its page', () => {
  assert.deepEqual(
    SCSM_VERSIONS.map((v) => [clrStrictSecurityApplies(v), fullTextSearchRequired(v)]),
    [
      [false, false],
      [true, true],
      [true, true],
      [true, true],
    ],
  );
  for (const v of SCSM_VERSIONS) {
    assert.equal(versionFacts(v).source.path, `SystemCenterDocs/includes/system-reqs-sm-${v}.md`);
    assert.match(versionFacts(v).source.url, new RegExp(`^https://learn\\.microsoft\\.com/.*sc-sm-${v}$`));
  }
});

test('versions: a hostile ProductVersion is no version, a well-formed one round-trips', () => {
  for (const bad of [
    '',
    '15',
    '15.0',
    'x.0.1.2',
    '15.0.4073.23; DROP',
    '1'.repeat(20_000),
    '15.0.4073.23.1',
  ]) {
    assert.equal(parseProductVersion(bad), undefined, JSON.stringify(bad.slice(0, 40)));
  }
  fc.assert(
    fc.property(fc.tuple(fc.nat(99999), fc.nat(99999), fc.nat(999999), fc.nat(999999)), (parts) => {
      assert.deepEqual(parseProductVersion(parts.join('.')), parts);
    }),
  );
});
