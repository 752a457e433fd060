import { describe, expect, it } from 'vitest';
import type { AuthorizationEvent } from '#domain/stream/authorization';
import { episodesOf, proactiveTicketId } from '#domain/stream/episodes';
import { seededRandom } from '#lib/local/random';

const T0 = Date.parse('2026-11-20T01:00:00.000Z');
let counter = 0;
/** An event on terminal 10030012 `minutes` after T0. */
const at = (minutes: number, responseCode = '97', terminalId = '10030012'): AuthorizationEvent => {
  const atMs = T0 + Math.round(minutes * 60_000);
  return {
    eventId: `E${String(++counter).padStart(6, '0')}`,
    at: new Date(atMs).toISOString(),
    atMs,
    terminalId,
    merchantId: '898310058120001',
    responseCode,
  };
};
const summary = (events: AuthorizationEvent[], untilMs?: number) =>
  episodesOf(events, untilMs).map((e) => ({
    first: (e.firstAtMs - T0) / 60_000,
    opened: (e.openedAtMs - T0) / 60_000,
    attempts: e.attempts,
    end: e.end && { how: e.end.how, at: (e.end.atMs - T0) / 60_000 },
  }));

describe('episodes of a terminal', () => {
  it('opens at the third decline exactly 10 minutes after the first, and not a millisecond later', () => {
    expect(summary([at(0), at(4), at(10)])).toEqual([{ first: 0, opened: 10, attempts: 3, end: null }]);
    expect(summary([at(0), at(4), at(10.0001)])).toEqual([]);
  });

  it('slides its window: the first decline is the earliest of the last 10 minutes', () => {
    expect(summary([at(0), at(9), at(11), at(12)])).toEqual([{ first: 9, opened: 12, attempts: 3, end: null }]);
  });

  it('does not open over an approval between the first decline and the third', () => {
    expect(summary([at(0), at(1), at(2, '00'), at(3)])).toEqual([]);
    expect(summary([at(0), at(1), at(2, '00'), at(3), at(4), at(5)])).toEqual([
      { first: 3, opened: 5, attempts: 3, end: null },
    ]);
  });

  it('counts more declines while open, and ends at the first approval after it opened', () => {
    expect(summary([at(0), at(1), at(2), at(3), at(50), at(51, '00'), at(52)])).toEqual([
      { first: 0, opened: 2, attempts: 5, end: { how: 'RECOVERED', at: 51 } },
    ]);
  });

  it('ends quietly a day after its last decline, judged by the next event or the time given', () => {
    const day = 24 * 60;
    expect(summary([at(0), at(1), at(2), at(2 + day), at(3 + day), at(4 + day)])).toEqual([
      { first: 0, opened: 2, attempts: 3, end: { how: 'QUIET', at: 2 + day } },
      { first: 2 + day, opened: 4 + day, attempts: 3, end: null },
    ]);
    expect(summary([at(0), at(1), at(2)], T0 + (2 + day) * 60_000)).toEqual([
      { first: 0, opened: 2, attempts: 3, end: { how: 'QUIET', at: 2 + day } },
    ]);
  });

  it('lets other codes neither open, extend nor end one', () => {
    expect(summary([at(0), at(1, '05'), at(2, '51'), at(3)])).toEqual([]);
    expect(summary([at(0), at(1), at(2), at(3, '05'), at(4, '14')])).toEqual([
      { first: 0, opened: 2, attempts: 3, end: null },
    ]);
  });

  it('counts a duplicated event once', () => {
    const first = at(0);
    expect(summary([first, first, first, at(1)])).toEqual([]);
  });

  it('opens a new episode only with declines after the last one ended', () => {
    // After it recovered at 3, three new declines are needed: the two that follow open nothing.
    expect(summary([at(0), at(0.5), at(1), at(2), at(3, '00'), at(4), at(5)])).toEqual([
      { first: 0, opened: 1, attempts: 4, end: { how: 'RECOVERED', at: 3 } },
    ]);
  });

  it('gives the same episodes however the events are shuffled', () => {
    const random = seededRandom(22);
    const events = Array.from({ length: 400 }, (_, i) =>
      at(Math.round(i * 0.7 + random() * 3), random() < 0.15 ? '00' : random() < 0.8 ? '97' : '05'),
    );
    const inOrder = summary(events);
    for (let round = 0; round < 20; round++) {
      const shuffled = [...events].sort(() => random() - 0.5);
      expect(summary(shuffled)).toEqual(inOrder);
    }
    expect(inOrder.length).toBeGreaterThan(3);
  });

  it('names its ticket after the terminal and its first decline in China Standard Time', () => {
    const [episode] = episodesOf([at(0), at(1), at(2)]);
    expect(episode && proactiveTicketId(episode)).toBe('AUTH-10030012-202611200900');
  });
});
