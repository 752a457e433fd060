import { describe, expect, it } from 'vitest';
import { generateCorpus } from '#lib/local/corpus';
import { DEFAULT_FAULTS, FaultInjector, parseFaults } from '#lib/local/faults';

describe('parseFaults', () => {
  it('reads every setting, keeping the defaults for the rest', () => {
    expect(parseFaults('rate=0.5,seed=7,kinds=hang+lost,targets=ses,functions=SendReply+Intake,hangMs=10')).toEqual({
      rate: 0.5, seed: 7, kinds: ['hang', 'lost'], targets: ['ses'], functions: ['SendReply', 'Intake'], hangMs: 10,
    });
    expect(parseFaults('')).toEqual(DEFAULT_FAULTS);
  });

  it.each([
    ['rate=2', /rate must be a number from 0 to 1/],
    ['kinds=explode', /kinds takes throttle\+fail\+hang\+lost, not explode/],
    ['colour=red', /unknown setting colour/],
  ])('refuses %s, saying why', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message);
  });
});

describe('FaultInjector', () => {
  it('injects about the asked share of faults, the same ones for the same seed, and counts them', () => {
    const picks = (seed: number) => {
      const injector = new FaultInjector({ ...DEFAULT_FAULTS, seed });
      const kinds = Array.from({ length: 2_000 }, () => injector.pick('dynamodb'));
      return { kinds, injector };
    };
    const a = picks(3);
    const b = picks(3);

    expect(a.kinds).toEqual(b.kinds);
    expect(a.injector.total).toBeGreaterThan(300);
    expect(a.injector.total).toBeLessThan(500);
    expect(Object.values(a.injector.counts.dynamodb).every((n) => n > 0)).toBe(true);
  });

  it('leaves alone the targets and functions it was not asked to touch', () => {
    const injector = new FaultInjector({ ...DEFAULT_FAULTS, rate: 1, targets: ['lambda'], functions: ['SendReply'] });

    expect(injector.pick('ses')).toBeNull();
    expect(injector.pick('lambda', 'Decide1234')).toBeNull();
    expect(injector.pick('lambda', 'SendReply8C2C')).not.toBeNull();
  });
});

describe('generateCorpus', () => {
  it('makes the same corpus for the same seed, with every ticket named for a merchant', () => {
    const a = generateCorpus({ merchants: 20, tickets: 50, seed: 9 });
    const b = generateCorpus({ merchants: 20, tickets: 50, seed: 9 });

    expect(a).toEqual(b);
    expect(a.tickets).toHaveLength(50);
    expect(Object.keys(a.merchantOf)).toHaveLength(50);
    expect(new Set(a.tickets.map((t) => t.ticketId)).size).toBe(50);
  });
});
