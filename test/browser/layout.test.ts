/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordsFile } from '#lib/local/records';
import { deliver } from '#lib/local/replay';
import { startLocalStack, type LocalStack } from '#lib/local/stack';
import { PROJECT_ROOT } from '#lib/project';
import { launchChromium } from './chromium.ts';

const DEMO = path.join(PROJECT_ROOT, 'lib', 'local', 'demo');
const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const CATCH_UP = { timeout: 10_000 };
const WIDTHS = [390, 1440] as const;
const LANGS = ['en', 'zh'] as const;

/** A ticket built to break a layout: unbroken IDs, a long address, a long subject. */
const WIDE = {
  ticketId: `WIDE-${'9'.repeat(58)}`,
  receivedAt: '2026-11-24T16:00:00+08:00',
  from: `a.very.long.mailbox.name.that.does.not.wrap@${'sub.'.repeat(8)}example`,
  subject: `POS97${'刷卡失败'.repeat(30)}${'X'.repeat(120)}`,
  body: `终端号 39970001 报97 ${'Z'.repeat(400)}`,
};

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

const call = async (method: 'GET' | 'POST', route: string, body?: unknown) => {
  const response = await fetch(`${stack.urls.api}${route}`, {
    method,
    headers: { authorization: `Bearer ${stack.opsToken('carol')}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} ${route}`).toBe(200);
  return response.json() as Promise<Record<string, unknown>>;
};

/** A reviewer's browser at one width, in one language. */
async function signedIn(width: number, lang: 'en' | 'zh', signIn = true): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
  contexts.push(context);
  await context.addInitScript((l) => localStorage.setItem('code97.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${stack.urls.console}/`);
  if (!signIn) return page;
  await page.getByLabel(lang === 'en' ? 'Reviewer token' : '审核员令牌').fill(stack.opsToken('alice', { admin: true }));
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
  await page.locator('.me').waitFor();
  return page;
}

/** How far the page reaches past the viewport (0 when nothing scrolls sideways), and the elements that reach past it. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const past = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    if (past <= 0) return 0;
    const width = document.documentElement.clientWidth;
    const reaches = (e: Element) => e.getBoundingClientRect().right > width + 0.5 || e.scrollWidth > e.clientWidth + 1;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => reaches(e) && ![...e.children].some(reaches))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().width)}px`);
    return `${past} px: ${culprits.join(', ')}`;
  });

/** Each view, opened the way a reviewer reaches it, with what must be on screen before it is measured. */
const VIEWS: Array<{ name: string; hash: string; ready: string; open?: string[] }> = [
  { name: 'queue', hash: '#/queue', ready: 'table.queue[aria-busy="false"] tbody tr' },
  { name: 'resolved', hash: '#/queue?status=RESOLVED', ready: 'table.queue[aria-busy="false"] tbody tr' },
  {
    name: 'item',
    hash: '#/item/ESC-DEMO-105',
    ready: 'table.invoices',
    open: ['details.raw summary', 'ul.emails summary'],
  },
  { name: 'wide-item', hash: `#/item/ESC-${WIDE.ticketId}`, ready: 'table.audit', open: ['details.raw summary'] },
  { name: 'overview', hash: '#/overview?days=14', ready: 'figure.chart svg' },
  { name: 'tickets', hash: '#/tickets?by=terminalId&q=20010003', ready: 'section.record' },
  { name: 'settings', hash: '#/settings', ready: 'table.reviewers tbody tr' },
];

beforeAll(async () => {
  stack = await startLocalStack({ records: readRecordsFile(path.join(DEMO, 'records.json')) });
  browser = await launchChromium();
  for (const line of readFileSync(path.join(DEMO, 'tickets.jsonl'), 'utf8').split('\n').filter(Boolean))
    await deliver(stack, line);
  await deliver(stack, JSON.stringify(WIDE));
  // One item worked to the end: a reply with a body to open, an audit trail, a resolved tab.
  for (const id of ['ESC-DEMO-105', `ESC-${WIDE.ticketId}`]) {
    await call('POST', `/escalations/${id}/claim`);
    await call('POST', `/escalations/${id}/reply`, { text: '您好，争议账单已核实，固件请升级到最低版本。' });
  }
  await call('POST', `/escalations/ESC-${WIDE.ticketId}/resolve`, { resolution: 'REPLIED', note: 'n'.repeat(300) });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('the console at a phone width and a desktop width', () => {
  for (const lang of LANGS) {
    for (const width of WIDTHS) {
      it(`scrolls no view sideways at ${width} px in ${lang}`, async () => {
        const signedOut = await signedIn(width, lang, false);
        await signedOut.locator('.login').waitFor();
        const widths: Record<string, number | string> = { login: await overflow(signedOut) };

        const page = await signedIn(width, lang);
        for (const view of VIEWS) {
          await page.goto(`${stack.urls.console}/${view.hash}`);
          await page.locator(view.ready).first().waitFor(CATCH_UP);
          for (const toggle of view.open ?? []) await page.locator(toggle).first().click();
          widths[view.name] = await overflow(page);
          if (lang === 'en' && ['queue', 'item', 'overview'].includes(view.name))
            await page.screenshot({ path: path.join(SCREENSHOTS, `${view.name}-${width}.png`), fullPage: true });
        }

        expect(widths).toEqual(Object.fromEntries(Object.keys(widths).map((name) => [name, 0])));
      });
    }
  }

  it('lists the queue as cards on a phone and as a table on a desktop', async () => {
    const display = async (width: number) => {
      const page = await signedIn(width, 'en');
      await page.locator('table.queue[aria-busy="false"] tbody tr').first().waitFor();
      return page
        .locator('table.queue tbody tr')
        .first()
        .evaluate((row) => getComputedStyle(row).display);
    };

    expect(await display(390)).toBe('block');
    expect(await display(1440)).toBe('table-row');
  });

  it('shows the queue oldest first, with each item waiting time and SLA countdown', async () => {
    const page = await signedIn(1440, 'en');
    await page.locator('table.queue[aria-busy="false"] tbody tr').first().waitFor();
    const tickets = await page.locator('table.queue tbody td.ticket-cell a').allTextContents();
    const sla = await page.locator('table.queue tbody td.sla').allTextContents();
    const merchants = await page.locator('table.queue tbody td.merchant').allTextContents();

    expect(tickets).toEqual(expect.arrayContaining(['DEMO-106', 'DEMO-108']));
    expect(tickets.indexOf('DEMO-106')).toBeLessThan(tickets.indexOf('DEMO-108'));
    expect(sla.length).toBeGreaterThan(0);
    expect(sla.every((text) => /^due in \d+ h(?: \d+ min)?$/.test(text))).toBe(true);
    expect(merchants).toContainEqual(expect.stringContaining('罗湖药店'));
  });
});

describe('an item as a reviewer reads it', () => {
  it('shows the merchant by name, the terminal, its firmware against the minimum and the invoices in yuan', async () => {
    const page = await signedIn(1440, 'en');
    await page.goto(`${stack.urls.console}/#/item/ESC-DEMO-105`);
    await page.locator('table.invoices').waitFor(CATCH_UP);
    const facts = (await page.locator('section.records').innerText()).split('Raw JSON')[0];
    const raw = page.locator('details.raw');

    expect(facts).toContain('南山数码城');
    expect(facts).toMatch(/Newland \S+/);
    expect(facts).toContain('below the minimum');
    expect(facts).toMatch(/¥\d[\d,]*\.\d\d/);
    expect(facts).not.toContain('Fen');
    expect(await raw.getAttribute('open')).toBeNull();
    await raw.locator('summary').click();
    expect(await raw.textContent()).toContain('"amountDueFen"');
  });

  it("says each finding's reason in Chinese for a Chinese reader and in English for an English one", async () => {
    const reasons = async (lang: 'en' | 'zh') => {
      const page = await signedIn(1440, lang);
      await page.goto(`${stack.urls.console}/#/item/ESC-DEMO-105`);
      await page.locator('ol.findings .reason').first().waitFor(CATCH_UP);
      return page.locator('ol.findings .reason').allTextContents();
    };

    const zh = await reasons('zh');
    const en = await reasons('en');

    expect(zh).toHaveLength(en.length);
    expect(zh.every((line) => /[\u4e00-\u9fff]/.test(line))).toBe(true);
    expect(en.some((line) => line.startsWith('disputed invoice'))).toBe(true);
    expect(zh.some((line) => line.startsWith('有争议中的账单'))).toBe(true);
  });

  it('opens the body of every email the ticket got', async () => {
    const page = await signedIn(1440, 'zh');
    await page.goto(`${stack.urls.console}/#/item/ESC-DEMO-105`);
    const emails = page.locator('ul.emails details');
    await emails.first().waitFor(CATCH_UP);
    const count = await emails.count();
    for (let i = 0; i < count; i++) await emails.nth(i).locator('summary').click();
    const bodies = await emails.locator('pre').allTextContents();

    expect(count).toBeGreaterThanOrEqual(2);
    expect(bodies).toHaveLength(count);
    expect(bodies).toContainEqual(expect.stringContaining('固件请升级到最低版本'));
  });

  it('says in Chinese that another reviewer holds the item, once', async () => {
    const page = await signedIn(1440, 'zh');
    await page.goto(`${stack.urls.console}/#/item/ESC-DEMO-107`);
    await page.getByRole('button', { name: '认领' }).waitFor(CATCH_UP);
    await call('POST', '/escalations/ESC-DEMO-107/claim');

    await page.getByRole('button', { name: '认领' }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents(), CATCH_UP)
      .toEqual(['carol 已认领此工单：只有其本人可以回复、重新分诊或结案。']);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
