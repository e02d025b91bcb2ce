import type { Metric, Registry } from 'prom-client';

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  /** Per bucket, not cumulative (the scrape sums them); the last one is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

type Node = Map<string, Node | Series>;

/**
 * A Prometheus histogram for a path that observes on every request: its series are found by
 * their label values in nested maps, where prom-client's `observe` hashes a labels object and
 * looks its bucket up by the bound's string (bench/README.md, "A hit's last microseconds"). Scraped
 * through the same registry, in prom-client's own text (`labelled-histogram.spec.ts` compares).
 */
export class LabelledHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private root: Node = new Map();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    if (labelNames.length === 0) throw new Error(`${name}: a labelled histogram needs labels`);
    // The registry takes any metric with prom-client's `get()` shape; its types list its own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** One observation of the series with these label values, in `labelNames` order. */
  observe(labelValues: readonly string[], value: number): void {
    let node = this.root;
    const last = labelValues.length - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(labelValues[i]) as Node | undefined;
      if (!next) node.set(labelValues[i], (next = new Map()));
      node = next;
    }
    let series = node.get(labelValues[last]) as Series | undefined;
    if (!series) node.set(labelValues[last], (series = this.newSeries(labelValues)));
    let bucket = 0;
    while (bucket < this.buckets.length && value > this.buckets[bucket]) bucket++;
    series.counts[bucket] += 1;
    series.sum += value;
    series.count += 1;
  }

  /** prom-client's metric shape: cumulative `_bucket` values with `le`, then `_sum` and `_count`. */
  get(): {
    name: string;
    help: string;
    type: 'histogram';
    aggregator: 'sum';
    values: { labels: Record<string, string | number>; value: number; metricName: string }[];
  } {
    const values = [];
    for (const series of this.allSeries(this.root)) {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += series.counts[i];
        const le = i < this.buckets.length ? this.buckets[i] : '+Inf';
        values.push({
          labels: { le, ...series.labels },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      }
      values.push({ labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.root = new Map();
  }

  private newSeries(labelValues: readonly string[]): Series {
    if (labelValues.length !== this.labelNames.length)
      throw new Error(`${this.name}: expected labels ${this.labelNames.join(', ')}`);
    const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, labelValues[i]]));
    return { labels, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
  }

  private *allSeries(node: Node): Generator<Series> {
    for (const child of node.values()) {
      if (child instanceof Map) yield* this.allSeries(child);
      else yield child;
    }
  }
}
