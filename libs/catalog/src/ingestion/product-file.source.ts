import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseJsonArrayItems } from './json-array.parser';
import { parseProductJson, type SourceEntry } from './source-entry';

/** An unreadable or malformed source file as a whole (one bad record is not this). */
export class ProductSourceError extends Error {
  override readonly name = 'ProductSourceError';
}

export interface ProductFileSource {
  /** Records in the file, known up front so progress can show a total. */
  total: number;
  entries: Iterable<SourceEntry> | AsyncIterable<SourceEntry>;
}

/**
 * Opens a seed file: `.ndjson`/`.jsonl` is streamed line by line (any size), `.json` must be
 * one array and is read whole.
 */
export async function openProductFile(path: string): Promise<ProductFileSource> {
  await assertReadableFile(path);
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return openJsonArray(path);
  if (extension === '.ndjson' || extension === '.jsonl') {
    let total = 0;
    for await (const _line of records(path)) total++;
    return { total, entries: ndjsonEntries(path) };
  }
  throw new ProductSourceError(
    `${path}: unsupported file type "${extension}" (use .ndjson, .jsonl or .json)`,
  );
}

async function assertReadableFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ProductSourceError(`${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (!info.isFile()) throw new ProductSourceError(`${path}: not a file`);
}

async function openJsonArray(path: string): Promise<ProductFileSource> {
  let value: unknown;
  try {
    value = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ProductSourceError(
      `${path}: invalid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!Array.isArray(value)) throw new ProductSourceError(`${path}: expected a JSON array of products`);
  const entries = parseJsonArrayItems(value);
  return { total: entries.length, entries };
}

/** Non-blank lines with 1-based line numbers; readline handles CRLF. */
async function* records(path: string): AsyncGenerator<{ line: number; text: string }> {
  const reader = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of reader) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() !== '') yield { line, text };
  }
}

async function* ndjsonEntries(path: string): AsyncGenerator<SourceEntry> {
  for await (const { line, text } of records(path)) yield parseProductJson(text, line);
}
