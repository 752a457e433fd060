import { describe, expect, it } from 'vitest';
import type { DynamoDbLocal } from '#lib/local/dynamodb/dynamodb-local';
import { superviseDynamoDb } from '#lib/local/dynamodb/supervisor';

/** A JVM stand-in: `die()` ends it as a crash would; `stop()` ends it as the stack would. */
function fakeJvm(pid: number) {
  let end: (how: { how: string; lastOutput: string }) => void = () => undefined;
  const listeners: Array<(line: string) => void> = [];
  const jvm: DynamoDbLocal & { die(): void; say(line: string): void; stopped: boolean } = {
    endpoint: 'http://127.0.0.1:1',
    pid,
    exited: new Promise((resolve) => (end = resolve)),
    onOutput: (listener) => void listeners.push(listener),
    stopped: false,
    async stop() {
      jvm.stopped = true;
      end({ how: 'code 0', lastOutput: '' });
    },
    die: () => end({ how: 'signal SIGKILL', lastOutput: 'last words' }),
    say: (line) => listeners.forEach((l) => l(line)),
  };
  return jvm;
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the watch on DynamoDB Local', () => {
  it('says a death at error level and starts it again on kept data', async () => {
    const notices: string[] = [];
    const jvm = fakeJvm(1);
    superviseDynamoDb(jvm, {
      restart: async () => fakeJvm(2),
      notice: (level, message) => notices.push(`${level}: ${message}`),
      onLost: () => notices.push('lost'),
    });
    jvm.die();
    for (let i = 0; i < 5; i++) await settle();

    expect(notices[0]).toMatch(
      /^error: DynamoDB Local \(pid 1\) exited with signal SIGKILL; its last output: last words/,
    );
    expect(notices.some((n) => n.startsWith('warn: restarting DynamoDB Local'))).toBe(true);
    expect(notices.some((n) => n.startsWith('warn: DynamoDB Local is back (pid 2)'))).toBe(true);
    expect(notices).not.toContain('lost');
  });

  it('gives up after three restarts within a minute', async () => {
    const lost: string[] = [];
    const jvms = [1, 2, 3, 4, 5].map(fakeJvm);
    let next = 1;
    superviseDynamoDb(jvms[0] as DynamoDbLocal, {
      restart: async () => jvms[next++] as DynamoDbLocal,
      notice: () => undefined,
      onLost: (message) => lost.push(message),
    });
    for (const jvm of jvms.slice(0, 4)) {
      jvm.die();
      for (let i = 0; i < 5; i++) await settle();
    }

    expect(next).toBe(4);
    expect(lost).toEqual([expect.stringContaining('after 3 restarts within a minute')]);
  });

  it('stops the stack when the tables were in memory', async () => {
    const lost: string[] = [];
    const jvm = fakeJvm(1);
    superviseDynamoDb(jvm, { restart: null, notice: () => undefined, onLost: (m) => lost.push(m) });
    jvm.die();
    await settle();
    await settle();

    expect(lost).toEqual([expect.stringContaining('its tables were in memory')]);
  });

  it('takes an exit after the stack began to stop for the stop, not a failure', async () => {
    const said: string[] = [];
    const jvm = fakeJvm(1);
    const watch = superviseDynamoDb(jvm, {
      restart: async () => fakeJvm(2),
      notice: (_level, message) => said.push(message),
      onLost: (m) => said.push(m),
    });
    watch.quiesce();
    jvm.die();
    await settle();
    await watch.stop();

    expect(said).toEqual([]);
  });

  it('waits for a restart under way, and stops what it started', async () => {
    const jvm = fakeJvm(1);
    const second = fakeJvm(2);
    let release: () => void = () => undefined;
    const watch = superviseDynamoDb(jvm, {
      restart: () => new Promise((resolve) => (release = () => resolve(second))),
      notice: () => undefined,
      onLost: () => undefined,
    });
    jvm.die();
    await settle();
    await settle();
    const stopping = watch.stop();
    release();
    await stopping;

    expect(second.stopped).toBe(true);
  });

  it('repeats what the JVM says about a full disk at error level, naming the folder', async () => {
    const notices: string[] = [];
    const jvm = fakeJvm(1);
    superviseDynamoDb(jvm, {
      restart: null,
      dataDir: '/data/dynamodb',
      notice: (level, message) => notices.push(`${level}: ${message}`),
      onLost: () => undefined,
    });
    jvm.say('com.almworks.sqlite4java.SQLiteException: [13] database or disk is full');

    expect(notices).toEqual([
      expect.stringMatching(/^error: DynamoDB Local cannot write to \/data\/dynamodb: the disk is full/),
    ]);
  });
});
