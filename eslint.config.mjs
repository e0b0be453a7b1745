// The pure core (server/src outside the EDGES listed below) must not reach VS Code or do I/O:
// the rule below is the boundary architecture.md asks for (test/unit/boundary.test.ts checks it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

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

const EDGES = [
  'server/src/server.ts',
  'server/src/cli.ts',
  'server/src/cli/**',
  'server/src/lsp/**',
  // Probing live state: the SQL driver and its loader, file probes.
  'server/src/live/connection.ts',
  'server/src/live/driver.ts',
  'server/src/live/probeSql.ts',
  'server/src/live/probeFiles.ts',
  // The journal's file I/O (its format, progress and run ends stay pure).
  'server/src/journal/reader.ts',
  'server/src/journal/writer.ts',
  // The tree-sitter WASM files.
  'server/src/code/load.ts',
  // The PowerShell helper process of SMDR318 (syntax.ts, the mapping of its results, stays pure).
  'server/src/powershell/checker.ts',
  'server/src/powershell/jsonLines.ts',
];

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
  // The edges: the only files of the server that may do I/O. Everything else in server/src is the
  // pure core, and the rule below holds it to that.
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
