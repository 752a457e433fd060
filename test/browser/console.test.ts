import { referenceOf } from '#domain/replies/reference';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '#lib/local/corpus';
import { readRecordsFile } from '#lib/local/records';
import { applyChange, deliver } from '#lib/local/replay';
import { startLocalStack, type LocalStack } from '#lib/local/stack';
import { PROJECT_ROOT } from '#lib/project';
import { DEFAULT_REFRESH_SECONDS } from '#lib/console/web/config';
import { launchChromium } from './chromium.ts';

const DEMO = path.join(PROJECT_ROOT, 'lib', 'local', 'demo');
const DAY_MS = 86_400_000;

const HOSTILE = {
  ticketId: 'WEB-HOSTILE',
  receivedAt: '2026-11-24T09:00:00Z',
  from: 'mallory@evil.example',
  subject: 'POS 97 <img src=x onerror="window.__pwned=1">',
  body: '终端号 39990001 报97 <script>window.__pwned=2</script><img src=x onerror="window.__pwned=3"> <b>bold?</b>',
};
const LONG_BODY = `终端号 39990002 刷卡报97。${'这是一段很长的说明文字，没有换行。'.repeat(6_100)}`.slice(0, 99_900);
const LONG = {
  ticketId: 'WEB-LONG',
  receivedAt: '2026-11-24T10:00:00+08:00',
  from: 'long@shop.example',
  subject: 'POS 97',
  body: LONG_BODY,
};

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A reviewer's own browser: English labels unless asked otherwise, signed in with their token. */
async function reviewer(name: string, lang: 'en' | 'zh' = 'en', token = stack.opsToken(name)): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  contexts.push(context);
  await context.addInitScript((l) => localStorage.setItem('code97.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${stack.urls.console}/`);
  await page.getByLabel(lang === 'en' ? 'Reviewer token' : '审核员令牌').fill(token);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
  await page.getByText(name, { exact: true }).waitFor();
  return page;
}

/** The ops API as a reviewer's script calls it. */
async function api(name: string, method: 'GET' | 'POST', route: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.urls.api}${route}`, {
    method,
    headers: { authorization: `Bearer ${stack.opsToken(name)}` },
  });
  expect(response.status, `${method} ${route}`).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** How long a poll waits for the page to catch up: a reload on a busy 2-core machine takes seconds. */
const CATCH_UP = { timeout: 10_000 };

const openItem = async (page: Page, escalationId: string) => {
  await page.goto(`${stack.urls.console}/#/item/${encodeURIComponent(escalationId)}`);
  await page.getByRole('heading', { name: escalationId }).waitFor();
};

/** A generated fortnight of tickets on merchants of their own, so the overview has days to draw. */
const FORTNIGHT = generateCorpus({ merchants: 60, tickets: 70, seed: 97 });

beforeAll(async () => {
  const demo = readRecordsFile(path.join(DEMO, 'records.json'));
  stack = await startLocalStack({
    records: {
      merchants: [...demo.merchants, ...FORTNIGHT.merchants],
      terminals: [...demo.terminals, ...FORTNIGHT.terminals],
      models: [
        ...demo.models,
        ...FORTNIGHT.models.filter((m) => !demo.models.some((d) => d.brand === m.brand && d.model === m.model)),
      ],
      invoices: [...demo.invoices, ...FORTNIGHT.invoices],
    },
  });
  browser = await launchChromium();
  // More open items than a page holds, written first so the newest (the ones the tests open) lead the queue.
  for (let i = 0; i < 30; i++) {
    const tid = `3998${String(i).padStart(4, '0')}`;
    await deliver(
      stack,
      JSON.stringify({
        ticketId: `WEB-PAGE-${i}`,
        receivedAt: '2026-11-25T09:00:00+08:00',
        from: `shop${i}@mail.example`,
        subject: 'POS 97',
        body: `终端号 ${tid} 刷卡提示97`,
      }),
    );
  }
  const now = Date.now();
  for (const [i, ticket] of FORTNIGHT.tickets.entries()) {
    const receivedAt = new Date(now - (13 - Math.floor(i / 5)) * DAY_MS).toISOString();
    await deliver(stack, JSON.stringify({ ...ticket, receivedAt }));
  }
  for (const line of readFileSync(path.join(DEMO, 'tickets.jsonl'), 'utf8').split('\n').filter(Boolean))
    await deliver(stack, line);
  for (const ticket of [HOSTILE, LONG]) await deliver(stack, JSON.stringify(ticket));
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('ops console in Chromium', { shuffle: false }, () => {
  it('refuses a token the API does not accept, and signs a reviewer in with theirs', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    await context.addInitScript(() => localStorage.setItem('code97.lang', 'en'));
    const page = await context.newPage();
    await page.goto(`${stack.urls.console}/`);

    await page.getByLabel('Reviewer token').fill('YWxpY2U.forged');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), CATCH_UP).toContain('401');
    await page.getByLabel('Reviewer token').fill(stack.opsToken('alice'));
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect.poll(() => page.locator('.me').textContent(), CATCH_UP).toBe('Signed in as alice');
  });

  it('filters the queue by diagnosis, with counts per status', async () => {
    const page = await reviewer('alice');

    await page.getByLabel('Diagnosis').selectOption('TERMINAL_NOT_FOUND');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.url(), CATCH_UP).toContain('diagnosis=TERMINAL_NOT_FOUND');
    await page.locator('table.queue[aria-busy="false"] tbody tr').first().waitFor();
    const diagnoses = await page.locator('table.queue tbody td.diagnosis').allTextContents();
    const openCount = await page.getByRole('button', { name: /^Open/ }).locator('.count').textContent();

    expect(diagnoses.length).toBeGreaterThanOrEqual(2);
    expect(new Set(diagnoses)).toEqual(new Set(['TERMINAL_NOT_FOUND']));
    expect(Number(openCount)).toBeGreaterThan(diagnoses.length);
  });

  it("pages through the queue with next and previous, and with the browser's back and forward", async () => {
    const page = await reviewer('alice');
    const rows = async () => {
      await page.locator('table.queue[aria-busy="false"] tbody tr').first().waitFor();
      return page.locator('table.queue tbody td.ticket-cell a').allTextContents();
    };
    const first = await rows();

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.url(), CATCH_UP).toContain('cursor=');
    await expect.poll(rows, CATCH_UP).not.toEqual(first);
    const second = await rows();
    await page.goBack();
    await expect.poll(rows, CATCH_UP).toEqual(first);
    await page.goForward();
    await expect.poll(rows, CATCH_UP).toEqual(second);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(rows, CATCH_UP).toEqual(first);

    expect(first).toHaveLength(25);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
  });

  it("shows every time in China Standard Time, whatever the browser's zone", async () => {
    const page = await reviewer('alice');
    await openItem(page, 'ESC-WEB-HOSTILE');

    // 09:00 UTC is 17:00 in Beijing; the browser itself is on New York time.
    await expect.poll(() => page.locator('dl.meta').textContent(), CATCH_UP).toContain('2026-11-24 17:00 CST');
  });

  it('renders a ticket holding <script> and <img onerror> as text', async () => {
    const page = await reviewer('alice');
    await openItem(page, 'ESC-WEB-HOSTILE');
    const body = await page.getByLabel('Message').textContent();
    const subject = await page.locator('dl.meta dd.subject').textContent();

    expect(body).toContain('<script>window.__pwned=2</script>');
    expect(body).toContain('<img src=x onerror="window.__pwned=3">');
    expect(subject).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.locator('main img, main script, main b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('opens a 100,000-character ticket folded, and the whole text on request, without freezing', async () => {
    const page = await reviewer('alice');
    // The longest stretch the page's main thread was busy (Long Tasks API), from its load on.
    await page.evaluate(() => {
      const seen = globalThis as { __longestTaskMs?: number };
      seen.__longestTaskMs = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          seen.__longestTaskMs = Math.max(seen.__longestTaskMs ?? 0, entry.duration);
        // A browser entry type that Node's typings do not list.
      }).observe({ type: 'longtask' as never, buffered: true });
    });
    await page.goto(`${stack.urls.console}/#/queue?diagnosis=TERMINAL_NOT_FOUND&order=newest`);
    await page.getByRole('link', { name: 'WEB-LONG' }).click();
    await page.getByRole('heading', { name: 'ESC-WEB-LONG' }).waitFor();
    const folded = await page.getByLabel('Message').textContent();
    // The message's own button: the thread below, once it loads, folds the same text with one of its own.
    await page
      .getByLabel('Message')
      .locator('..')
      .getByRole('button', { name: `Show all ${LONG_BODY.length.toLocaleString('en')} characters` })
      .click();
    const whole = await page.getByLabel('Message').textContent();
    const longestTaskMs = await page.evaluate(() => (globalThis as { __longestTaskMs?: number }).__longestTaskMs);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByText('Tickets per outcome').waitFor();

    expect(folded?.length).toBeLessThanOrEqual(2_001);
    expect(whole).toBe(LONG_BODY);
    // Frozen means a second or more without answering input; unfolding 100,000 characters is one task.
    expect(longestTaskMs).toBeLessThan(1_000);
  });

  it("lets one reviewer claim an item and refuses a second reviewer's claim", async () => {
    const alice = await reviewer('alice');
    const bob = await reviewer('bob');
    await openItem(bob, 'ESC-DEMO-108');
    await openItem(alice, 'ESC-DEMO-108');

    await alice.getByRole('button', { name: 'Claim' }).click();
    await alice.locator('.claimed').waitFor();
    await bob.getByRole('button', { name: 'Claim' }).click();

    await expect
      .poll(() => bob.getByRole('status').allTextContents(), CATCH_UP)
      .toEqual(['alice has claimed this item: only they can reply, re-run or resolve it.']);
    expect(await bob.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    expect(await alice.locator('.claimed').textContent()).toBe('Claimed by: alice');
  });

  it("sends the reviewer's edited reply once, however fast it is clicked, and records it", async () => {
    const page = await reviewer('alice');
    await openItem(page, 'ESC-DEMO-108');
    const since = Math.floor(Date.now() / 1000) - 1;
    const text = page.getByLabel('Reply text');
    await text.fill(`${await text.inputValue()}\n\nWe have re-registered your terminal. (edited by alice)`);

    await page.getByRole('button', { name: 'Send reply' }).dblclick();
    await expect
      .poll(() => page.getByRole('status').first().textContent(), CATCH_UP)
      .toContain('Sent to fruit@longhua-fruit.example');
    // Both clicks' requests have had their answer by the time the page says it sent.
    await expect.poll(() => page.getByLabel('Reply text').inputValue(), CATCH_UP).toBe('');
    const sent = (await stack.mailbox(since)).filter((m) => m.subject.includes(`[${referenceOf('DEMO-108')}]`));

    expect(sent).toHaveLength(1);
    expect(sent[0]?.destination.to).toEqual(['fruit@longhua-fruit.example']);
    expect(sent[0]?.body.text).toContain('(edited by alice)');
    await expect.poll(() => page.locator('table.audit').textContent(), CATCH_UP).toContain('Replied');
  });

  it('resolves the item with a resolution and a note, in the audit trail', async () => {
    const page = await reviewer('alice');
    await openItem(page, 'ESC-DEMO-108');
    const resolve = page.getByRole('button', { name: 'Resolve' });

    expect(await resolve.isDisabled()).toBe(true);
    await page.getByLabel('Resolution').selectOption('REPLIED');
    expect(await resolve.isDisabled()).toBe(true);
    await page.getByLabel('Note', { exact: true }).fill('re-registered, merchant told');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.locator('.item-head').textContent(), CATCH_UP).toContain('Resolved');
    const audit = await page.locator('table.audit tbody').textContent();

    expect(audit).toContain('Claimed');
    expect(audit).toContain('Replied');
    expect(audit).toContain('re-registered, merchant told');
    expect(await page.getByRole('button', { name: 'Claim' }).count()).toBe(0);
  });

  it("finds any ticket's decision record, and every ticket of a terminal", async () => {
    const page = await reviewer('alice');
    await page.goto(`${stack.urls.console}/#/tickets`);

    await page.locator('input[name="q"]').fill('DEMO-101');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => page.locator('section.record h2').allTextContents(), CATCH_UP)
      .toContainEqual(expect.stringContaining('DEMO-101'));
    const record = await page.locator('section.record').first().textContent();
    await page.locator('select[name="by"]').selectOption('terminalId');
    await page.locator('input[name="q"]').fill('20010008');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url(), CATCH_UP).toContain('by=terminalId');
    await expect
      .poll(() => page.locator('section.record h2').allTextContents(), CATCH_UP)
      .toContainEqual(expect.stringContaining('DEMO-103'));
    const ofTerminal = await page.locator('section.record h2').allTextContents();

    expect(record).toContain('DEMO-101');
    expect(record).toContain('Rules edition');
    expect(ofTerminal.some((h) => h.includes('DEMO-103'))).toBe(true);
    expect(ofTerminal.some((h) => h.includes('DEMO-101'))).toBe(false);
  });

  it('switches between Chinese and English labels', async () => {
    const page = await reviewer('alice', 'zh');
    const before = await page.locator('header.top nav').textContent();

    await page.getByRole('button', { name: 'English' }).click();
    const after = await page.locator('header.top nav').textContent();

    expect(before).toContain('待办队列');
    expect(after).toContain('Queue');
  });

  it('draws the overview: outcomes and diagnoses per day, the rates, time to resolve, overdue', async () => {
    const page = await reviewer('alice');
    await page.goto(`${stack.urls.console}/#/overview?days=14`);
    await page.locator('figure.chart').first().waitFor();
    const tiles = await page.locator('.tiles').textContent();
    const bars = await page.locator('figure.chart').first().locator('rect').count();
    const days = await page.locator('figure.chart').first().locator('g[data-day]').count();

    expect(tiles).toContain('Auto-resolved');
    expect(tiles).toContain('Median time to resolve');
    expect(tiles).not.toContain('n = 0');
    expect(bars).toBeGreaterThanOrEqual(8);
    expect(days).toBe(14);
  });

  it("shows a second reviewer's claim on the first reviewer's open item within the refresh interval", async () => {
    const alice = await reviewer('alice');
    await openItem(alice, 'ESC-DEMO-107');
    await alice.getByRole('button', { name: 'Claim' }).waitFor();
    const claimedAt = Date.now();

    await api('bob', 'POST', '/escalations/ESC-DEMO-107/claim');
    await alice
      .getByText('bob has claimed this item: only they can reply, re-run or resolve it.')
      .waitFor({ timeout: (DEFAULT_REFRESH_SECONDS + 5) * 1_000 });

    expect(Date.now() - claimedAt).toBeLessThanOrEqual((DEFAULT_REFRESH_SECONDS + 5) * 1_000);
    expect(await alice.getByRole('button', { name: 'Claim' }).count()).toBe(0);
  });

  it('claims and resolves 25 selected items in two actions: 25 audit entries each time, and nothing else', async () => {
    const page = await reviewer('alice');
    const since = Math.floor(Date.now() / 1000) - 1;
    await page.locator('table.queue[aria-busy="false"] tbody tr').first().waitFor();
    const ids = await page.locator('table.queue tbody td.ticket-cell a').allTextContents();
    const openBefore = Number(await page.getByRole('button', { name: /^Open/ }).locator('.count').textContent());

    await page.getByLabel('Select every item on this page').check();
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect.poll(() => page.locator('section.bulk [role="status"]').textContent(), CATCH_UP).toBe('25 changed.');
    await page.getByRole('button', { name: /^Claimed/ }).click();
    await page.locator('table.queue[aria-busy="false"] tbody tr').first().waitFor();
    await page.getByLabel('Select every item on this page').check();
    await page.locator('select[name="bulk-resolution"]').selectOption('DUPLICATE');
    await page.locator('input[name="bulk-note"]').fill('one host outage, answered in ZD-1');
    await page.getByRole('button', { name: 'Resolve the selected' }).click();
    await expect.poll(() => page.locator('section.bulk [role="status"]').textContent(), CATCH_UP).toBe('25 changed.');
    const items = await Promise.all(ids.map((id) => api('alice', 'GET', `/escalations/ESC-${id}`)));

    expect(ids).toHaveLength(25);
    for (const item of items) {
      expect(item.status).toBe('RESOLVED');
      expect((item.audit as Array<{ action: string; by: string }>).map((e) => `${e.action} ${e.by}`)).toEqual([
        'CLAIMED alice',
        'RESOLVED alice',
      ]);
    }
    expect(await stack.mailbox(since)).toEqual([]);
    const stats = await api('alice', 'GET', '/stats?days=1');
    expect((stats.queue as { open: number }).open).toBe(openBefore - 25);
  });

  it('keeps the reply being typed when the token expires, and sends it once after signing in again', async () => {
    await api('alice', 'POST', '/escalations/ESC-DEMO-106/claim');
    const lifetimeMs = 8_000;
    const page = await reviewer('alice', 'en', stack.opsToken('alice', { ttlSeconds: lifetimeMs / 1_000 }));
    const expiresAt = Date.now() + lifetimeMs;
    await openItem(page, 'ESC-DEMO-106');
    const since = Math.floor(Date.now() / 1000) - 1;
    const text = page.getByLabel('Reply text');
    await text.fill('Your application is back with the team. (typed while the token ran out)');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1_000));

    await page.getByRole('button', { name: 'Send reply' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your sign-in has expired: sign in again as alice' });
    await dialog.waitFor(CATCH_UP);
    const kept = await text.inputValue();
    await dialog.getByLabel('Reviewer token').fill(stack.opsToken('bob'));
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.getByRole('alert').waitFor(CATCH_UP);
    const refusedOther = await dialog.getByRole('alert').textContent();
    await dialog.getByLabel('Reviewer token').fill(stack.opsToken('alice'));
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), CATCH_UP).toContain('Sent to');
    const sent = (await stack.mailbox(since)).filter((m) => m.subject.includes(`[${referenceOf('DEMO-106')}]`));

    expect(kept).toBe('Your application is back with the team. (typed while the token ran out)');
    expect(refusedOther).toContain("another reviewer's token");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.text).toContain('(typed while the token ran out)');
    expect(await dialog.count()).toBe(0);
  });

  it('finds items by sender, by words of their text and by reference', async () => {
    const page = await reviewer('carol');
    const search = async (q: string) => {
      await page.getByLabel('Search', { exact: true }).fill(q);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(`**q=${encodeURIComponent(q).replaceAll('%20', '+')}*`);
      await page.locator('table.queue[aria-busy="false"]').waitFor(CATCH_UP);
      return page.locator('table.queue tbody td.ticket-cell a').allTextContents();
    };
    const ticketOf = async (id: string) => (await api('carol', 'GET', `/escalations/${id}`)).ticket as { from: string };
    const { from } = await ticketOf('ESC-DEMO-105');

    const bySender = await search(from.toUpperCase());
    const byReference = await search(referenceOf('DEMO-105').toLowerCase());
    const nothing = await search('no such words anywhere');

    expect(bySender).toContain('DEMO-105');
    expect(bySender.every((id) => id.startsWith('DEMO-'))).toBe(true);
    expect(byReference).toEqual(['DEMO-105']);
    expect(nothing).toEqual([]);
  });

  it('shows the records changed since the decision, and each record read with its version and age', async () => {
    const delivered = await deliver(
      stack,
      JSON.stringify({
        ticketId: 'BR-RC-1',
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'new.shop@mail.example',
        subject: 'POS提示97',
        body: '终端号 39990101 报97',
      }),
    );
    const change = await applyChange(stack, {
      changeId: 'BR-CRM-1',
      entity: 'terminal',
      op: 'upsert',
      version: 4,
      record: {
        terminalId: '39990101',
        serialNumber: 'PX39990101',
        merchantId: '898440301230001',
        brand: 'PAX',
        model: 'A920',
        registration: 'REGISTERED',
        firmwareVersion: '3.6.0',
      },
    });
    const page = await reviewer('dave');
    await openItem(page, String(delivered.escalationId));
    const changed = page.getByRole('region', { name: 'Records changed since the decision' });

    expect(change.result).toBe('APPLIED');
    await expect.poll(() => changed.textContent(), CATCH_UP).toContain('terminal 39990101');
    expect(await changed.textContent()).toContain('version 4');
    expect(await changed.textContent()).toContain('not read by the decision');

    const fees = await deliver(
      stack,
      JSON.stringify({
        ticketId: 'BR-RC-2',
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'boss@futian-breakfast.example',
        subject: 'POS提示97',
        body: '终端号 20010001 报97，商户号 898440301230002',
      }),
    );
    await openItem(page, String(fees.escalationId));
    await expect.poll(() => page.locator('.records .as-of').first().textContent(), CATCH_UP).toMatch(/^version 0 · /);
  });

  it('assigns an item to a colleague, who then holds it', async () => {
    const page = await reviewer('carol');
    const [open] = (await api('carol', 'GET', '/escalations?status=OPEN&limit=1')).escalations as Array<{
      escalationId: string;
    }>;
    await openItem(page, String(open?.escalationId));

    await page.getByLabel('Assign to').selectOption('bob');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => page.locator('.claimed').textContent(), CATCH_UP).toBe('Claimed by: bob');
    const item = await api('bob', 'GET', `/escalations/${open?.escalationId}`);

    expect(item).toMatchObject({ status: 'CLAIMED', claimedBy: 'bob' });
    expect((item.audit as Array<{ action: string; by: string }>).at(-1)).toMatchObject({
      action: 'ASSIGNED',
      by: 'carol',
    });
    expect(await page.getByRole('button', { name: 'Send reply' }).count()).toBe(0);
  });

  it('goes on from a resolved item to the oldest item still waiting', async () => {
    const page = await reviewer('dora');
    const waiting = (await api('dora', 'GET', '/escalations?status=OPEN&order=oldest&limit=2')).escalations as Array<{
      escalationId: string;
    }>;
    const [first, second] = waiting.map((e) => e.escalationId);
    await openItem(page, String(first));
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByLabel('Resolution').selectOption('DUPLICATE');
    await page.getByLabel('Note', { exact: true }).fill('same outage as the one before');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('button', { name: 'Next item' }).click();

    await page.getByRole('heading', { name: String(second) }).waitFor(CATCH_UP);
    expect(page.url()).toContain(`#/item/${encodeURIComponent(String(second))}`);
  });

  it('lets an admin add a reviewer and disable the account, with no buttons on their own row', async () => {
    const admin = await reviewer('alice', 'en', stack.opsToken('alice', { admin: true }));
    await admin.goto(`${stack.urls.console}/#/settings`);
    await admin.locator('table.reviewers tbody tr').first().waitFor(CATCH_UP);

    await admin.getByLabel('Name', { exact: true }).fill('erin.ops');
    await admin.getByLabel('Email', { exact: true }).fill('erin@ops.example');
    await admin.getByRole('button', { name: 'Add reviewer' }).click();
    const row = admin.locator('table.reviewers tbody tr', { hasText: 'erin.ops' });
    await row.waitFor(CATCH_UP);
    const listed = await api('carol', 'GET', '/reviewers');
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => row.textContent(), CATCH_UP).toContain('Disabled');
    const own = admin.locator('table.reviewers tbody tr', { hasText: 'alice' });

    expect(listed.reviewers).toContainEqual(expect.objectContaining({ name: 'erin.ops', enabled: true, admin: false }));
    expect(await own.getByRole('button').count()).toBe(0);
  });

  it('shows the settings to an admin, and neither the link nor the settings to a reviewer', async () => {
    const admin = await reviewer('alice', 'en', stack.opsToken('alice', { admin: true }));
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByText('SLA (hours an item may wait unclaimed)').waitFor(CATCH_UP);
    const settings = await admin.locator('main dl').textContent();
    const bob = await reviewer('bob');
    await bob.goto(`${stack.urls.console}/#/settings`);
    await bob.locator('table.queue').waitFor(CATCH_UP);

    expect(settings).toContain('ops-admins');
    expect(await bob.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await bob.getByText('SLA (hours an item may wait unclaimed)').count()).toBe(0);
  });
});
