/** The wording of every email the workflow writes, per language: subjects, greetings, sections, closings. */
const SECTION_NUMBERS = ['一', '二', '三', '四', '五'];
/** English sections are lettered, so their numbered steps do not read as a second level of the same list. */
const SECTION_LETTERS = ['A', 'B', 'C', 'D', 'E'];

export const TEXT = {
  zh: {
    subject: {
      FIX: 'POS 终端提示 97 的处理方法',
      NEEDS_INFO: '请告诉我们是哪一台终端',
      ACKNOWLEDGEMENT: '我们已收到您的反馈',
      FINDINGS: '关于终端提示 97 的核查结果',
    },
    greeting: (name: string | null) => (name ? `${name} 您好：` : '您好：'),
    intro: (device: string) =>
      `您反馈的 ${device}刷卡提示 97（终端未登记）。我们核对了该终端的登记信息，请按以下步骤处理：`,
    device: (brand: string, model: string, tid: string) => `${brand} ${model} 终端（终端号 ${tid}）`,
    heading: (i: number, title: string) => `${SECTION_NUMBERS[i] ?? i + 1}、${title}`,
    titles: {
      NOT_ACTIVATED: '终端尚未激活',
      FEES_OVERDUE: '手续费逾期未缴',
      FIRMWARE_OUTDATED: '终端系统版本过低',
      SIGN_IN_REQUIRED: '终端需要重新签到',
    },
    feesIntro: (asOf: string | null) =>
      `${asOf ? `截至 ${asOf}（北京时间），` : ''}以下手续费账单已逾期，终端因此被暂停使用：`,
    feesTotal: (total: string) => `合计未缴：${total}`,
    feesHow:
      '缴费方式：登录商户服务平台，在“账单管理”中选择上述账单在线缴费；或对公转账至我行收款账户，附言填写账单编号。到账后终端会在 1 个工作日内恢复，之后请重新签到：',
    firmware: (current: string, minimum: string) =>
      `当前系统版本 ${current}，低于该型号要求的最低版本 ${minimum}。升级步骤：`,
    signInIntro: '该终端的登记信息正常，通常是终端内的密钥或参数已过期，重新签到并下载参数即可：',
    activateIntro:
      '该终端已登记但尚未激活。激活码在装机时以短信发送到贵店登记的联系人手机；找不到时请回复本邮件，我们会重新发送。激活步骤：',
    referenceLabel: '编号：',
    closing: {
      FIX: '如果按以上步骤处理后仍提示 97，请直接回复本邮件，我们会安排专人跟进。',
      NEEDS_INFO: '直接回复本邮件即可，收到后我们会尽快处理。',
      ACKNOWLEDGEMENT: '如需补充情况，直接回复本邮件即可。',
      FINDINGS: '如有疑问，请直接回复本邮件。',
    },
    needInfo: '我们收到了您关于 POS 终端提示 97（终端未登记）的反馈。为了核对是哪一台终端，请回复本邮件告知：',
    needInfoIds: ['终端号（TID，8 位数字或字母）', '终端序列号（SN / 机身号）'],
    whereIds: '可以在以下位置找到：',
    yourTerminals: '贵店登记的终端有以下几台，请告诉我们是哪一台（回复终端品牌型号或终端号后四位即可）：',
    moreTerminals: '还有其他终端未列出。',
    ack: '我们已收到您关于 POS 终端提示 97 的反馈。该问题需要专员核实，专员会在 1 个工作日内与您联系。',
    ackTerminal: (device: string) => `涉及终端：${device}。`,
    tidOnly: (tid: string) => `终端号 ${tid}`,
    signature: '收单商户服务中心',
  },
  en: {
    subject: {
      FIX: 'How to fix code 97 on your terminal',
      NEEDS_INFO: 'Which terminal shows code 97?',
      ACKNOWLEDGEMENT: 'We have received your request',
      FINDINGS: 'What we found about code 97 on your terminal',
    },
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Hello,'),
    intro: (device: string) =>
      `Your ${device} shows code 97 (terminal not registered). We checked this terminal's records; please follow these steps:`,
    device: (brand: string, model: string, tid: string) => `${brand} ${model} terminal (TID ${tid})`,
    heading: (i: number, title: string) => `${SECTION_LETTERS[i] ?? i + 1}. ${title}`,
    titles: {
      NOT_ACTIVATED: 'The terminal is not activated yet',
      FEES_OVERDUE: 'Fees are overdue',
      FIRMWARE_OUTDATED: 'The terminal software is out of date',
      SIGN_IN_REQUIRED: 'The terminal needs to sign in again',
    },
    feesIntro: (asOf: string | null) =>
      `${asOf ? `As of ${asOf} (China Standard Time), these` : 'These'} fee invoices are overdue, so the terminal has been paused:`,
    feesTotal: (total: string) => `Total outstanding: ${total}`,
    feesHow:
      'To pay: sign in to the merchant portal, open Billing and pay these invoices online, or pay by bank transfer to our collection account with the invoice number as the reference. The terminal is released within one business day of payment; then sign it in again:',
    firmware: (current: string, minimum: string) =>
      `The terminal runs version ${current}; this model needs at least ${minimum}. To update:`,
    signInIntro:
      "The terminal's records are in order; its keys or parameters have most likely expired. Signing in and downloading parameters fixes this:",
    activateIntro:
      "The terminal is registered but not yet activated. The activation code was sent by SMS to your shop's registered contact phone when the terminal was installed; if you cannot find it, reply to this email and we will send it again. To activate:",
    referenceLabel: 'Reference: ',
    closing: {
      FIX: 'If the terminal still shows code 97 after these steps, reply to this email and a specialist will follow up.',
      NEEDS_INFO: 'Just reply to this email; we will take it from there.',
      ACKNOWLEDGEMENT: 'To add anything, just reply to this email.',
      FINDINGS: 'If you have any questions, just reply to this email.',
    },
    needInfo:
      'We received your message about code 97 (terminal not registered). To find the right terminal, please reply with:',
    needInfoIds: ['the terminal ID (TID, 8 digits or letters)', 'the terminal serial number (SN)'],
    whereIds: 'You can find them here:',
    yourTerminals:
      'These terminals are registered to your shop. Which one shows code 97? (The brand and model, or the last four digits of the TID, are enough.)',
    moreTerminals: 'There are more that are not listed here.',
    ack: 'We have received your message about code 97. A specialist needs to look into it and will contact you within one business day.',
    ackTerminal: (device: string) => `Terminal: ${device}.`,
    tidOnly: (tid: string) => `TID ${tid}`,
    signature: 'Merchant Services',
  },
} as const;
