/**
 * Latency samples: a growable Float64Array (hundreds of thousands of samples per run, so no boxed
 * numbers) and exact percentiles by sorting once at the end.
 */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  summary(): { p50: number; p95: number; p99: number; max: number } | null {
    if (this.count === 0) return null;
    const sorted = this.samples.slice(0, this.count).sort();
    // Nearest-rank percentile: the smallest sample with at least p of all samples at or below it.
    const at = (p: number) => sorted[Math.min(this.count - 1, Math.ceil(p * this.count) - 1)] ?? Number.NaN;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[this.count - 1] ?? Number.NaN };
  }
}
