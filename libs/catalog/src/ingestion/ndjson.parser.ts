import { parseProductJson, type SourceEntry } from './source-entry';

export interface NdjsonLine {
  line: number;
  text: string;
}

/**
 * Non-blank lines with their 1-based physical line numbers. Accepts LF and CRLF and a leading
 * BOM; blank lines (including the usual trailing newline) are not records.
 */
export function ndjsonLines(body: string): NdjsonLine[] {
  const lines: NdjsonLine[] = [];
  body
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, index) => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.trim() !== '') lines.push({ line: index + 1, text });
    });
  return lines;
}

export function parseNdjsonLines(lines: readonly NdjsonLine[]): SourceEntry[] {
  return lines.map(({ line, text }) => parseProductJson(text, line));
}
