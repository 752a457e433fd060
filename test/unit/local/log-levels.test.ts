import { describe, expect, it } from 'vitest';
import { logs } from '#lib/local/stepfunctions-local';

describe("a state machine's log level", () => {
  const events = [
    'ExecutionStarted',
    'TaskStateEntered',
    'TaskSucceeded',
    'TaskFailed',
    'ParallelStateFailed',
    'FailStateEntered',
    'ExecutionFailed',
    'ExecutionSucceeded',
  ];

  it('sends every event at ALL and none at OFF', () => {
    expect(events.filter((e) => logs('ALL', e))).toEqual(events);
    expect(events.filter((e) => logs('OFF', e))).toEqual([]);
  });

  it("sends failures only at ERROR, and only the execution's failure at FATAL", () => {
    expect(events.filter((e) => logs('ERROR', e))).toEqual([
      'TaskFailed',
      'ParallelStateFailed',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(events.filter((e) => logs('FATAL', e))).toEqual(['ExecutionFailed']);
  });
});
