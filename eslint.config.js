import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CHILD_PROCESS = ['child_process', 'node:child_process'].map((name) => ({
  name,
  message: 'run git through source/detect/git-run.ts (the hardened runner); shipshape starts no other program',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'coverage/**', '.shipshape/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Git runs only through the hardened runner (source/detect/git-run.ts): a repository's config can name programs.
    files: ['source/**'],
    ignores: ['source/detect/git-run.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: CHILD_PROCESS }],
    },
  },
  {
    // The core never reaches into the terminal layer: data flows one way (DESIGN.md).
    files: ['source/checklist/**', 'source/detect/**', 'source/assessment/**', 'source/report/**'],
    ignores: ['source/detect/git-run.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: CHILD_PROCESS, patterns: [{ group: ['**/ui/**', 'ink', 'react'], message: 'core modules must not import the UI layer' }] }],
    },
  },
);
