/**
 * The shapes of the identifiers a ticket and the records carry (playbook, "Formats"). Every
 * check of a TID, MID or SN in the product reads them from here.
 */
const TID_CHARS = '0-9A-Z';
const TID_LENGTH = 8;

export const IDENTIFIER = {
  /** Terminal ID (终端号): 8 digits or upper-case letters. */
  tid: {
    pattern: new RegExp(`^[${TID_CHARS}]{${TID_LENGTH}}$`),
    chars: TID_CHARS,
    length: TID_LENGTH,
    expect: '8 digits or upper-case letters',
  },
  /** Merchant number (商户号): 15 digits. */
  mid: { pattern: /^\d{15}$/, expect: '15 digits' },
  /** Device serial number (SN, 序列号, 机身号): 6 to 20 letters and digits. */
  serial: { pattern: /^[0-9A-Za-z]{6,20}$/, expect: '6 to 20 letters and digits' },
} as const;

export const isTid = (value: string) => IDENTIFIER.tid.pattern.test(value);
export const isMid = (value: string) => IDENTIFIER.mid.pattern.test(value);
export const isSerial = (value: string) => IDENTIFIER.serial.pattern.test(value);

/** An email address within running text (a ticket's body, a log line). */
export const EMAIL_IN_TEXT = /(?<![\w.%+-])[\w.%+-]+@[a-z\d-]+(?:\.[a-z\d-]+)+/gi;
