import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '#lib/local/ports';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls the local SES store until it holds mail, for at most 15 s. */
async function firstMail(port: number): Promise<{ emails: Array<{ subject: string }> }> {
  for (let i = 0; i < 150; i++) {
    const store = (await (await fetch(`http://127.0.0.1:${port}/store`)).json()) as { emails: Array<{ subject: string }> };
    if (store.emails.length > 0) return store;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { emails: [] };
}

describe('npm start', () => {
  it('serves the demo stack, answers the sample ticket, and leaves nothing running after Ctrl-C', async () => {
    const [port, mailPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'start.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), MAIL_PORT: String(mailPort), DATA_DIR: mkdtempSync(path.join(tmpdir(), 'code97-start-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line in: ${output}`)), 150_000);
      child.stdout.on('data', () => output.includes('Ctrl-C stops everything') && (clearTimeout(timer), resolve()));
    });

    const sample = readFileSync(path.join(ROOT, 'lib', 'local', 'demo', 'sample-ticket.json'), 'utf8');
    const response = await fetch(`http://127.0.0.1:${port}/tickets`, { method: 'POST', body: sample });
    const accepted = (await response.json()) as { triggered: boolean };
    const mail = await firstMail(mailPort);
    const dynamodbPort = Number(/DynamoDB\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    child.kill('SIGINT');
    const code = await exited;

    expect(output).toContain(`POST http://127.0.0.1:${port}/tickets`);
    expect(response.status).toBe(202);
    expect(accepted.triggered).toBe(true);
    expect(mail.emails.map((e) => e.subject)).toEqual([expect.stringContaining('[DEMO-0001]')]);
    expect(code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${dynamodbPort}`)).rejects.toThrow();
    expect(isAlive(child.pid ?? 0)).toBe(false);
  }, 180_000);
});
