import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { LocalFunction } from '#lib/local/cloud-assembly';
import { PROJECT_ROOT } from '#lib/project';
import { FUNCTION_BUNDLING } from '#lib/triage-function';

export interface BundleWeight {
  function: string;
  /** The minified bundle (index.mjs) CDK uploads, source map left out. */
  bytes: number;
  /** Median over `runs` fresh processes of importing the bundle: the module's share of a cold start. */
  initMs: number;
  /** The three biggest inputs, by the bytes they add to the bundle. */
  largest: Array<{ input: string; bytes: number }>;
}

/** esbuild with TriageFunction's bundling options: the same bytes CDK would upload. */
export function bundleFunction(entry: string, outfile: string) {
  return build({
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: FUNCTION_BUNDLING.format === 'esm' ? 'esm' : 'cjs',
    target: FUNCTION_BUNDLING.target,
    minify: FUNCTION_BUNDLING.minify,
    sourcemap: FUNCTION_BUNDLING.sourceMap,
    external: FUNCTION_BUNDLING.externalModules,
    mainFields: FUNCTION_BUNDLING.mainFields,
    banner: { js: FUNCTION_BUNDLING.banner },
    metafile: true,
    logLevel: 'silent',
  });
}

const PROBE = `const t0 = performance.now(); await import(process.argv[2]); process.stdout.write(String(performance.now() - t0));`;

/** The package an input file belongs to (or the project's own folder), for the breakdown. */
const owner = (input: string) => {
  const parts = input.split('node_modules/').pop()?.split('/') ?? [];
  if (!input.includes('node_modules/')) return parts.slice(0, 2).join('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
};

/**
 * Bundles each function exactly as TriageFunction does, then imports each bundle in `runs` new
 * Node processes with the function's own environment, as a cold start does.
 */
export async function weighFunctions(functions: LocalFunction[], runs = 20): Promise<BundleWeight[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'code97-bundles-'));
  writeFileSync(path.join(dir, 'probe.mjs'), PROBE);
  try {
    const weights: BundleWeight[] = [];
    for (const fn of functions) {
      const outfile = path.join(dir, fn.logicalId, 'index.mjs');
      const result = await bundleFunction(fn.entry, outfile);
      const output =
        result.metafile.outputs[path.relative(process.cwd(), outfile)] ??
        Object.values(result.metafile.outputs).find((o) => o.entryPoint);
      const byOwner = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {}))
        byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const probe = spawnSync(process.execPath, [path.join(dir, 'probe.mjs'), outfile], {
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'x',
            AWS_SECRET_ACCESS_KEY: 'x',
            ...fn.environment,
          },
          encoding: 'utf8',
        });
        if (probe.status !== 0) throw new Error(`${fn.logicalId}: importing its bundle failed: ${probe.stderr}`);
        times.push(Number(probe.stdout));
      }
      times.sort((a, b) => a - b);
      weights.push({
        function: fn.logicalId.replace(/[0-9A-F]{8}$/, ''),
        bytes: output?.bytes ?? 0,
        initMs: +(times[Math.floor(times.length / 2)] ?? 0).toFixed(1),
        largest: [...byOwner]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([input, bytes]) => ({ input, bytes })),
      });
    }
    return weights;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
