/**
 * Limits failed sign-ins per account and per client address in a sliding window, so passwords
 * cannot be guessed at speed. Kept in memory: one process is the embedded default; scale-out moves
 * the counters to Redis behind the same two calls.
 */
export type ThrottleLimits = { perAccount: number; perAddress: number; windowMs: number };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits) {}

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(email: string, address: string): number {
    const now = Date.now();
    const wait = (key: string, limit: number) => {
      const recent = this.recent(key, now);
      if (recent.length < limit) return 0;
      return (recent[recent.length - limit] as number) + this.limits.windowMs - now;
    };
    return Math.max(
      wait(`account:${email.toLowerCase()}`, this.limits.perAccount),
      wait(`address:${address}`, this.limits.perAddress),
    );
  }

  recordFailure(email: string, address: string): void {
    const now = Date.now();
    for (const key of [`account:${email.toLowerCase()}`, `address:${address}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  recordSuccess(email: string): void {
    this.failures.delete(`account:${email.toLowerCase()}`);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }
}
