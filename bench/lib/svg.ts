/** Just enough SVG to draw the bench charts: no dependencies, deterministic output. */

export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
export const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4b5563'];

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const n = (value: number): string => String(Math.round(value * 10) / 10);

export function text(
  x: number,
  y: number,
  content: string,
  attrs: { size?: number; anchor?: 'start' | 'middle' | 'end'; weight?: 'bold'; fill?: string } = {},
): string {
  const { size = 12, anchor = 'start', weight, fill = '#111827' } = attrs;
  const bold = weight ? ` font-weight="${weight}"` : '';
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" text-anchor="${anchor}" fill="${fill}"${bold}>${esc(content)}</text>`;
}

export function rect(x: number, y: number, width: number, height: number, fill: string): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, width))}" height="${n(height)}" fill="${fill}"/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, dashed = false): string {
  const dash = dashed ? ' stroke-dasharray="5 4"' : '';
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="1.5"${dash}/>`;
}

export function svg(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} role="img">`,
    `<title>${esc(title)}</title>`,
    rect(0, 0, width, height, '#ffffff'),
    text(16, 26, title, { size: 15, weight: 'bold' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Round axis ticks covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 2; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}
