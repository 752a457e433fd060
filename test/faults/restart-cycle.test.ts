import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceOf } from '#domain/replies/reference';
import {
  killHard,
  newDataDir,
  newStartPorts,
  SAMPLE,
  SECRET_ENV,
  sentEmails,
  signedPost,
  START,
  start,
  until,
} from '#fixtures/npm-start';

const CYCLES = 20;
/** Each cycle's ticket stays in flight: the terminal lookup hangs until the stack is killed. */
const HANG = 'rate=1,kinds=hang,targets=lambda,functions=IdentifyTerminal,hangMs=600000';
/** A sender of its own and no terminal ID: each is answered (NEEDS_INFO) by one email, beyond any reply limit or repeat-contact rule. */
const ticketOf = (cycle: number) =>
  JSON.stringify({
    ...JSON.parse(SAMPLE),
    ticketId: `CYCLE-${cycle}`,
    from: `owner-${cycle}@cycle-shop.example`,
    body: '早上开门刷卡一直提示97终端未登记，麻烦看看。',
  });

const dataDir = newDataDir('cycle');
afterAll(() => (process.env.KEEP_DATA ? undefined : rmSync(path.dirname(dataDir), { recursive: true, force: true })));

describe('npm start on kept data, killed with -9 while a ticket is in flight', () => {
  it(
    `restarts on the same ports ${CYCLES} times of ${CYCLES} and then finishes every ticket once`,
    async () => {
      const ports = await newStartPorts();
      const starts: string[] = [];
      const accepted: number[] = [];

      for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
        const stack = await start(
          process.execPath,
          START,
          { ...SECRET_ENV, DATA_DIR: dataDir, CODE97_FAULTS: HANG },
          ports,
        );
        starts.push(stack.output());
        accepted.push((await signedPost(`http://127.0.0.1:${ports.api}/tickets`, ticketOf(cycle))).status);
        await killHard(stack, dataDir);
      }
      const last = await start(process.execPath, START, { ...SECRET_ENV, DATA_DIR: dataDir }, ports);
      const references = Array.from({ length: CYCLES }, (_, i) => `[${referenceOf(`CYCLE-${i + 1}`)}]`);
      const emails = await until(
        'an email for every cycle',
        async () => {
          const sent = await sentEmails(ports.mail);
          return references.every((r) => sent.some((e) => e.subject.includes(r))) ? sent : undefined;
        },
        120_000,
      );
      last.child.kill('SIGTERM');
      await last.exited;

      expect(accepted).toEqual(Array(CYCLES).fill(202));
      starts.slice(1).forEach((output, i) => {
        expect(output).toContain(`${i + 1} tickets left unfinished by the last run are due again`);
      });
      expect(last.output()).toContain(`${CYCLES} tickets left unfinished by the last run are due again`);
      for (const reference of references) {
        const sent = emails.filter((e) => e.subject.includes(reference));
        expect(sent, JSON.stringify(sent, null, 1)).toHaveLength(1);
      }
    },
    15 * 60_000,
  );
});
