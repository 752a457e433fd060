import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { ConsoleConfig } from './config.ts';

export const CONSOLE_SOURCE = path.join(import.meta.dirname, 'web');

/** The files the console is served as: the page, its script and its styles (config.json is the deployment's). */
export const CONSOLE_FILES = ['index.html', 'app.js', 'styles.css'] as const;

/**
 * Builds the ops console into `outDir`: one minified ES module (Preact included), the page and
 * the stylesheet. The CDK asset's local bundling and the local stack both build it this way;
 * with `config`, `config.json` is written beside them.
 */
export function buildConsole(outDir: string, config?: ConsoleConfig): { bytes: number } {
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
  for (const file of ['index.html', 'styles.css']) copyFileSync(path.join(CONSOLE_SOURCE, file), path.join(outDir, file));
  if (config) writeFileSync(path.join(outDir, 'config.json'), JSON.stringify(config));
  return { bytes: Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0) };
}
