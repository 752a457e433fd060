import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#lib/local/ports';
import { PROJECT_ROOT } from '#lib/project';

/** What a user waits for: `npm start` to print its banner, and Ctrl-C to give the terminal back. */
export interface WholeStart {
  readySeconds: number;
  stopSeconds: number;
}

const READY = 'Ctrl-C stops everything';

/**
 * One `npm start -- --fresh` as a user runs it, in a process group of its own: seconds from
 * the command to its banner, then from a terminal's Ctrl-C (SIGINT to the whole group) to its
 * exit. `cacheDir` gives it an empty build cache, as on the first start after `npm ci`.
 */
export async function timeNpmStart(cacheDir?: string): Promise<WholeStart> {
  const ports = {
    PORT: await freePort(),
    MAIL_PORT: await freePort(),
    SMTP_PORT: await freePort(),
    CONSOLE_PORT: await freePort(),
  };
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--', '--fresh'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      ...(cacheDir ? { CODE97_CACHE_DIR: cacheDir } : {}),
      LOG_LEVEL: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes(READY)) resolve(performance.now());
    });
    child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
    void exited.then((code) => reject(new Error(`npm start exited with ${code} before its banner:\n${output}`)));
  });
  const readyAt = await ready;
  const stopFrom = performance.now();
  process.kill(-(child.pid ?? 0), 'SIGINT');
  await exited;
  return {
    readySeconds: +((readyAt - t0) / 1000).toFixed(2),
    stopSeconds: +((performance.now() - stopFrom) / 1000).toFixed(2),
  };
}

/** The first start on an empty build cache, then the median of `warmRuns` starts with it built. */
export async function wholeStartTimes(warmRuns: number): Promise<{ first: WholeStart; warm: WholeStart }> {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'code97-bench-cache-'));
  try {
    const first = await timeNpmStart(cacheDir);
    const runs: WholeStart[] = [];
    for (let i = 0; i < warmRuns; i++) runs.push(await timeNpmStart(cacheDir));
    const median = (key: keyof WholeStart) =>
      runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0;
    return { first, warm: { readySeconds: median('readySeconds'), stopSeconds: median('stopSeconds') } };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
