import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_FORWARD_TO, localCacheRoot, PROJECT_ROOT } from '#lib/project';

import type { Template } from '#lib/local/cloud-assembly';

/**
 * Synthesizes the real CDK app (bundling skipped) and returns both templates. Run by
 * `synthesizeInChild` in a process of its own, so that aws-cdk-lib never loads into the stack's.
 */
export async function synthesizeTemplates(): Promise<Template[]> {
  const { buildApp, STACK_NAMES } = await import('#lib/app');
  const outdir = mkdtempSync(path.join(tmpdir(), 'code97-cdk-'));
  try {
    const { app } = buildApp({
      outdir,
      context: { 'aws:cdk:bundling-stacks': [], notTriggeredForwardTo: LOCAL_FORWARD_TO },
    });
    const assembly = app.synth();
    // The console stack holds the console's deployment only; nothing of it runs locally.
    return [STACK_NAMES.stateful, STACK_NAMES.stateless].map(
      (name) => assembly.getStackByName(name).template as Template,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The templates from a child Node process running this module: aws-cdk-lib and the app take
 * memory that a long-running stack would otherwise keep after its one synthesis.
 */
export async function synthesizeInChild(): Promise<Template[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) =>
    child.once('error', reject).once('close', resolve),
  );
  if (code !== 0) throw new Error(`synthesizing the CDK app failed (exit ${code}): ${err.trim()}`);
  return JSON.parse(Buffer.concat(out).toString('utf8')) as Template[];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await synthesizeTemplates()));
}

/** Everything a synthesized template depends on: the app's sources, its context, its locked versions. */
const SYNTH_INPUTS = ['bin/app.ts', 'cdk.json', 'package-lock.json', 'lib', 'workflows', 'functions'];

function filesUnder(relative: string): string[] {
  const full = path.join(PROJECT_ROOT, relative);
  if (!statSync(full, { throwIfNoEntry: false })?.isDirectory()) return [relative];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(PROJECT_ROOT, path.join(entry.parentPath, entry.name)))
    .filter(
      (file) =>
        !file.startsWith(path.join('lib', 'local', 'demo')) && !file.startsWith(path.join('lib', 'console', 'web')),
    );
}

/** A hash of the synthesis inputs: the same hash, the same templates. */
export function synthKey(): string {
  const hash = createHash('sha256');
  for (const file of SYNTH_INPUTS.flatMap(filesUnder).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(PROJECT_ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * The templates, synthesized once per change of the sources: `cdk synth` takes seconds, and a
 * start with nothing changed reads them from node_modules/.cache instead.
 */
export async function cachedTemplates(cacheDir = path.join(localCacheRoot(), 'code97-synth')): Promise<Template[]> {
  const file = path.join(cacheDir, `${synthKey()}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Template[];
  } catch {
    const templates = await synthesizeInChild();
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(templates));
    renameSync(partial, file);
    return templates;
  }
}
