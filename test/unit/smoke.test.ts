import { describe, expect, it } from 'vitest';
import { ESCALATION_FINDINGS } from '#triage/types';

describe('types', () => {
  it('lists escalation findings in priority order', () => {
    expect(ESCALATION_FINDINGS[0]).toBe('MERCHANT_MISMATCH');
  });
});
