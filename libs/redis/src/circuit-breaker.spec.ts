import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let nowMs: number;
  let breaker: CircuitBreaker;
  beforeEach(() => {
    nowMs = 1_000_000;
    breaker = new CircuitBreaker(2, 1_000, () => nowMs);
  });
  const trip = (): void => {
    breaker.failed();
    breaker.failed();
  };

  it('lets calls through until the failure threshold is reached', () => {
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.allow()).toBe(true);
    expect(breaker.isOpen).toBe(false);
    breaker.failed();
    expect(breaker.isOpen).toBe(true);
    expect(breaker.allow()).toBe(false);
  });

  it('counts consecutive failures only: a success resets the count', () => {
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    expect(breaker.isOpen).toBe(false);
    expect(breaker.allow()).toBe(true);
  });

  it('stays open for openMs, then lets exactly one probe through', () => {
    trip();
    nowMs += 999;
    expect(breaker.allow()).toBe(false);
    nowMs += 1;
    expect(breaker.isOpen).toBe(false);
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    expect(breaker.allow()).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    trip();
    nowMs += 1_000;
    expect(breaker.allow()).toBe(true);
    breaker.succeeded();
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.allow()).toBe(true);
  });

  it('re-opens for another openMs when the probe fails', () => {
    trip();
    nowMs += 1_500;
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.isOpen).toBe(true);
    expect(breaker.allow()).toBe(false);
    nowMs += 999;
    expect(breaker.allow()).toBe(false);
    nowMs += 1;
    expect(breaker.allow()).toBe(true);
  });
});
