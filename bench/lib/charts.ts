import { writeFileSync } from 'node:fs';
import { line, n, niceTicks, PALETTE, rect, svg, text } from './svg';

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

/** What the charts read from a results JSON; every part is optional (older runs lack some). */
export interface ChartInput {
  hits?: Record<
    string,
    { paths: number; targets: Record<string, { label: string; median: { reqPerSec: number } }> }
  >;
  miss?: { hit: Percentiles; miss: Percentiles; esTook?: Percentiles };
  writeStream?: {
    rows: { mode: string; kind: string; writesPerSTarget: number; hitRatio: number }[];
  };
  targets?: { target: string }[];
}

export interface Chart {
  name: 'throughput' | 'latency' | 'write-stream';
  svg: string;
}

const WIDTH = 760;
const LABEL_W = 280;
const PLOT_X = 16 + LABEL_W;
const PLOT_W = WIDTH - PLOT_X - 110;
const BAR_H = 18;
const GAP = 6;

/** The "≥ k × (h)" requirement of a hit scenario, as the results' own verdicts state it. */
function hLimit(input: ChartInput, scenario: string): number | undefined {
  for (const { target } of input.targets ?? []) {
    const match = new RegExp(`^\\[${scenario}\\] hit req/s ≥ ([\\d.]+) × \\(h\\)`).exec(target);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function throughput(input: ChartInput): Chart | undefined {
  const scenarios = Object.entries(input.hits ?? {});
  if (scenarios.length === 0) return undefined;
  const all = scenarios.flatMap(([, s]) => Object.values(s.targets).map((t) => t.median.reqPerSec));
  const ticks = niceTicks(Math.max(...all) * 1.05);
  const max = ticks[ticks.length - 1];
  const x = (value: number) => PLOT_X + (value / max) * PLOT_W;
  const body: string[] = [];
  let y = 60;
  for (const [name, scenario] of scenarios) {
    const title = `${name}: ${scenario.paths === 1 ? 'one hot query' : `${scenario.paths} distinct queries`} (median req/s)`;
    body.push(text(16, y, title, { weight: 'bold' }));
    y += 10;
    const top = y;
    Object.entries(scenario.targets).forEach(([key, target], i) => {
      const color = key === 'ours' ? PALETTE[0] : key === 'h' ? PALETTE[6] : PALETTE[(i % 5) + 1];
      body.push(text(PLOT_X - 8, y + 13, target.label, { anchor: 'end', size: 11 }));
      body.push(rect(PLOT_X, y, x(target.median.reqPerSec) - PLOT_X, BAR_H, color));
      body.push(
        text(
          x(target.median.reqPerSec) + 4,
          y + 13,
          Math.round(target.median.reqPerSec).toLocaleString('en-US'),
          { size: 11 },
        ),
      );
      y += BAR_H + GAP;
    });
    const h = scenario.targets.h?.median.reqPerSec;
    const factor = hLimit(input, name);
    if (h !== undefined && factor !== undefined) {
      body.push(line(x(h * factor), top - 4, x(h * factor), y - GAP + 4, '#dc2626', true));
      body.push(
        text(x(h * factor), y + 10, `target ${factor} × (h)`, {
          anchor: 'middle',
          size: 10,
          fill: '#dc2626',
        }),
      );
    }
    y += 26;
  }
  for (const tick of ticks) {
    body.push(line(x(tick), 44, x(tick), y - 20, '#e5e7eb'));
    body.push(
      text(x(tick), y - 6, tick.toLocaleString('en-US'), { anchor: 'middle', size: 10, fill: '#6b7280' }),
    );
  }
  // Grid first, so the bars draw over it.
  const grid = body.splice(body.length - ticks.length * 2);
  return {
    name: 'throughput',
    svg: svg(WIDTH, y + 8, 'Cache hits: requests per second by target', [...grid, ...body]),
  };
}

function latency(input: ChartInput): Chart | undefined {
  if (!input.miss) return undefined;
  const series = [
    { label: 'hit (from Redis)', values: input.miss.hit, color: PALETTE[1] },
    { label: 'miss (Elasticsearch + store)', values: input.miss.miss, color: PALETTE[2] },
    ...(input.miss.esTook
      ? [{ label: 'of which Elasticsearch took', values: input.miss.esTook, color: PALETTE[6] }]
      : []),
  ];
  const all = series.flatMap((s) => [s.values.p50, s.values.p90, s.values.p99]).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const x = (v: number) =>
    PLOT_X + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * PLOT_W;
  const body: string[] = [];
  for (let tick = lo; tick <= hi; tick *= 10) body.push(line(x(tick), 44, x(tick), 0, '#e5e7eb'));
  let y = 60;
  for (const p of ['p50', 'p90', 'p99'] as const) {
    body.push(text(16, y + 13, p, { weight: 'bold' }));
    for (const s of series) {
      body.push(text(PLOT_X - 8, y + 13, s.label, { anchor: 'end', size: 11 }));
      body.push(rect(PLOT_X, y, x(s.values[p]) - PLOT_X, BAR_H, s.color));
      body.push(text(x(s.values[p]) + 4, y + 13, `${n(s.values[p])} ms`, { size: 11 }));
      y += BAR_H + GAP;
    }
    y += 12;
  }
  // The grid lines were drawn before y was known: stretch them to the last bar.
  const grid = body.map((el) => el.replace(/ y2="0"/, ` y2="${n(y - 8)}"`));
  for (let tick = lo; tick <= hi; tick *= 10) {
    grid.push(
      text(x(tick), y + 6, `${tick >= 1 ? tick : tick.toFixed(1)} ms`, {
        anchor: 'middle',
        size: 10,
        fill: '#6b7280',
      }),
    );
  }
  return { name: 'latency', svg: svg(WIDTH, y + 16, 'Hit vs miss latency (log scale)', grid) };
}

function writeStream(input: ChartInput): Chart | undefined {
  const rows = input.writeStream?.rows ?? [];
  if (rows.length === 0) return undefined;
  const rates = [...new Set(rows.map((r) => r.writesPerSTarget))].sort((a, b) => a - b);
  const series = [...new Set(rows.map((r) => `${r.mode} · ${r.kind}`))];
  const [left, top, w, h] = [70, 70, WIDTH - 70 - 190, 240];
  const x = (rate: number) =>
    left + (rates.length === 1 ? w / 2 : (rates.indexOf(rate) / (rates.length - 1)) * w);
  const y = (ratio: number) => top + (1 - ratio) * h;
  const body: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    body.push(line(left, y(tick), left + w, y(tick), '#e5e7eb'));
    body.push(text(left - 8, y(tick) + 4, tick.toFixed(2), { anchor: 'end', size: 10, fill: '#6b7280' }));
  }
  for (const rate of rates)
    body.push(text(x(rate), top + h + 18, `${rate}/s`, { anchor: 'middle', size: 10, fill: '#6b7280' }));
  body.push(
    text(left + w / 2, top + h + 38, 'product writes per second (target)', { anchor: 'middle', size: 11 }),
  );
  body.push(
    text(16, 52, 'HIT ÷ all cached-route reads, Zipf reads at full speed while products are written', {
      size: 11,
    }),
  );
  series.forEach((name, i) => {
    const color = PALETTE[i % PALETTE.length];
    const points = rows
      .filter((r) => `${r.mode} · ${r.kind}` === name)
      .sort((a, b) => a.writesPerSTarget - b.writesPerSTarget)
      .map((r) => [x(r.writesPerSTarget), y(r.hitRatio)] as const);
    body.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([px, py]) => `${n(px)},${n(py)}`).join(' ')}"/>`,
    );
    for (const [px, py] of points) body.push(`<circle cx="${n(px)}" cy="${n(py)}" r="3.5" fill="${color}"/>`);
    body.push(rect(left + w + 24, top + i * 22, 12, 12, color));
    body.push(text(left + w + 42, top + i * 22 + 10, name, { size: 11 }));
  });
  return { name: 'write-stream', svg: svg(WIDTH, top + h + 52, 'Hit ratio under a write stream', body) };
}

/** The charts a results JSON has data for (write-stream only when that scenario ran). */
export function benchCharts(input: ChartInput): Chart[] {
  return [throughput(input), latency(input), writeStream(input)].filter((c): c is Chart => c !== undefined);
}

/** `<dir>/<stamp>.json` → `<dir>/<stamp>.<chart>.svg`, one per chart. */
export function chartPath(jsonPath: string, name: Chart['name']): string {
  return jsonPath.replace(/\.json$/, `.${name}.svg`);
}

/** Writes the charts next to the results JSON; returns their paths. */
export function writeCharts(jsonPath: string, input: ChartInput): string[] {
  return benchCharts(input).map((chart) => {
    const path = chartPath(jsonPath, chart.name);
    writeFileSync(path, chart.svg);
    return path;
  });
}
