import { APPROVED, type AuthorizationEvent, NOT_REGISTERED } from '#domain/stream/authorization';
import { CHINA_OFFSET_MS, DAY_MS, MINUTE_MS } from '#domain/time';

/** The three declines that open an episode lie within this of the first of them, both ends included. */
export const EPISODE_WINDOW_MS = 10 * MINUTE_MS;
/** An open episode with no decline for this long is over (quiet). */
export const QUIET_AFTER_MS = DAY_MS;
/** Declines that open an episode. */
export const DECLINES_TO_OPEN = 3;

/** A terminal's run of code-97 declines (playbook §6), as event time tells it. */
export interface Episode {
  terminalId: string;
  /** The merchant the opening event named (as the terminal sent it). */
  merchantId: string;
  /** The first decline of the three that opened it, as the host wrote its time. */
  firstAt: string;
  firstAtMs: number;
  /** The decline that opened it. */
  openedAt: string;
  openedAtMs: number;
  /** Declines from the first through the last seen while it was open. */
  attempts: number;
  lastDeclineAtMs: number;
  /** How it ended, and when: its first approval after it opened, or a day after its last decline. */
  end: { how: 'RECOVERED' | 'QUIET'; atMs: number } | null;
}

/** Events in the order the rules judge them: by `at`, then by eventId so a tie is always broken the same way. */
export const byEventTime = (a: AuthorizationEvent, b: AuthorizationEvent) =>
  a.atMs - b.atMs || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/**
 * Every episode of one terminal from its events (duplicates by eventId counted once), judged
 * in event time whatever order they came in. An episode opens at the third decline within 10
 * minutes of the first, with no approval between, all three after the terminal's last approval
 * and its last episode's end; more declines add to it; it ends at the first approval after it
 * opened, or once a day has passed since its last decline (judged at `untilMs` too, when given).
 * Other codes change nothing.
 */
export function episodesOf(events: AuthorizationEvent[], untilMs?: number): Episode[] {
  const seen = new Set<string>();
  const ordered = events.filter((e) => !seen.has(e.eventId) && seen.add(e.eventId)).sort(byEventTime);
  const episodes: Episode[] = [];
  let open: Episode | null = null;
  let declines: AuthorizationEvent[] = [];
  const quietBy = (atMs: number) => {
    if (open && atMs >= open.lastDeclineAtMs + QUIET_AFTER_MS) {
      open.end = { how: 'QUIET', atMs: open.lastDeclineAtMs + QUIET_AFTER_MS };
      open = null;
    }
  };
  for (const event of ordered) {
    quietBy(event.atMs);
    if (event.responseCode === APPROVED) {
      if (open) open.end = { how: 'RECOVERED', atMs: event.atMs };
      open = null;
      declines = [];
      continue;
    }
    if (event.responseCode !== NOT_REGISTERED) continue;
    if (open) {
      open.attempts++;
      open.lastDeclineAtMs = event.atMs;
      continue;
    }
    declines = [...declines.filter((d) => event.atMs - d.atMs <= EPISODE_WINDOW_MS), event];
    const [first] = declines;
    if (first && declines.length >= DECLINES_TO_OPEN) {
      open = {
        terminalId: event.terminalId,
        merchantId: event.merchantId,
        firstAt: first.at,
        firstAtMs: first.atMs,
        openedAt: event.at,
        openedAtMs: event.atMs,
        attempts: declines.length,
        lastDeclineAtMs: event.atMs,
        end: null,
      };
      episodes.push(open);
      declines = [];
    }
  }
  if (untilMs !== undefined) quietBy(untilMs);
  return episodes;
}

/** The ticket an episode becomes: `AUTH-<terminalId>-<yyyymmddHHMM of its first decline, China Standard Time>`. */
export function proactiveTicketId(episode: Pick<Episode, 'terminalId' | 'firstAtMs'>): string {
  const cst = new Date(episode.firstAtMs + CHINA_OFFSET_MS).toISOString();
  return `AUTH-${episode.terminalId}-${cst.slice(0, 16).replace(/[-T:]/g, '')}`;
}
