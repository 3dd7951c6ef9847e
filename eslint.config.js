// ESLint: typescript-eslint's recommended rules, promises that nobody awaits or catches
// (no-floating-promises, type-aware), and exports that nothing imports (import-x). Formatting is
// Prettier's (npm run format), so ESLint's formatting rules are off. (.eslintrc.json holds only
// the ignore list, for import-x/no-unused-modules, which still lists files the old way.)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'src/generated/',
      'test/gql/',
      'examples/gql/',
      'examples/web/src/gql/',
      'examples/web/dist/',
      'bench/postgraphile/',
      'coverage/',
      '.data/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['.config/*.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-namespace': 'off',
    },
  },
  {
    // an export nothing imports is dead code (tests and the bench count as importers)
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/auth/token-cli.ts', 'src/schema/print.ts', 'src/db/new-migration.ts'],
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } },
    },
    rules: {
      'import-x/no-unused-modules': ['error', { unusedExports: true, src: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', WebAssembly: 'readonly', crypto: 'readonly' },
    },
  },
  prettier,
);
