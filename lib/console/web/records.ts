import { compareVersions } from '#domain/triage/version';
import { chinaDate, overdueInvoices, REPEAT_WINDOW_HOURS, repeatedContacts } from '#domain/triage/findings';
import type { RecordChangeMark } from '#domain/records/watch';
import type { Invoice, Merchant, Terminal, TerminalModel } from '#domain/triage/types';
import type { Lang } from './i18n.ts';

/** What a decision read, as the escalation packet keeps it (`recordsRead`), in the shapes the console draws. */
export interface ReadRecords {
  terminal: Terminal | null;
  merchant: Merchant | null;
  /** The merchants whose contact sent the ticket and the MIDs it named, for a mismatch. */
  senderMerchantIds: string[];
  namedMerchantIds: string[];
  /** Null when the model has no minimum on record, or the records were not read. */
  model: TerminalModel | null;
  invoices: Invoice[];
  priorAutoResolved: Array<{ ticketId: string; receivedAt: string }>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The packet's `recordsRead` read defensively: a failure packet may hold only part of it, or nothing. */
export function readRecords(recordsRead: unknown): ReadRecords | null {
  if (!isObject(recordsRead)) return null;
  const identify = isObject(recordsRead.identify) ? recordsRead.identify : {};
  const identification = isObject(identify.identification) ? identify.identification : {};
  const records = isObject(recordsRead.records) ? recordsRead.records : {};
  const terminal = isObject(identification.terminal) ? (identification.terminal as unknown as Terminal) : null;
  const senders = Array.isArray(identification.senderMerchants) ? identification.senderMerchants : [];
  const merchant = isObject(records.merchant) ? (records.merchant as unknown as Merchant) : null;
  if (!terminal && !merchant && senders.length === 0) return null;
  return {
    terminal,
    merchant: merchant ?? (senders.length === 1 && isObject(senders[0]) ? (senders[0] as unknown as Merchant) : null),
    senderMerchantIds: senders.filter(isObject).map((m) => String(m.merchantId)),
    namedMerchantIds: Array.isArray(identification.namedMerchantIds) ? identification.namedMerchantIds.map(String) : [],
    model: isObject(records.model) ? (records.model as unknown as TerminalModel) : null,
    invoices: Array.isArray(records.invoices) ? (records.invoices.filter(isObject) as unknown as Invoice[]) : [],
    priorAutoResolved: Array.isArray(records.priorAutoResolved)
      ? (records.priorAutoResolved.filter(isObject) as unknown as ReadRecords['priorAutoResolved'])
      : [],
  };
}

/** Fen as yuan, the way an invoice prints it: `¥1,580.00`. */
export function yuan(fen: number): string {
  if (!Number.isFinite(fen)) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100).toLocaleString('en');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Whether the terminal's firmware is below its model's minimum; null when either is unknown. */
export function firmwareBelowMinimum(records: ReadRecords): boolean | null {
  if (!records.terminal?.firmwareVersion || !records.model?.minFirmwareVersion) return null;
  return compareVersions(records.terminal.firmwareVersion, records.model.minFirmwareVersion) < 0;
}

/** The invoices past due and unpaid on the day the ticket came (China Standard Time), as the rules count them. */
export const overdueOn = (records: ReadRecords, receivedAt: string) =>
  new Set(overdueInvoices(records.invoices, receivedAt).map((i) => i.invoiceId));

const list = (items: string[]) => items.join('、');

/**
 * A finding's reason in Chinese, said from the records the decision read, as the rules reason
 * it (the stored reasons are the rules' own English). Null when the records do not say.
 */
function zhReason(code: string, records: ReadRecords | null, ticketId: string, receivedAt: string): string | null {
  switch (code) {
    case 'TERMINAL_NOT_FOUND':
      return '资料中没有与工单所给终端号（TID）或序列号（SN）相符的终端';
    case 'MERCHANT_NOT_FOUND':
      return '资料中没有与工单所给商户号（MID）相符的商户';
    case 'NEEDS_INFO':
      return records?.merchant
        ? `已知商户 ${records.merchant.merchantId}，但工单未写明其终端，且该商户有多台终端`
        : '工单中没有资料里的终端号、序列号或商户号，发件人也不是任何商户的联系邮箱';
  }
  const terminal = records?.terminal;
  if (!records || !terminal) return null;
  switch (code) {
    case 'MERCHANT_MISMATCH':
      return `终端 ${terminal.terminalId} 绑定的商户是 ${terminal.merchantId}，来信代表的商户是 ${list([
        ...new Set([...records.namedMerchantIds, ...records.senderMerchantIds]),
      ])}`;
    case 'MERCHANT_INACTIVE':
      return `商户 ${terminal.merchantId} 的状态为${records.merchant ? statusWord(records.merchant.status, 'zh') : '未知'}`;
    case 'TERMINAL_DEREGISTERED':
    case 'APPLICATION_INCOMPLETE':
    case 'NOT_ACTIVATED':
      return `终端 ${terminal.terminalId} 的登记状态为${registrationWord(terminal.registration, 'zh')}`;
    case 'FEE_DISPUTE':
      return `有争议中的账单：${list(records.invoices.filter((i) => i.status === 'DISPUTED').map((i) => i.invoiceId))}`;
    case 'REPEAT_CONTACT':
      return `本工单之前 ${REPEAT_WINDOW_HOURS} 小时内已自动回复过：${list(
        repeatedContacts(records, ticketId, receivedAt).map((p) => p.ticketId),
      )}`;
    case 'FEES_OVERDUE': {
      const overdue = overdueInvoices(records.invoices, receivedAt);
      return `截至 ${chinaDate(receivedAt)}（北京时间）逾期未缴：${list(overdue.map((i) => `${i.invoiceId}（到期日 ${i.dueDate}）`))}`;
    }
    case 'FIRMWARE_OUTDATED':
      return `固件 ${terminal.firmwareVersion} 低于 ${terminal.brand} ${terminal.model} 的最低版本 ${records.model?.minFirmwareVersion ?? '—'}`;
    case 'SIGN_IN_REQUIRED':
      return '登记、商户状态、账单、固件和历史记录均正常：需重新签到并下载参数';
  }
  return null;
}

export interface ShownReason {
  text: string;
  /** The language the text is in: a stored reason the console cannot say again stays English. */
  lang: Lang;
}

/**
 * The reasons under one finding, in the reviewer's language: the rules' stored lines (English)
 * for an English reader, the same facts said from the records for a Chinese one.
 */
export function reasonsOf(
  code: string,
  stored: string[],
  context: { records: ReadRecords | null; ticketId: string; receivedAt: string },
  lang: Lang,
): ShownReason[] {
  const own = stored.filter((r) => r.startsWith(`${code}:`)).map((r) => r.slice(code.length + 1).trim());
  if (lang === 'en') return own.map((text) => ({ text, lang: 'en' }));
  const said = zhReason(code, context.records, context.ticketId, context.receivedAt);
  if (said) return [{ text: said, lang: 'zh' }];
  return own.map((text) => ({ text, lang: 'en' }));
}

/** The stored reasons that belong to no finding (a check that could not run), said in the reviewer's language. */
export function otherReasons(stored: string[], findings: string[], records: ReadRecords | null, lang: Lang) {
  return stored
    .filter((r) => !findings.some((code) => r.startsWith(`${code}:`)))
    .map((text): ShownReason => {
      if (lang === 'zh' && text.startsWith('firmware not checked') && records?.terminal)
        return {
          text: `未核查固件：资料中没有 ${records.terminal.brand} ${records.terminal.model} 的最低版本（型号表无此行）`,
          lang: 'zh',
        };
      return { text, lang: 'en' };
    });
}

const REGISTRATION: Record<string, Record<Lang, string>> = {
  REGISTERED: { en: 'registered', zh: '已登记' },
  PENDING_ACTIVATION: { en: 'pending activation', zh: '待激活' },
  PENDING_REVIEW: { en: 'pending review', zh: '待审核' },
  REJECTED: { en: 'rejected', zh: '已拒绝' },
  DEREGISTERED: { en: 'deregistered', zh: '已注销' },
};
const MERCHANT_STATUS: Record<string, Record<Lang, string>> = {
  ACTIVE: { en: 'active', zh: '正常' },
  SUSPENDED: { en: 'suspended', zh: '已暂停' },
  CLOSED: { en: 'closed', zh: '已关闭' },
};
const INVOICE_STATUS: Record<string, Record<Lang, string>> = {
  OPEN: { en: 'open', zh: '未结清' },
  PAID: { en: 'paid', zh: '已付清' },
  DISPUTED: { en: 'disputed', zh: '有争议' },
};

export const registrationWord = (value: string, lang: Lang) => REGISTRATION[value]?.[lang] ?? value;
export const statusWord = (value: string, lang: Lang) => MERCHANT_STATUS[value]?.[lang] ?? value;
export const invoiceWord = (value: string, lang: Lang) => INVOICE_STATUS[value]?.[lang] ?? value;

/** One field a records change set to another value than the decision read. */
export interface FieldChange {
  field: string;
  was: unknown;
  now: unknown;
}

/** The record of the change's entity and key as the decision read it, if it read one. */
function readBefore(mark: RecordChangeMark, records: ReadRecords | null): Record<string, unknown> | null {
  if (!records) return null;
  const { terminal, merchant, model, invoices } = records;
  const found = (() => {
    switch (mark.entity) {
      case 'terminal':
        return terminal?.terminalId === mark.key.terminalId ? terminal : null;
      case 'merchant':
        return merchant?.merchantId === mark.key.merchantId ? merchant : null;
      case 'model':
        return model?.brand === mark.key.brand && model?.model === mark.key.model ? model : null;
      case 'invoice':
        return invoices.find((i) => i.invoiceId === mark.key.invoiceId) ?? null;
    }
  })();
  return found ? (found as unknown as Record<string, unknown>) : null;
}

/** What a change did to what the decision read: the fields it changed, a delete, or a record it did not read. */
export function changeAgainstDecision(
  mark: RecordChangeMark,
  records: ReadRecords | null,
): { kind: 'DELETED' } | { kind: 'NEW' } | { kind: 'CHANGED'; fields: FieldChange[] } {
  if (mark.op === 'delete') return { kind: 'DELETED' };
  const before = readBefore(mark, records);
  if (!before) return { kind: 'NEW' };
  const fields = Object.entries(mark.record ?? {})
    .filter(([field, value]) => field !== 'asOf' && JSON.stringify(before[field]) !== JSON.stringify(value))
    .map(([field, now]) => ({ field, was: before[field], now }));
  return { kind: 'CHANGED', fields };
}
