import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCharts, type ChartInput, chartPath } from './charts';

const RESULTS = join(__dirname, '..', 'results');

/** Tags open and close in order (enough to catch a broken template; no XML parser needed). */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const [, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!close) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0 && svg.startsWith('<svg ');
}

const hits = (h: number): ChartInput['hits'] => ({
  mix: {
    paths: 1000,
    targets: {
      ours: { label: 'ours', median: { reqPerSec: 700 } },
      h: { label: '(h) raw node:http + 1 Redis GET', median: { reqPerSec: h } },
    },
  },
});
const miss = {
  hit: { p50: 1.5, p90: 3, p99: 5 },
  miss: { p50: 40, p90: 100, p99: 160 },
};

describe('bench charts', () => {
  it('exist for the latest committed bench run that has any, as the generator draws them now', () => {
    // Bench runs are named by their date; soak-<date>.json files are the soak's (no charts), and a
    // run of scenarios without charts (push delay alone) has none either.
    const runs = readdirSync(RESULTS)
      .filter((file) => /^\d.*\.json$/.test(file))
      .sort()
      .reverse()
      .map((file) => {
        const jsonPath = join(RESULTS, file);
        return { jsonPath, charts: benchCharts(JSON.parse(readFileSync(jsonPath, 'utf8')) as ChartInput) };
      });
    const latest = runs.find((run) => run.charts.length > 0);
    expect(latest).toBeDefined();
    const { jsonPath, charts } = latest!;
    for (const chart of charts) {
      const file = chartPath(jsonPath, chart.name);
      expect([file, existsSync(file)]).toEqual([file, true]);
      expect([file, readFileSync(file, 'utf8') === chart.svg]).toEqual([file, true]);
    }
  });

  it('draws req/s per target with the (h) limit the results state, and hit vs miss latency', () => {
    const charts = benchCharts({
      hits: hits(1000),
      miss,
      targets: [{ target: '[mix] hit req/s ≥ 0.7 × (h)' }],
    });
    expect(charts.map((c) => c.name)).toEqual(['throughput', 'latency']);
    const [throughput, latency] = charts.map((c) => c.svg);
    expect(wellFormed(throughput)).toBe(true);
    expect(throughput).toContain('target 0.7 × (h)');
    expect(throughput).toContain('(h) raw node:http + 1 Redis GET');
    expect(throughput).toContain('stroke-dasharray'); // the limit line
    expect(wellFormed(latency)).toBe(true);
    expect(latency).toContain('1.5 ms');
    expect(latency).toContain('160 ms');
  });

  it('skips the write-stream chart when the run has no such scenario, and draws it when it has', () => {
    expect(benchCharts({ hits: hits(1000) }).map((c) => c.name)).toEqual(['throughput']);
    expect(benchCharts({ writeStream: { rows: [] } })).toEqual([]);
    const rows = [0, 10, 50].flatMap((rate) => [
      { mode: 'default', kind: 'stock', writesPerSTarget: rate, hitRatio: 1 - rate / 100 },
      { mode: 'strict', kind: 'title', writesPerSTarget: rate, hitRatio: 1 },
    ]);
    const [chart] = benchCharts({ writeStream: { rows } });
    expect(chart.name).toBe('write-stream');
    expect(wellFormed(chart.svg)).toBe(true);
    expect(chart.svg.match(/<polyline /g)).toHaveLength(2);
    expect(chart.svg).toContain('default · stock');
    expect(chart.svg).toContain('50/s');
  });

  it('escapes labels', () => {
    const [chart] = benchCharts({
      hits: { mix: { paths: 2, targets: { ours: { label: '<ours & co>', median: { reqPerSec: 1 } } } } },
    });
    expect(chart.svg).toContain('&lt;ours &amp; co&gt;');
    expect(wellFormed(chart.svg)).toBe(true);
  });
});
