/**
 * The edition of the rules a decision was made by, kept in every decision record: the playbook
 * with §5 as settled in November 2026. Change it with any change to what the rules decide.
 */
export const RULES_VERSION = 'playbook-2026-11-s5';
