// One linter for the house: JavaScript's and typescript-eslint's recommended rules. The
// import graph's rules (no circles, layers) are dependency-cruiser's: .dependency-cruiser.cjs.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'lib/',
      'dist/',
      'node_modules/',
      'bench/work/',
      'bench/node_modules/',
      'scratch/',
      '.broadsheet/',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Escaping and path checks match control characters on purpose.
      'no-control-regex': 'off',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/dev/client.ts', 'layouts/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
