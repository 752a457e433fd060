import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeReply, type ReplyInput } from '#domain/replies/compose';
import type { Decision, Finding, Language } from '#domain/triage/types';
import { invoice, merchant, terminal, ticket } from '#fixtures/domain';
import { launchChromium } from './chromium.ts';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const PHONE = { width: 390, height: 844 };

// A shop name no line can break at a space: the page must still not scroll sideways.
const shop = merchant({
  name: `河畔咖啡${'（徐汇区漕溪北路店）'.repeat(4)}RiversideCoffeeXuhuiCaoxiNorthRoadShopNumberTwelve`,
});

function reply(findings: Finding[], language: Language, over: Partial<Decision> = {}, more: Partial<ReplyInput> = {}) {
  const outcome = findings.includes('TERMINAL_DEREGISTERED')
    ? 'ESCALATED'
    : findings.length
      ? 'AUTO_RESOLVED'
      : 'NEEDS_INFO';
  const overdue = [invoice({ invoiceId: 'INV-2026-11-000123456', amountDueFen: 25600, amountPaidFen: 0 })];
  return composeReply({
    ticket: ticket({ ticketId: 'ZD-104233-9001402133' }),
    decision: {
      outcome,
      diagnosis: findings[0] ?? 'NEEDS_INFO',
      findings,
      overdueInvoices: findings.includes('FEES_OVERDUE') ? overdue : [],
      merchantId: shop.merchantId,
      terminalId: outcome === 'NEEDS_INFO' ? null : '40000001',
      language,
      replyTo: shop.contactEmail,
      reasons: [],
      ...over,
    },
    records:
      outcome === 'NEEDS_INFO'
        ? null
        : { terminal: terminal(), merchant: shop, model: null, invoices: overdue, priorAutoResolved: [] },
    merchant: shop,
    escalationId: null,
    ...more,
  });
}

const KINDS: Record<string, (language: Language) => ReturnType<typeof composeReply>> = {
  fix: (language) => reply(['NOT_ACTIVATED', 'FEES_OVERDUE', 'SIGN_IN_REQUIRED'], language),
  'request for the terminal': (language) =>
    reply(
      [],
      language,
      {},
      { choices: { terminals: [terminal(), terminal({ terminalId: '40000002', model: 'S90' })], more: true } },
    ),
  acknowledgement: (language) => reply(['TERMINAL_DEREGISTERED'], language),
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('replies as a phone shows their HTML', () => {
  describe.each(Object.entries(KINDS))('the %s', (kind, make) => {
    it.each(['zh', 'en'] as const)(
      'fits 390 px in %s with no sideways scrolling, every step shown',
      async (language) => {
        const email = make(language);
        const page = await browser.newPage({ viewport: PHONE });
        try {
          await page.setContent(email.html ?? '', { waitUntil: 'load' });
          // A string, as the test's own typings have no DOM; the page runs it.
          const layout = (await page.evaluate(`({
          scrollWidth: document.documentElement.scrollWidth,
          widest: Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)),
          steps: document.querySelectorAll('ol li').length,
          fontSize: parseFloat(getComputedStyle(document.querySelector('p')).fontSize),
        })`)) as { scrollWidth: number; widest: number; steps: number; fontSize: number };

          expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
          expect(layout.widest).toBeLessThanOrEqual(PHONE.width);
          expect(layout.fontSize).toBeGreaterThanOrEqual(16);
          expect(layout.steps).toBe((email.text.match(/^\d+\. /gm) ?? []).length);
          if (kind === 'fix' && language === 'zh')
            await page.screenshot({ path: path.join(SCREENSHOTS, 'reply-fix.png'), fullPage: true });
        } finally {
          await page.close();
        }
      },
    );
  });
});
