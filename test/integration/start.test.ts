import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceOf } from '#domain/replies/reference';
import { freePort } from '#lib/local/ports';
import {
  isAlive,
  killHard,
  mailFor,
  newDataDir,
  processesWith,
  ROOT,
  SAMPLE,
  SECRET_ENV,
  signedPost,
  START,
  start,
  until,
} from '#fixtures/npm-start';

/** The banner's own command line for sending the sample: the demo script, signing with curl and openssl. */
async function sendAsBannerSays(output: string, route: string): Promise<{ ticketId?: string; triggered?: boolean }> {
  const line = output.split('\n').find((l) => l.includes('send-signed.sh') && l.includes(route));
  const [assignment = '', script = '', url = '', file = ''] = line?.trim().split(/\s+/) ?? [];
  const [name = '', quoted = ''] = assignment.split('=');
  const { stdout } = await promisify(execFile)(path.join(ROOT, script), [url, file], {
    cwd: ROOT,
    env: { ...process.env, [name]: quoted.replace(/^'|'$/g, '') },
  });
  return JSON.parse(stdout) as { ticketId?: string; triggered?: boolean };
}

/** The banner's AWS CLI line for the records feed's queue, run as printed (it spans two lines). */
async function sendToQueueAsBannerSays(output: string): Promise<{ MessageId?: string }> {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.includes('aws sqs send-message'));
  const command = `${lines[at]?.replace(/\\$/, '')} ${lines[at + 1]}`;
  const { stdout } = await promisify(execFile)('bash', ['-c', command], { cwd: ROOT });
  return JSON.parse(stdout) as { MessageId?: string };
}

/** The banner's lines for loading the demo export, run as printed: the stack's variables read from its file, then the load. */
async function loadAsBannerSays(output: string): Promise<{ stderr: string; envFile: string }> {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Load or reconcile a full export'));
  const [variables = '', load = ''] = [lines[at + 1]?.trim(), lines[at + 2]?.trim()];
  const { stderr } = await promisify(execFile)('bash', ['-c', `${variables} && ${load}`], { cwd: ROOT });
  return { stderr, envFile: path.resolve(ROOT, (variables.split(/\s+/)[3] ?? '').replace(/;$/, '')) };
}

const refused = async (url: string) =>
  fetch(url).then(
    () => false,
    () => true,
  );

/** The local addresses LISTEN sockets on `port` are bound to, from /proc/net/tcp and tcp6. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
      .map((cols) => String(cols[1]).split(':')[0] ?? ''),
  );
}
/** 127.0.0.1 as /proc/net prints it in IPv4 and in IPv4-mapped IPv6. */
const LOOPBACK = new Set(['0100007F', '0000000000000000FFFF00000100007F']);

describe('npm start', () => {
  it('serves the demo stack on 127.0.0.1 only, answers the sample ticket, and leaves nothing running after Ctrl-C', async () => {
    const dataDir = newDataDir('start');
    const stack = await start(process.execPath, START, { DATA_DIR: dataDir });

    const unsigned = await fetch(`http://127.0.0.1:${stack.ports.api}/tickets`, { method: 'POST', body: SAMPLE });
    const accepted = await sendAsBannerSays(stack.output(), '/tickets');
    const zendesk = await sendAsBannerSays(stack.output(), '/webhooks/zendesk');
    const queued = await sendToQueueAsBannerSays(stack.output());
    const loaded = await loadAsBannerSays(stack.output());
    const aliceToken = stack
      .output()
      .split('\n')
      .find((line) => line.trim().startsWith('alice '))
      ?.trim()
      .split(/\s+/)
      .at(-1);
    const queue = await fetch(`http://127.0.0.1:${stack.ports.api}/escalations`, {
      headers: { authorization: `Bearer ${aliceToken}` },
    });
    const queueUnsigned = await fetch(`http://127.0.0.1:${stack.ports.api}/escalations`);
    const mail = await mailFor(stack.ports.mail, 'DEMO-0001');
    const consolePage = await fetch(`http://127.0.0.1:${stack.ports.console}/`);
    const bound = Object.values(stack.ports).map(listeningAddresses);
    stack.child.kill('SIGINT');
    const code = await stack.exited;

    expect(stack.output()).toContain(`POST http://127.0.0.1:${stack.ports.api}/tickets`);
    expect(stack.output()).toMatch(/Mail in\s+SMTP 127\.0\.0\.1:\d+/);
    expect(stack.output()).toMatch(new RegExp(`^  Ops console http://127\\.0\\.0\\.1:${stack.ports.console}/`, 'm'));
    expect(consolePage.status).toBe(200);
    expect(consolePage.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(unsigned.status).toBe(401);
    expect(queue.status).toBe(200);
    expect(queueUnsigned.status).toBe(401);
    expect(accepted).toMatchObject({ ticketId: 'DEMO-0001', triggered: true });
    expect(zendesk).toMatchObject({ ticketId: 'ZD-40213-9001402133', triggered: true });
    expect(queued.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    // The queued change may land before the load (its row is then older) or after it.
    const [, written = '0', older = '0'] =
      /: (\d+) written, (\d+) older or equal \(skipped\), 0 refused/.exec(loaded.stderr) ?? [];
    expect(Number(written) + Number(older)).toBe(32);
    expect(Number(older)).toBeLessThanOrEqual(1);
    expect(mail.subject).toContain(`[${referenceOf('DEMO-0001')}]`);
    for (const addresses of bound) {
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.every((a) => LOOPBACK.has(a))).toBe(true);
    }
    expect(code).toBe(0);
    const stopped = stack.output().slice(stack.output().indexOf('SIGINT: stopping the local stack'));
    expect(stopped).toContain('  stopping the ops console');
    expect(stopped).toContain('  stopping DynamoDB Local');
    expect(stopped).toMatch(/\nstopped in \d+\.\d s; data kept in /);
    // Ctrl-C reaches the stack alone; the JVM is stopped by it, never seen to die.
    expect(stack.output()).not.toMatch(/DynamoDB Local \(pid \d+\) exited/);
    expect(await refused(`http://127.0.0.1:${stack.ports.dynamodb}`)).toBe(true);
    expect(processesWith(dataDir)).toEqual([]);
    expect(existsSync(loaded.envFile)).toBe(false);
  }, 180_000);

  it('says what it does when Ctrl-C comes while it is still starting, and leaves nothing running', async () => {
    const dataDir = newDataDir('early');
    const child = spawn(process.execPath, [...START, '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(await freePort()), ...SECRET_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await until('the first step', () => (output.includes('starting DynamoDB Local') ? true : undefined), 60_000);

    child.kill('SIGINT');
    const code = await exited;

    expect(output).toMatch(/SIGINT while starting \(at: [^)]+\): stopping what has started/);
    expect(code).toBe(130);
    await until('the JVM to go', () => (processesWith(dataDir).length === 0 ? true : undefined), 15_000);
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }, 120_000);

  it('keeps an acknowledged ticket through kill -9 of the whole stack and finishes it after the restart', async () => {
    const dataDir = newDataDir('restart');
    const hanging = await start(process.execPath, START, {
      ...SECRET_ENV,
      DATA_DIR: dataDir,
      CODE97_FAULTS: 'rate=1,kinds=hang,targets=lambda,functions=IdentifyTerminal,hangMs=600000',
    });
    const response = await signedPost(`http://127.0.0.1:${hanging.ports.api}/tickets`);
    await killHard(hanging, dataDir);

    const restarted = await start(process.execPath, START, { ...SECRET_ENV, DATA_DIR: dataDir });
    const mail = await mailFor(restarted.ports.mail, 'DEMO-0001');
    restarted.child.kill('SIGTERM');
    await restarted.exited;

    expect(response.status).toBe(202);
    expect(restarted.output()).toMatch(/1 tickets left unfinished by the last run are due again/);
    expect(mail.subject).toContain(`[${referenceOf('DEMO-0001')}]`);
  }, 240_000);

  it('stops everything when only npm is told to stop, as a supervisor does', async () => {
    const stack = await start('npm', ['start', '--', '--fresh'], {});
    const dynamodbPort = stack.ports.dynamodb;

    process.kill(stack.child.pid ?? 0, 'SIGTERM');
    await stack.exited;

    await until(
      'the API to stop',
      async () => ((await refused(`http://127.0.0.1:${stack.ports.api}/tickets`)) ? true : undefined),
      15_000,
    );
    await until(
      'DynamoDB Local to stop',
      async () => ((await refused(`http://127.0.0.1:${dynamodbPort}`)) ? true : undefined),
      15_000,
    );
    expect(processesWith(`-port\0${dynamodbPort}`)).toEqual([]);
    expect(isAlive(stack.child.pid ?? 0)).toBe(false);
  }, 180_000);
});
