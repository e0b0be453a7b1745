// The pure core (server/src outside the EDGES read below) must not reach VS Code or do I/O:
// the rule below is the boundary architecture.md asks for (test/unit/boundary.test.ts checks it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';
import ts from 'typescript';

const ioModules = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'os',
  'node:os',
  'readline',
  'node:readline',
  'tls',
  'node:tls',
  'dgram',
  'node:dgram',
  'worker_threads',
  'node:worker_threads',
  'mssql',
  'tedious',
];

// The edges: the files of server/src that may do I/O, listed once, in tsconfig.pure.json (which
// type-checks everything else without Node's types).
const EDGES = ts.readConfigFile('tsconfig.pure.json', ts.sys.readFile).config.exclude;

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'artifacts/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  // Every regular expression runs on text a hostile runbook or server wrote: none may backtrack
  // super-linearly (ReDoS), and the plugin's correctness rules come along.
  regexp.configs['flat/recommended'],
  {
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false }],
      'regexp/no-misleading-capturing-group': ['error', { reportBacktrackingEnds: true }],
    },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // With noUncheckedIndexedAccess, `!` marks an index already known to exist.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: EDGES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', ...ioModules].map((name) => ({
            name,
            message: 'The pure core does no I/O and never imports vscode (see CONTRIBUTING.md).',
          })),
        },
      ],
    },
  },
  {
    files: EDGES,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The language server never imports vscode.' }] },
      ],
    },
  },
  {
    // Runs inside VS Code's extension host, where the test suite is a CommonJS module.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', exports: 'writable', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
