// @ts-check
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

/** The clock is a port: the domain and the use cases take the time, they never read it. */
const NO_CLOCK = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Take the time from a Clock, not new Date().',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Take the time from a Clock, not Date.now().',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', '.local/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      // Ticket text is hostile input of up to 100,000 characters: every pattern must run in linear time.
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': 'error',
      // Word lists read better as alternatives than as character classes.
      'regexp/prefer-character-class': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/prefer-w': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Promise-heavy code: a promise nobody awaits, or one passed where a callback's result is ignored, is a bug.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['functions/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', 'aws-lambda', '@middy/*'], message: 'The domain knows no AWS.' },
            {
              group: ['#adapters/*', '#use-cases/*', '#handlers/*', '#lib/*'],
              message: 'The domain depends on nothing outside it.',
            },
            { group: ['node:*'], message: 'The domain is pure: no I/O.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...NO_CLOCK],
    },
  },
  {
    files: ['functions/use-cases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', 'aws-lambda', '@middy/*'],
              message: 'Use cases reach AWS only through their ports.',
            },
            {
              group: ['#adapters/*', '#handlers/*', '#lib/*'],
              message: 'Use cases depend on the domain and their ports only.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...NO_CLOCK],
    },
  },
);
