/** The wording of every email the workflow writes, per language: subjects, greetings, sections, closings. */
const SECTION_NUMBERS = ['一', '二', '三', '四', '五'];

export const TEXT = {
  zh: {
    subject: {
      FIX: 'POS 终端提示 97 的处理方法',
      NEEDS_INFO: '请提供终端号和序列号',
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
    feesIntro: '以下手续费账单已逾期，终端因此被暂停使用：',
    feesTotal: (total: string) => `合计未缴：${total}`,
    feesHow: '请通过商户服务平台或对公转账缴清上述款项。到账后终端会在 1 个工作日内恢复，之后请重新签到：',
    firmware: (current: string, minimum: string) =>
      `当前系统版本 ${current}，低于该型号要求的最低版本 ${minimum}。升级步骤：`,
    signInIntro: '该终端的登记信息正常，通常是终端内的密钥或参数已过期，重新签到并下载参数即可：',
    activateIntro: '该终端已登记但尚未激活，请按以下步骤激活：',
    closing: (ref: string) => `如果按以上步骤处理后仍提示 97，请直接回复本邮件并注明编号 ${ref}，我们会安排专人跟进。`,
    needInfo: [
      '我们收到了您关于 POS 终端提示 97（终端未登记）的反馈。为了核对是哪一台终端，请回复本邮件告知：',
      '1. 终端号（TID，8 位数字或字母）；',
      '2. 终端序列号（SN / 机身号）。',
      '可以在以下位置找到：',
    ],
    needInfoClosing: (ref: string) => `回复时请保留编号 ${ref}。收到后我们会尽快处理。`,
    ack: (ref: string, esc: string | null) => [
      `我们已收到您关于 POS 终端提示 97 的反馈，编号 ${ref}。`,
      esc
        ? `该问题需要专员核实，已转交处理（跟进编号 ${esc}），专员会在 1 个工作日内与您联系。`
        : '该问题需要专员核实，专员会在 1 个工作日内与您联系。',
      '回复本邮件时请保留上述编号。',
    ],
    signature: '收单商户服务中心',
  },
  en: {
    subject: {
      FIX: 'How to fix code 97 on your terminal',
      NEEDS_INFO: 'Please send your terminal ID and serial number',
      ACKNOWLEDGEMENT: 'We have received your request',
      FINDINGS: 'What we found about code 97 on your terminal',
    },
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Hello,'),
    intro: (device: string) =>
      `Your ${device} shows code 97 (terminal not registered). We checked this terminal's records; please follow these steps:`,
    device: (brand: string, model: string, tid: string) => `${brand} ${model} terminal (TID ${tid})`,
    heading: (i: number, title: string) => `${i + 1}) ${title}`,
    titles: {
      NOT_ACTIVATED: 'The terminal is not activated yet',
      FEES_OVERDUE: 'Fees are overdue',
      FIRMWARE_OUTDATED: 'The terminal software is out of date',
      SIGN_IN_REQUIRED: 'The terminal needs to sign in again',
    },
    feesIntro: 'These fee invoices are overdue, so the terminal has been paused:',
    feesTotal: (total: string) => `Total outstanding: ${total}`,
    feesHow:
      'Please pay through the merchant portal or by bank transfer. The terminal is released within one business day of payment; then sign it in again:',
    firmware: (current: string, minimum: string) =>
      `The terminal runs version ${current}; this model needs at least ${minimum}. To update:`,
    signInIntro:
      "The terminal's records are in order; its keys or parameters have most likely expired. Signing in and downloading parameters fixes this:",
    activateIntro: 'The terminal is registered but not yet activated. To activate it:',
    closing: (ref: string) =>
      `If the terminal still shows code 97 after these steps, reply to this email quoting ${ref} and a specialist will follow up.`,
    needInfo: [
      'We received your message about code 97 (terminal not registered). To find the right terminal, please reply with:',
      '1. the terminal ID (TID, 8 digits or letters);',
      '2. the terminal serial number (SN).',
      'You can find them here:',
    ],
    needInfoClosing: (ref: string) => `Please keep the reference ${ref} in your reply.`,
    ack: (ref: string, esc: string | null) => [
      `We have received your message about code 97, reference ${ref}.`,
      esc
        ? `A specialist needs to look into it and has been assigned (case ${esc}); they will contact you within one business day.`
        : 'A specialist needs to look into it and will contact you within one business day.',
      'Please keep the reference when you reply.',
    ],
    signature: 'Merchant Services',
  },
} as const;
