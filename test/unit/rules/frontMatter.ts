/** SMDR001–005: the front matter as YAML, its schema, and its versions (rules/frontMatter.ts). */
import { joinLines } from '../../markers';
import type { NearMiss, RuleCase } from './case';

const SERVERS = ['servers:', '  SM01:', '    role: management', '    primary: true'];

export const cases: RuleCase[] = [
  { name: 'no front matter', code: 'SMDR001', doc: '⟦# Just a title⟧\n' },
  { name: 'front matter never closed', code: 'SMDR001', doc: joinLines('⟦---⟧', 'smdr: 1', '# heading', '') },
  {
    // The yaml library reports an unclosed flow sequence where it notices it: the next line's start.
    name: 'YAML that does not parse',
    code: 'SMDR001',
    doc: joinLines(
      '---',
      'smdr: 1',
      'managementGroup: [LAB',
      '⟦o⟧bjectives: { rpo: 24h }',
      ...SERVERS,
      '---',
      '',
    ),
  },
  {
    name: 'unknown key with a near miss',
    code: 'SMDR002',
    doc: joinLines(
      '---',
      'smdr: 1',
      'managementGroup: LAB',
      ...SERVERS,
      "    ⟦keyBakup⟧: '\\\\nas\\k.bin'",
      '---',
      '',
    ),
  },
  {
    name: 'unknown heading attribute',
    code: 'SMDR002',
    doc: joinLines(
      '---',
      'smdr: 1',
      'managementGroup: LAB',
      ...SERVERS,
      '---',
      '',
      '## SM01 fails {scenario=management-server failed=SM01 ⟦strateg=replace⟧}',
      '',
    ),
  },
  {
    name: 'role outside the vocabulary',
    code: 'SMDR003',
    doc: joinLines(
      '---',
      'smdr: 1',
      'managementGroup: LAB',
      'servers:',
      '  DW01:',
      '    role: ⟦datawarehouse⟧',
      '---',
      '',
    ),
  },
  {
    name: 'duration in the wrong form',
    code: 'SMDR003',
    doc: joinLines(
      '---',
      'smdr: 1',
      'managementGroup: LAB',
      'objectives: { rpo: ⟦24hours⟧ }',
      ...SERVERS,
      '---',
      '',
    ),
  },
  {
    name: 'report server that is not a URL',
    code: 'SMDR003',
    doc: joinLines(
      '---',
      'smdr: 1',
      'managementGroup: LAB',
      'servers:',
      '  DW01:',
      '    role: data-warehouse',
      '    reportServer: ⟦ssrs01⟧',
      '---',
      '',
    ),
  },
  {
    name: 'required key missing',
    code: 'SMDR003',
    doc: joinLines('⟦---⟧', 'smdr: 1', ...SERVERS, '---', ''),
  },
  {
    name: 'a key written twice',
    code: 'SMDR003',
    doc: joinLines(
      '---',
      'smdr: 1',
      'managementGroup: LAB',
      "media: 'D:\\a'",
      "⟦media⟧: 'D:\\b'",
      ...SERVERS,
      '---',
      '',
    ),
  },
  {
    name: 'scsm version that does not exist',
    code: 'SMDR003',
    doc: joinLines('---', 'smdr: 1', 'scsm: ⟦2018⟧', 'managementGroup: LAB', ...SERVERS, '---', ''),
  },
  {
    name: 'unsupported format version',
    code: 'SMDR004',
    doc: joinLines('---', 'smdr: ⟦2⟧', 'managementGroup: LAB', ...SERVERS, '---', ''),
  },
  {
    name: 'format version missing',
    code: 'SMDR004',
    doc: joinLines('⟦---⟧', 'managementGroup: LAB', ...SERVERS, '---', ''),
  },
  {
    name: 'no scsm version',
    code: 'SMDR005',
    doc: joinLines('⟦---⟧', 'smdr: 1', 'managementGroup: LAB', ...SERVERS, '---', ''),
  },
];

export const nearMisses: NearMiss[] = [
  ...["'2019'", '2022', '2025', '2016'].map((v) => ({
    name: `scsm: ${v} is a known version`,
    code: 'SMDR003',
    doc: joinLines('---', 'smdr: 1', `scsm: ${v}`, 'managementGroup: LAB', ...SERVERS, '---', ''),
  })),
];
