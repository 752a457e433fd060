import { seededRandom } from '#lib/local/random';
import type { Invoice, Merchant, Records, Registration, Terminal, TerminalModel, Ticket } from '#domain/triage/types';

/**
 * A seeded, reproducible corpus of records and tickets of any size, for the fault run and the
 * bench: merchants with one to three terminals across the common brands, every registration
 * state, paid, overdue and disputed invoices, and tickets in Chinese and English that name
 * their terminal by TID, SN or MID, or not at all, or do not mention code 97.
 */

export interface CorpusOptions {
  merchants: number;
  tickets: number;
  seed?: number;
  /** ISO start of the tickets' receivedAt; each ticket comes 5 to 60 minutes after the last. */
  from?: string;
}

const MODELS: Array<TerminalModel & { prefix: string }> = [
  { brand: 'PAX', model: 'A920', minFirmwareVersion: '3.4.0', prefix: 'PXA9' },
  { brand: 'PAX', model: 'S90', minFirmwareVersion: '2.8.0', prefix: 'PXS9' },
  { brand: 'LANDI', model: 'A8', minFirmwareVersion: '1.12.0', prefix: 'LDA8' },
  { brand: 'Newland', model: 'ME31', minFirmwareVersion: '5.2.1', prefix: 'NLM3' },
  { brand: 'Sunmi', model: 'V2 Pro', minFirmwareVersion: '4.1.0', prefix: 'SMV2' },
  { brand: 'Centerm', model: 'C960', minFirmwareVersion: '3.0.0', prefix: 'CTC9' },
  { brand: 'Verifone', model: 'X990', minFirmwareVersion: '2.2.0', prefix: 'VFX9' },
  { brand: 'Ingenico', model: 'Move5000', minFirmwareVersion: '11.4.0', prefix: 'INM5' },
];
/** The last model has no baseline row, so its firmware cannot be checked. */
const WITH_BASELINE = MODELS.slice(0, -1);

const SHOPS_ZH = ['面馆', '茶馆', '便利店', '超市', '咖啡馆', '药房', '花店', '书店', '餐厅', '烘焙坊'];
const AREAS_ZH = ['静安', '徐汇', '浦东', '福田', '南山', '天河', '西湖', '锦江', '鼓楼', '江北'];
const SHOPS_EN = [
  'Noodle Bar',
  'Tea House',
  'Corner Store',
  'Market',
  'Cafe',
  'Pharmacy',
  'Florist',
  'Books',
  'Kitchen',
  'Bakery',
];

const REGISTRATIONS: Array<[Registration, number]> = [
  ['REGISTERED', 0.8],
  ['PENDING_ACTIVATION', 0.08],
  ['PENDING_REVIEW', 0.04],
  ['REJECTED', 0.02],
  ['DEREGISTERED', 0.06],
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface Corpus extends Records {
  tickets: Ticket[];
  /** The merchant each ticket was written for: tickets of different merchants share no history. */
  merchantOf: Record<string, string>;
}

export function generateCorpus(options: CorpusOptions): Corpus {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const weighted = <T>(items: Array<[T, number]>): T => {
    let r = random();
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return (items[0] as [T, number])[0];
  };

  const merchants: Merchant[] = [];
  const terminals: Terminal[] = [];
  const invoices: Invoice[] = [];
  for (let m = 0; m < options.merchants; m++) {
    const zh = random() < 0.7;
    const merchantId = `8986${pad(m + 1, 11)}`;
    merchants.push({
      merchantId,
      name: zh ? `${pick(AREAS_ZH)}${pick(SHOPS_ZH)}${m + 1}号店` : `${pick(SHOPS_EN)} No. ${m + 1}`,
      contactEmail: `owner${m + 1}@shop${m + 1}.example`,
      status: weighted([
        ['ACTIVE', 0.93],
        ['SUSPENDED', 0.05],
        ['CLOSED', 0.02],
      ]),
      language: zh ? 'zh' : 'en',
    });
    const count = 1 + Math.floor(random() * 3);
    for (let t = 0; t < count; t++) {
      const model = pick(MODELS);
      const outdated = random() < 0.15;
      const [major = 1, minor = 0] = model.minFirmwareVersion.split('.').map(Number);
      terminals.push({
        terminalId: `5${pad(terminals.length + 1, 7)}`,
        serialNumber: `${model.prefix}${pad(terminals.length + 1, 8)}`,
        merchantId,
        brand: model.brand,
        model: model.model,
        registration: weighted(REGISTRATIONS),
        firmwareVersion: outdated ? `${major}.${Math.max(0, minor - 1)}.9` : `${major}.${minor + 1}.0`,
      });
    }
    const bills = Math.floor(random() * 3);
    for (let b = 0; b < bills; b++) {
      const status = weighted<Invoice['status']>([
        ['PAID', 0.75],
        ['OPEN', 0.2],
        ['DISPUTED', 0.05],
      ]);
      const due = 3000 + Math.floor(random() * 50) * 100;
      invoices.push({
        invoiceId: `INV-${merchantId.slice(-6)}-${b + 1}`,
        merchantId,
        period: `2026-${pad(9 + b, 2)}`,
        amountDueFen: due,
        amountPaidFen: status === 'PAID' ? due : 0,
        dueDate: `2026-${pad(10 + b, 2)}-15`,
        status,
      });
    }
  }

  const tickets: Ticket[] = [];
  const merchantOf: Record<string, string> = {};
  let at = Date.parse(options.from ?? '2026-11-01T09:00:00+08:00');
  for (let i = 0; i < options.tickets; i++) {
    at += (5 + Math.floor(random() * 55)) * 60_000;
    const terminal =
      random() < 0.15 && tickets.length > 0
        ? terminals[Math.floor(random() * Math.min(terminals.length, 20))]
        : pick(terminals);
    if (!terminal) break;
    const merchant = merchants.find((m) => m.merchantId === terminal.merchantId) as Merchant;
    const zh = merchant.language === 'zh';
    const from = random() < 0.9 ? merchant.contactEmail : `someone${i}@elsewhere.example`;
    const shape = weighted<string>([
      ['tid', 0.4],
      ['sn', 0.15],
      ['mid', 0.1],
      ['none', 0.15],
      ['unknown', 0.05],
      ['other', 0.15],
    ]);
    const [subject, body] = ((): [string, string] => {
      switch (shape) {
        case 'tid':
          return zh
            ? ['POS机刷卡提示97', `今天开始刷卡一直提示97终端未登记，终端号 ${terminal.terminalId}，麻烦看一下。`]
            : [
                'Error 97',
                `Our terminal (TID ${terminal.terminalId}) shows error 97 on every card since this morning.`,
              ];
        case 'sn':
          return zh
            ? ['POS报97', `机器一刷卡就报97，机身号 ${terminal.serialNumber}。`]
            : [
                'Code 97 on our POS',
                `The ${terminal.brand} terminal, SN ${terminal.serialNumber}, says terminal not registered.`,
              ];
        case 'mid':
          return zh
            ? ['终端未登记', `商户号 ${merchant.merchantId}，POS显示97终端未登记。`]
            : ['Terminal not registered', `Merchant ${merchant.merchantId}: the terminal shows response code 97.`];
        case 'none':
          return zh
            ? ['POS显示97', '刷卡显示97终端未登记，急！']
            : ['Code 97', 'Card payments fail with code 97, please help.'];
        case 'unknown':
          return zh
            ? ['POS提示97', `终端号 9${pad(i, 7)} 一直提示97。`]
            : ['Error 97', `TID 9${pad(i, 7)} shows error 97.`];
        default:
          return zh
            ? ['手续费咨询', '上个月账单里有一笔97元的手续费，请问是怎么计算的？']
            : ['Settlement question', 'The settlement report shows 97 transactions but we took 99 payments.'];
      }
    })();
    merchantOf[`GEN-${pad(i + 1, 6)}`] = merchant.merchantId;
    tickets.push({
      ticketId: `GEN-${pad(i + 1, 6)}`,
      receivedAt: new Date(at).toISOString().replace('.000Z', 'Z'),
      from,
      subject,
      body,
      channel: 'email',
    });
  }
  const models = WITH_BASELINE.map(({ brand, model, minFirmwareVersion }) => ({ brand, model, minFirmwareVersion }));
  return { merchants, terminals, models, invoices, tickets, merchantOf };
}
