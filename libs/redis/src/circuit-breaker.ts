/**
 * Stops asking a failing store for a while, so an outage costs one timeout, not one per
 * request. After `openMs` one probe goes through; its success closes the circuit.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntilMs = 0;
  private probing = false;

  constructor(
    private readonly failureThreshold = 2,
    private readonly openMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** May a call go through now? */
  allow(): boolean {
    if (this.failures < this.failureThreshold) return true;
    if (this.now() < this.openUntilMs || this.probing) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.probing = false;
  }

  failed(): void {
    this.failures += 1;
    this.probing = false;
    if (this.failures >= this.failureThreshold) this.openUntilMs = this.now() + this.openMs;
  }

  get isOpen(): boolean {
    return this.failures >= this.failureThreshold && this.now() < this.openUntilMs;
  }
}
