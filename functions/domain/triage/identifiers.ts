/**
 * The shapes of the identifiers a ticket and the records carry (playbook, "Formats"). Every
 * check of a TID, MID or SN in the product reads them from here.
 */
export const IDENTIFIER = {
  /** Terminal ID (终端号): 8 digits or upper-case letters. */
  tid: { pattern: /^[0-9A-Z]{8}$/, expect: '8 digits or upper-case letters' },
  /** Merchant number (商户号): 15 digits. */
  mid: { pattern: /^\d{15}$/, expect: '15 digits' },
  /** Device serial number (SN, 序列号, 机身号): 6 to 20 letters and digits. */
  serial: { pattern: /^[0-9A-Za-z]{6,20}$/, expect: '6 to 20 letters and digits' },
} as const;

export const isTid = (value: string) => IDENTIFIER.tid.pattern.test(value);
export const isMid = (value: string) => IDENTIFIER.mid.pattern.test(value);
export const isSerial = (value: string) => IDENTIFIER.serial.pattern.test(value);
