import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { ConsoleConfig } from './config.ts';

export const CONSOLE_SOURCE = path.join(import.meta.dirname, 'web');

/** The files the console is served as: the page, its script and its styles (config.json is the deployment's). */
export const CONSOLE_FILES = ['index.html', 'app.js', 'styles.css'] as const;

/**
 * The console's page. With a policy, it carries it in a meta tag as well: where the served
 * header can only name a wildcard (CloudFront's policy is made before the API exists), the page
 * names the API's exact origin, and the browser enforces both.
 */
export function consolePage(csp?: string): string {
  const template = readFileSync(path.join(CONSOLE_SOURCE, 'index.html'), 'utf8');
  return template.replace(
    '    <!--csp-->\n',
    csp ? `    <meta http-equiv="Content-Security-Policy" content="${csp}" />\n` : '',
  );
}

/**
 * Builds the ops console into `outDir`: one minified ES module (Preact included), the page and
 * the stylesheet. The CDK asset's local bundling and the local stack both build it this way;
 * with `config`, `config.json` is written beside them; with `page: false`, the page is left to
 * the caller (the deployment writes its own, with the policy).
 */
export function buildConsole(
  outDir: string,
  config?: ConsoleConfig,
  options: { page?: boolean } = {},
): { bytes: number } {
  mkdirSync(outDir, { recursive: true });
  const result = buildSync({
    entryPoints: [path.join(CONSOLE_SOURCE, 'main.tsx')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  copyFileSync(path.join(CONSOLE_SOURCE, 'styles.css'), path.join(outDir, 'styles.css'));
  if (options.page !== false) writeFileSync(path.join(outDir, 'index.html'), consolePage());
  if (config) writeFileSync(path.join(outDir, 'config.json'), JSON.stringify(config));
  return { bytes: Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0) };
}
