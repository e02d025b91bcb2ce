/**
 * Renders the SVG charts of an existing results JSON, next to it:
 *   npm run bench:charts -- bench/results/<stamp>.json
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ChartInput, writeCharts } from './lib/charts';

const file = process.argv[2];
if (!file || !file.endsWith('.json')) {
  console.error('usage: npm run bench:charts -- bench/results/<stamp>.json');
  process.exit(2);
}
const path = resolve(file);
for (const written of writeCharts(path, JSON.parse(readFileSync(path, 'utf8')) as ChartInput))
  console.log(`wrote ${written}`);
