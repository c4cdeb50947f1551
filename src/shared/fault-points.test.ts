import { describe, expect, it } from 'vitest';
import { FAULT_POINT_ENV, faultPointsFromEnv, noFaultPoints } from './fault-points.js';

describe('fault points', () => {
  it('are inert without the variable', () => {
    expect(faultPointsFromEnv({})).toBe(noFaultPoints);
    expect(faultPointsFromEnv({ [FAULT_POINT_ENV]: '' })).toBe(noFaultPoints);
  });

  it('refuse a name that is no point, so a typo cannot make a crash test pass without crashing', () => {
    expect(() => faultPointsFromEnv({ [FAULT_POINT_ENV]: 'ingest:after-inset' })).toThrow(
      /ingest:after-inset is not one of ingest:after-fetch, /,
    );
  });

  it('leave every other point alone', () => {
    const faults = faultPointsFromEnv({ [FAULT_POINT_ENV]: 'send:after-send' });
    expect(() => faults('ingest:after-fetch')).not.toThrow();
    expect(() => faults('send:after-mark')).not.toThrow();
  });
});
