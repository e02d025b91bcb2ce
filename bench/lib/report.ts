import type { BenchResults, PushDelayRow, TargetVerdict, WriteStreamRow } from './results';
import { median, ratio } from './stats';

const f = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
const pct = (share: number): string => `${f(share * 100)} %`;
const x = (value: number): string => `${f(value, 2)}×`;

/** The issue's targets, each with the measured value and pass/fail. */
export function evaluateTargets(results: BenchResults): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const l1Bytes = (results.machine.apiL1MaxBytes as number | undefined) ?? 0;
  for (const [name, scenario] of Object.entries(results.hits)) {
    const ours = scenario.targets.ours?.median;
    const l2 = scenario.targets.oursL2?.median;
    const h = scenario.targets.h?.median;
    const stock = scenario.targets.stock?.median;
    if (!ours || !h || !stock) continue;
    const clean = (row: typeof ours): boolean => row.non2xx === 0 && row.errors === 0;
    const vsH = ratio(ours.reqPerSec, h.reqPerSec);
    const cpu = ratio(ours.serverCpuUsPerReq, h.serverCpuUsPerReq);
    const vsStock = ratio(ours.reqPerSec, stock.reqPerSec);
    // The default configuration's hits are L1 hits when the L1 is on by default, L2 hits otherwise.
    const tier = l1Bytes > 0 ? 'L1' : 'L2';
    const floor = l1Bytes > 0 ? 1 : 0.7;
    verdicts.push(
      {
        target: `[${name}] default config (${tier} hits): req/s ≥ ${f(floor, 1)} × (h)${l1Bytes > 0 ? ', CPU per hit ≤ 1.0 × (h)' : ''}`,
        measured: `${x(vsH)} · CPU ${x(cpu)}`,
        required: l1Bytes > 0 ? '≥ 1.00× · ≤ 1.00×' : '≥ 0.70×',
        pass: vsH >= floor && (l1Bytes === 0 || cpu <= 1) && clean(ours),
      },
      {
        target: `[${name}] default config: req/s ≥ 5 × stock CacheInterceptor (Fastify)`,
        measured: x(vsStock),
        required: '≥ 5.00×',
        pass: vsStock >= 5,
      },
      {
        target: `[${name}] default config: hit p99 ≤ 10 ms at ${String((results.options as { connections?: number }).connections)} connections`,
        measured: `${f(ours.latency.p99, 2)} ms`,
        required: '≤ 10 ms',
        pass: ours.latency.p99 <= 10 && clean(ours),
      },
    );
    if (l2 && l1Bytes > 0) {
      const l2VsH = ratio(l2.reqPerSec, h.reqPerSec);
      const l2VsStock = ratio(l2.reqPerSec, stock.reqPerSec);
      verdicts.push({
        target: `[${name}] L1 off (L2 hits): req/s ≥ 0.7 × (h) and ≥ 5 × stock`,
        measured: `${x(l2VsH)} · ${x(l2VsStock)} stock`,
        required: '≥ 0.70× · ≥ 5.00×',
        pass: l2VsH >= 0.7 && l2VsStock >= 5 && clean(l2),
      });
    }
  }
  if (results.miss) {
    verdicts.push({
      target: 'hit p50 ≥ 10 × lower than miss p50 (same queries, one at a time)',
      measured: x(results.miss.ratioP50),
      required: '≥ 10×',
      pass: results.miss.ratioP50 >= 10,
    });
  }
  if (results.stampede.length > 0) {
    const worst = Math.max(...results.stampede.map((s) => s.searches));
    const best = Math.min(...results.stampede.map((s) => s.searches));
    const clean = results.stampede.every((s) => s.non2xx === 0 && s.errors === 0);
    verdicts.push({
      target: 'stampede: exactly 1 Elasticsearch search per cold key at every N',
      measured:
        best === worst
          ? `${worst} per key${clean ? '' : ' (some non-2xx/errors)'}`
          : `${best}–${worst} per key`,
      required: '= 1',
      pass: best === 1 && worst === 1 && clean,
    });
  }
  if (results.bulk) {
    verdicts.push({
      target: 'bulk: seed command ≥ 0.8 × raw _bulk loop',
      measured: x(results.bulk.ratio),
      required: '≥ 0.80×',
      pass: results.bulk.ratio >= 0.8,
    });
  }
  const ws = results.writeStream?.rows.find(
    (r) => r.mode === 'default' && r.kind === 'stock' && r.writesPerSTarget === 10,
  );
  if (ws) {
    verdicts.push({
      target: '[write stream] default mode, 10 stock writes/s: reads/s ≥ 0.8 × no writes, hit ratio ≥ 0.9',
      measured: `${x(ws.readsVsNoWrites)} · ${f(ws.hitRatio, 3)} (hit+stale ${f(hitOrStale(ws), 3)})`,
      required: '≥ 0.80× · ≥ 0.900',
      pass: ws.readsVsNoWrites >= 0.8 && ws.hitRatio >= 0.9 && ws.readNon2xx === 0 && ws.readErrors === 0,
    });
  }
  const idle = results.pushDelay?.rows.find((r) => r.load === 'idle');
  if (idle) {
    verdicts.push({
      target: `cross-instance push delay p99 (B idle, ${idle.writesPerS} writes/s, loopback; histogram bucket bound)`,
      measured: `≤ ${f(idle.p99Ms, 1)} ms over ${idle.pushes} pushes`,
      required: '≤ 5 ms',
      pass: idle.p99Ms <= 5 && idle.pushes >= idle.writes,
    });
  }
  const rssAfterHits = Math.max(
    ...Object.entries(results.rssMb)
      .filter(([k]) => k.startsWith('apiAfterHits'))
      .map(([, v]) => v),
  );
  if (Number.isFinite(rssAfterHits)) {
    const allowed = 150 + l1Bytes / 2 ** 20;
    verdicts.push({
      target: 'API RSS after the hit scenarios ≤ 150 MB plus the L1 budget (default config)',
      measured: `${f(rssAfterHits)} MB`,
      required: `≤ ${f(allowed)} MB`,
      pass: rssAfterHits <= allowed,
    });
  }
  return verdicts;
}

export function markdownSummary(results: BenchResults): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(
    `### Bench run ${results.startedAt}`,
    '',
    `${String(m.cpu)} · ${String(m.cores)} cores · ${String(m.memGb)} GB · Linux ${String(m.kernel)} · Node ${String(m.node)} · ` +
      `Elasticsearch ${String(m.elasticsearch)} (heap ${String(m.elasticsearchHeapMb)} MB) · Redis ${String(m.redis)} · ` +
      `load average at start ${(m.loadAverageStart as number[] | undefined)?.map((v) => v.toFixed(2)).join(' ') ?? 'n/a'}, ` +
      `at end ${(m.loadAverageEnd as number[] | undefined)?.map((v) => v.toFixed(2)).join(' ') ?? 'n/a'}`,
    '',
    `Options: ${JSON.stringify(results.options)}`,
    '',
  );
  for (const [name, scenario] of Object.entries(results.hits)) {
    const h = scenario.targets.h?.median;
    const stock = scenario.targets.stock?.median;
    lines.push(
      `#### Cache hits — ${name === 'mix' ? `${scenario.paths} distinct warm queries` : 'single hot query'} ` +
        `(medians of ${scenario.targets.ours?.rounds.length ?? 0} rounds)`,
      '',
      '| target | req/s | × (h) | × (g) | p50 ms | p99 ms | server CPU µs/req | CPU × (h) | Redis CPU µs/req | body B | server / load gen / other share of 2 cores | RSS MB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    );
    for (const t of Object.values(scenario.targets)) {
      const r = t.median;
      lines.push(
        `| ${t.label} | ${f(r.reqPerSec)} | ${x(ratio(r.reqPerSec, h?.reqPerSec ?? NaN))} | ` +
          `${x(ratio(r.reqPerSec, stock?.reqPerSec ?? NaN))} | ${f(r.latency.p50, 2)} | ${f(r.latency.p99, 2)} | ` +
          `${f(r.serverCpuUsPerReq)} | ${x(ratio(r.serverCpuUsPerReq, h?.serverCpuUsPerReq ?? NaN))} | ` +
          `${f(r.redisCpuUsPerReq)} | ${f(r.bytesPerResponse)} | ` +
          `${pct(r.serverShare)} / ${pct(r.loadgenShare)} / ${pct(r.otherShare)} | ${f(r.rssMb)} |`,
      );
    }
    lines.push('', ...roundSpread(scenario.targets), ...onlyHits(scenario.targets), '');
  }
  if (results.miss) {
    const s = results.miss;
    lines.push(
      `#### Miss path vs hit (${s.queries} queries of the mix, one at a time; miss = new cache generation)`,
      '',
      '| | p50 ms | p90 ms | p99 ms |',
      '|---|---:|---:|---:|',
      `| miss (API, end to end) | ${f(s.miss.p50, 2)} | ${f(s.miss.p90, 2)} | ${f(s.miss.p99, 2)} |`,
      `| Elasticsearch \`took\` of the same queries | ${f(s.esTook.p50, 2)} | ${f(s.esTook.p90, 2)} | ${f(s.esTook.p99, 2)} |`,
      `| our overhead per miss (latency − took) | ${f(s.overheadMs.p50, 2)} | ${f(s.overheadMs.p90, 2)} | ${f(s.overheadMs.p99, 2)} |`,
      `| hit (same queries, after the misses) | ${f(s.hit.p50, 2)} | ${f(s.hit.p90, 2)} | ${f(s.hit.p99, 2)} |`,
      '',
      `miss p50 / hit p50 = **${x(s.ratioP50)}**; states seen: misses ${JSON.stringify(s.missStates)}, hits ${JSON.stringify(s.hitStates)}`,
      '',
    );
  }
  if (results.stampede.length > 0) {
    lines.push(
      '#### Stampede (N concurrent identical requests for a cold key)',
      '',
      '| N | round | Elasticsearch searches | 2xx | non-2xx | errors | p50 ms | p99 ms |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const s of results.stampede) {
      lines.push(
        `| ${s.n} | ${s.round} | ${s.searches} | ${s.ok} | ${s.non2xx} | ${s.errors} | ${f(s.latency.p50, 1)} | ${f(s.latency.p99, 1)} |`,
      );
    }
    lines.push('');
  }
  if (results.bulk) {
    const b = results.bulk;
    lines.push(
      '#### Bulk indexing',
      '',
      `| | docs/s |`,
      '|---|---:|',
      `| raw \`_bulk\` loop (same client, batch, concurrency, mapping) | ${f(b.rawDocsPerS)} |`,
      `| seed command | ${f(b.seedDocsPerS)} |`,
      `| ratio | ${x(b.ratio)} |`,
      '',
    );
  }
  if (results.writeStream) lines.push(...writeStreamTable(results.writeStream));
  if (results.pushDelay) lines.push(...pushDelayTable(results.pushDelay.rows));
  if (Object.keys(results.rssMb).length > 0)
    lines.push(
      '#### API RSS (MB)',
      '',
      Object.entries(results.rssMb)
        .map(([k, v]) => `${k} ${f(v)}`)
        .join(' · '),
      '',
    );
  lines.push(
    '#### Targets',
    '',
    '| target | measured | required | |',
    '|---|---:|---:|---|',
    ...results.targets.map(
      (t) => `| ${t.target} | ${t.measured} | ${t.required} | ${t.pass ? 'PASS' : 'FAIL'} |`,
    ),
    '',
  );
  return lines.join('\n');
}

/**
 * How far the run's own spread reaches, beside the medians: ours ÷ (h) round by round (each round's
 * targets run a minute apart, in new processes), and the control (a) ÷ (h): (a) does strictly less
 * work than (h), so a control below 1.00× means process-to-process spread larger than that gap.
 */
export function roundSpread(targets: BenchResults['hits'][string]['targets']): string[] {
  const h = targets.h?.rounds;
  if (!h) return [];
  const perRound = (name: string): number[] =>
    (targets[name]?.rounds ?? []).flatMap((r, i) => (h[i] ? [ratio(r.reqPerSec, h[i].reqPerSec)] : []));
  const parts: string[] = [];
  let control = NaN;
  for (const [name, label] of [
    ['ours', 'ours ÷ (h)'],
    ['oursL2', 'L1 off ÷ (h)'],
    ['a', 'control (a) ÷ (h)'],
  ] as const) {
    const ratios = perRound(name);
    if (ratios.length === 0) continue;
    const middle = median(ratios);
    if (name === 'a') control = middle;
    const sorted = [...ratios].sort((p, q) => p - q);
    parts.push(`${label} ${sorted.map((v) => f(v, 2)).join(' · ')} (median ${x(middle)})`);
  }
  const note =
    control < 1
      ? ` The control reads below 1.00×: this run's spread between processes exceeds that gap.`
      : '';
  return parts.length === 0 ? [] : [`Round by round, sorted: ${parts.join('; ')}.${note}`];
}

/**
 * Whether our processes answered every measured request as a HIT (their own counters, read around
 * each round): an entry that expired or a generation that moved mid-run would put fills in the rates.
 */
export function onlyHits(targets: BenchResults['hits'][string]['targets']): string[] {
  const counted = Object.values(targets).filter((t) => t.rounds.some((r) => r.notHits !== undefined));
  if (counted.length === 0) return [];
  const parts = counted.map((t) => {
    const notHits = t.rounds.reduce((sum, r) => sum + (r.notHits ?? 0), 0);
    const responses = t.rounds.reduce((sum, r) => sum + r.responses, 0);
    return { label: t.label, notHits, responses };
  });
  const missed = parts.filter((p) => p.notHits > 0);
  if (missed.length === 0) return ['', "Every measured response of ours was a HIT (the API's own counters)."];
  const listed = missed.map((p) => `${p.label}: ${f(p.notHits)} of ${f(p.responses)}`).join('; ');
  return [
    '',
    `**Not only hits**: measured responses of ours that were not a HIT — ${listed}. Those rates include fills.`,
  ];
}

function writeStreamTable(ws: NonNullable<BenchResults['writeStream']>): string[] {
  const lines = [
    `#### Write stream — Zipf reads over ${ws.paths} warm queries, ${ws.durationS} s per row, ${ws.passes ?? 1} passes`,
    '',
    "× no writes = reads/s ÷ the row without writes of the same mode, kind and pass, measured just before it. Each mode and kind is measured in passes over the rates; a row shows the pass with the median ratio (the lower of two middles), and passes lists every pass's ratio in order (reads/s in the rows without writes), the row's own in bold.",
    '',
    'hit ratio = HIT ÷ all outcomes (the target counts only these); hit+stale also counts STALE answers (a copy from before a generation move, served within the staleness bound while it refreshes).',
    '',
    "ES cores = Elasticsearch CPU seconds per second of the row (on this machine it shares the cores with the API and the load generator); API → ES = the API's round trips by operation, per second × mean ms (`search`: fills; `texts_listing`: checks of which listings list a product whose availability flipped).",
    '',
    '| mode | writes | target/s | done/s | reads/s | × no writes | passes | hit ratio | hit+stale | ES searches/s | ES cores | API → ES | p50 ms | p99 ms | write p99 ms | states |',
    '|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|',
  ];
  for (const r of ws.rows) {
    const states = Object.entries(r.cacheStates)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    lines.push(
      `| ${r.mode} | ${r.kind} | ${r.writesPerSTarget} | ${f(r.writesPerS, 1)} | ${f(r.readsPerS)} | ` +
        `${x(r.readsVsNoWrites)} | ${passList(r)} | ${f(r.hitRatio, 3)} | ${f(hitOrStale(r), 3)} | ${f(r.esSearchesPerS, 1)} | ` +
        `${r.esCpuCores === undefined ? '–' : f(r.esCpuCores, 2)} | ${trips(r.esTrips)} | ${f(r.p50Ms, 2)} | ` +
        `${f(r.p99Ms, 2)} | ${r.writesPerSTarget > 0 ? f(r.writeP99Ms) : '–'} | ${states}` +
        `${r.readNon2xx + r.readErrors + r.writeFailures > 0 ? ` · non-2xx ${r.readNon2xx}, errors ${r.readErrors}, failed writes ${r.writeFailures}` : ''} |`,
    );
  }
  lines.push('');
  return lines;
}

/** Every pass's ratio in order (reads/s for the no-write rows, whose ratio is 1 by definition). */
function passList(row: WriteStreamRow): string {
  if (!row.passes) return '–';
  return row.passes
    .map((pass, i) => {
      const figure = row.writesPerSTarget === 0 ? f(pass.readsPerS) : f(pass.readsVsNoWrites, 2);
      return i + 1 === row.pass ? `**${figure}**` : figure;
    })
    .join(' · ');
}

function trips(byOperation: WriteStreamRow['esTrips']): string {
  const entries = Object.entries(byOperation ?? {});
  if (entries.length === 0) return '–';
  return entries.map(([op, t]) => `${op} ${f(t.perS, 1)}/s × ${f(t.msEach)} ms`).join(', ');
}

function pushDelayTable(rows: readonly PushDelayRow[]): string[] {
  return [
    "#### Cross-instance push delay — writes on A, B's histogram of applying A's pushes",
    '',
    'Percentiles are histogram bucket bounds (≤): the histogram is what the API exports.',
    '',
    '| B | writes/s | writes | pushes | p50 ms | p99 ms | B reads/s |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.load} | ${r.writesPerS} | ${r.writes} | ${r.pushes} | ≤ ${f(r.p50Ms, 1)} | ≤ ${f(r.p99Ms, 1)} | ${r.readsPerS === undefined ? '–' : f(r.readsPerS)} |`,
    ),
    '',
  ];
}

/** HIT or STALE ÷ all outcomes of a write-stream row (from its state counts). */
function hitOrStale(row: WriteStreamRow): number {
  const total = Object.values(row.cacheStates).reduce((a, b) => a + b, 0);
  return total === 0 ? Number.NaN : ((row.cacheStates.hit ?? 0) + (row.cacheStates.stale ?? 0)) / total;
}
