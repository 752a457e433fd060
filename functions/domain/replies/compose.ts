import type { SuggestedReply } from '#domain/escalation';
import { type Block, h, list, p, steps, toHtml, toText } from '#domain/replies/document';
import { formatYuan, invoiceLine, maskTid, outstandingFen } from '#domain/replies/format';
import { chinaTime } from '#domain/time';
import { type DeviceGuide, guideFor } from '#domain/replies/guides';
import { referenceOf } from '#domain/replies/reference';
import { TEXT } from '#domain/replies/reply-text';
import type {
  Decision,
  Language,
  Merchant,
  MerchantFixableFinding,
  RecordsRead,
  Terminal,
  Ticket,
} from '#domain/triage/types';

/** FROM_OPS: a reviewer's reply from the queue. */
export type EmailKind = 'FIX' | 'NEEDS_INFO' | 'ACKNOWLEDGEMENT' | 'FROM_OPS';

export interface Email {
  to: string;
  subject: string;
  text: string;
  /** The same email as HTML, for mail apps that show it; the text part says all of it. */
  html?: string;
  language: Language;
  kind: EmailKind;
}

export interface ReplyInput {
  ticket: Ticket;
  decision: Decision;
  records: RecordsRead | null;
  merchant: Merchant | null;
  escalationId: string | null;
  /** The merchant's terminals, when it has several and the ticket named none: the request lists them. */
  choices?: { terminals: Terminal[]; more: boolean } | undefined;
}

type Kind = Exclude<EmailKind, 'FROM_OPS'> | 'FINDINGS';

const subjectFor = (kind: Kind, ticket: Ticket, language: Language) =>
  `[${referenceOf(ticket.ticketId)}] ${TEXT[language].subject[kind]}`;

/** Greeting, content, the reference to quote, the closing that fits what the email asked, the signature. */
function framed(kind: Kind, ticket: Ticket, language: Language, name: string | null, content: Block[]): Block[] {
  const t = TEXT[language];
  return [
    p(t.greeting(name)),
    ...content,
    { kind: 'reference', label: t.referenceLabel, reference: referenceOf(ticket.ticketId) },
    p(t.closing[kind]),
    p(t.signature),
  ];
}

/** An email of the workflow's, its text and HTML parts from the same blocks. */
function email(
  kind: Exclude<Kind, 'FINDINGS'>,
  input: { ticket: Ticket; to: string; language: Language },
  blocks: Block[],
): Email {
  const subject = subjectFor(kind, input.ticket, input.language);
  return {
    to: input.to,
    subject,
    text: toText(blocks),
    html: toHtml(blocks, input.language, subject),
    language: input.language,
    kind,
  };
}

const device = (terminal: Terminal, language: Language) =>
  TEXT[language].device(terminal.brand, terminal.model, maskTid(terminal.terminalId));

function fixSection(
  finding: MerchantFixableFinding,
  records: RecordsRead,
  decision: Decision,
  guide: DeviceGuide,
): Block[] {
  const t = TEXT[decision.language];
  switch (finding) {
    case 'NOT_ACTIVATED':
      return [p(t.activateIntro), steps(guide.activate)];
    case 'FEES_OVERDUE': {
      const total = decision.overdueInvoices.reduce((sum, i) => sum + outstandingFen(i), 0);
      return [
        p(t.feesIntro(decision.invoicesAsOf ? chinaTime(decision.invoicesAsOf) : null)),
        list(decision.overdueInvoices.map((i) => invoiceLine(i, decision.language))),
        p(t.feesTotal(formatYuan(total, decision.language))),
        p(t.feesHow),
        steps(guide.signIn),
      ];
    }
    case 'FIRMWARE_OUTDATED':
      return [
        p(t.firmware(records.terminal.firmwareVersion, records.model?.minFirmwareVersion ?? '?')),
        steps(guide.updateFirmware),
      ];
    case 'SIGN_IN_REQUIRED':
      return [p(t.signInIntro), steps(guide.signIn)];
  }
}

/** One section per finding, headed (一、/ A.) only when there are several. */
function fixSections(findings: MerchantFixableFinding[], records: RecordsRead, decision: Decision): Block[] {
  const t = TEXT[decision.language];
  const guide = guideFor(records.terminal.brand, records.terminal.model, decision.language);
  return findings.flatMap((finding, i) => [
    ...(findings.length > 1 ? [h(t.heading(i, t.titles[finding]))] : []),
    ...fixSection(finding, records, decision, guide),
  ]);
}

const fixableOf = (decision: Decision) =>
  decision.findings.filter((f): f is MerchantFixableFinding => f in TEXT[decision.language].titles);

function fixBlocks(input: ReplyInput, records: RecordsRead): Block[] {
  const { decision } = input;
  const t = TEXT[decision.language];
  return [
    p(t.intro(device(records.terminal, decision.language))),
    ...fixSections(fixableOf(decision), records, decision),
  ];
}

/** The request for the terminal: the merchant's own terminals to choose from when we know them, else where to find the IDs. */
function needsInfoBlocks(input: ReplyInput): Block[] {
  const { language } = input.decision;
  const t = TEXT[language];
  const terminals = input.choices?.terminals ?? [];
  const choices =
    terminals.length > 1
      ? [
          p(t.yourTerminals),
          list(terminals.map((terminal) => device(terminal, language))),
          ...(input.choices?.more ? [p(t.moreTerminals)] : []),
        ]
      : [];
  return [...choices, p(t.needInfo), steps(t.needInfoIds), p(t.whereIds), list(guideFor('', '', language).findIds)];
}

/** The one email a triggered ticket gets (playbook section 4). Account data only in a FIX. */
export function composeReply(input: ReplyInput): Email {
  const { decision, ticket, records } = input;
  const name = input.merchant?.name ?? null;
  const to = { ticket, to: decision.replyTo, language: decision.language };
  if (decision.outcome === 'AUTO_RESOLVED' && records)
    return email(
      'FIX',
      to,
      framed('FIX', ticket, decision.language, records.merchant?.name ?? name, fixBlocks(input, records)),
    );
  if (decision.outcome === 'NEEDS_INFO')
    return email('NEEDS_INFO', to, framed('NEEDS_INFO', ticket, decision.language, name, needsInfoBlocks(input)));
  const toContact =
    records?.merchant?.contactEmail !== undefined &&
    records.merchant.contactEmail.toLowerCase() === decision.replyTo.toLowerCase();
  const named = records && toContact ? device(records.terminal, decision.language) : null;
  return composeAcknowledgement(ticket, decision.replyTo, decision.language, named ?? decision.terminalId);
}

/**
 * The acknowledgement: that a person follows up, the terminal it is about, and the reference;
 * no account data (the terminal by brand and model only for its registered contact, else by
 * its masked TID alone).
 */
export function composeAcknowledgement(
  ticket: Ticket,
  to: string,
  language: Language,
  terminal: string | null = null,
): Email {
  const t = TEXT[language];
  const about = terminal === null ? null : /^[0-9A-Z]{8}$/.test(terminal) ? t.tidOnly(maskTid(terminal)) : terminal;
  const content = [p(t.ack), ...(about ? [p(t.ackTerminal(about))] : [])];
  return email('ACKNOWLEDGEMENT', { ticket, to, language }, framed('ACKNOWLEDGEMENT', ticket, language, null, content));
}

/** What the reviewer may tell the registered contact, per diagnosis; edited before sending. */
const SUGGESTIONS: Record<Language, Record<string, string>> = {
  zh: {
    MERCHANT_MISMATCH:
      '经核实，该终端登记在其他商户名下，因此无法在贵店使用。如为移机或转让，请提供新的装机申请或解绑证明，我们会协助办理。',
    MERCHANT_INACTIVE:
      '贵店的商户账户目前处于暂停或关闭状态，终端因此无法交易。请联系您的客户经理了解原因及恢复所需材料。',
    TERMINAL_DEREGISTERED: '该终端已被注销，无法继续使用。如需恢复或更换终端，请回复本邮件，我们会为您办理重新装机。',
    APPLICATION_INCOMPLETE:
      '该终端的登记资料尚在审核中或未通过审核。请根据审核意见补充或更正资料，审核通过后终端即可使用。',
    FEE_DISPUTE: '您对手续费账单的异议正在处理中，处理完成前终端可能受限。我们会尽快完成核对并告知结果。',
    REPEAT_CONTACT: '很抱歉之前的处理方法没有解决问题。我们的技术人员会远程检查该终端，必要时安排上门服务。',
    TERMINAL_NOT_FOUND:
      '我们没有找到您提供的终端号或序列号的登记记录。请核对终端号和序列号，或告知您的商户号，以便我们进一步查询。',
    MERCHANT_NOT_FOUND: '我们没有找到您提供的商户号的登记记录。请核对商户号，或提供营业执照名称以便我们查询。',
    DEFAULT: '我们在处理您的反馈时遇到了问题，专员正在人工核实，稍后会与您联系。',
  },
  en: {
    MERCHANT_MISMATCH:
      'This terminal is registered to another merchant, so it cannot be used at your shop. If it was moved or transferred, please send the new installation request or the release confirmation and we will help.',
    MERCHANT_INACTIVE:
      'Your merchant account is currently suspended or closed, so the terminal cannot take payments. Please contact your account manager for the reason and what is needed to restore it.',
    TERMINAL_DEREGISTERED:
      'This terminal has been deregistered and can no longer be used. Reply to this email if you need it restored or replaced and we will arrange a new installation.',
    APPLICATION_INCOMPLETE:
      "This terminal's application is still under review or was not approved. Please complete or correct the documents as the review asks; the terminal works once it is approved.",
    FEE_DISPUTE:
      'Your dispute about a fee invoice is being reviewed, and the terminal may be limited until it is settled. We will confirm the outcome shortly.',
    REPEAT_CONTACT:
      'We are sorry the earlier steps did not solve the problem. A technician will check the terminal remotely and arrange a visit if needed.',
    TERMINAL_NOT_FOUND:
      'We could not find the terminal ID or serial number you gave in our records. Please check them, or tell us your merchant number so we can search further.',
    MERCHANT_NOT_FOUND:
      'We could not find the merchant number you gave in our records. Please check it, or send the registered business name so we can search.',
    DEFAULT:
      'We ran into a problem handling your message; a specialist is checking it by hand and will contact you shortly.',
  },
};

/**
 * The reply a reviewer starts from, to whoever wrote: one section per finding, in priority
 * order, in the ticket's language, under its own subject. Escalation findings say what the
 * acquirer will do; a merchant-fixable finding alongside them (¥450 overdue beside a
 * REPEAT_CONTACT) gets its fix, fees itemised, but only when the writer is the merchant's
 * registered contact (playbook §4: account data to no one else). Its closing fits: "still 97
 * after these steps" only when it gives steps. Plain text: the reviewer edits it.
 */
export function composeSuggestedReply(input: ReplyInput): SuggestedReply | null {
  const { decision, ticket, records } = input;
  if (decision.outcome !== 'ESCALATED') return null;
  const language = decision.language;
  const t = TEXT[language];
  // It answers whoever wrote; account data only when that is the registered contact.
  const contact = records?.merchant?.contactEmail ?? null;
  const toContact = contact !== null && contact.toLowerCase() === decision.replyTo.toLowerCase();
  const guide = records ? guideFor(records.terminal.brand, records.terminal.model, language) : null;
  let gaveSteps = false;
  const sections = decision.findings.flatMap((finding): Block[][] => {
    if (finding in t.titles) {
      const fixable = finding as MerchantFixableFinding;
      if (!(toContact && records && guide)) return [];
      gaveSteps = true;
      return [[h(t.titles[fixable]), ...fixSection(fixable, records, decision, guide)]];
    }
    const text = SUGGESTIONS[language][finding];
    return text ? [[p(text)]] : [];
  });
  const body =
    sections.length > 1
      ? sections.flatMap(([first, ...rest], i) => [
          h(t.heading(i, first?.kind === 'h' || first?.kind === 'p' ? first.text : '')),
          ...rest,
        ])
      : (sections[0] ?? [p(SUGGESTIONS[language].DEFAULT ?? '')]);
  const kind = gaveSteps ? 'FIX' : 'FINDINGS';
  const blocks = framed(kind, ticket, language, records?.merchant?.name ?? input.merchant?.name ?? null, body);
  return { to: decision.replyTo, subject: subjectFor('FINDINGS', ticket, language), text: toText(blocks), language };
}
