import { randomBytes } from 'node:crypto';
import { type CachedResponse, decodeCachedResponse, encodeCachedResponse } from '../cached-response';
import type { Generation, LoadSpan } from '../response-cache.store';

/**
 * What Redis holds under an entry key, ahead of the encoded response:
 * [state: '0' pending | '1' ready | 'W' patched | 'S' superseded][fill id: 16 ASCII hex, or a write
 * number: 16 digits][load span: from, to: f64 BE][n: u8][n generations: f64 BE]. A patched entry is a ready one that a write
 * replaced by its patched copy (ResponseCacheStore.replaceStored), numbered like a retirement.
 * A pending entry reads as absent until its filler confirmed that no shown product was written
 * meanwhile (CONFIRM_FILL flips the state byte, only for the same fill id). A superseded one was
 * ready until a write may have changed what it lists (RETIRE_LISTING wrote the write's number over
 * the fill id and cut its lifetime to the grace): it stands in as `previous` while one refresh runs.
 * A retired key with no ready entry holds `T` and the write's number instead (lua-scripts.ts).
 */
export const READY = '1';
const PENDING = '0';
const PATCHED = 'W';
const SUPERSEDED = 'S'.charCodeAt(0);
const FILL_ID_BYTES = 16;
export const FILL_ID_OFFSET = 1;
const SPAN_OFFSET = FILL_ID_OFFSET + FILL_ID_BYTES;
const COUNT_OFFSET = SPAN_OFFSET + 16;
const UNKNOWN_SPAN: LoadSpan = { from: Number.NaN, to: Number.NaN };

export function newFillId(): string {
  return randomBytes(FILL_ID_BYTES / 2).toString('hex');
}

export function frameEntry(
  entry: CachedResponse,
  generation: Generation,
  fillId: string,
  ready: boolean,
  span: LoadSpan = UNKNOWN_SPAN,
): Buffer {
  return framed(ready ? READY : PENDING, fillId, entry, generation, span);
}

/** A patched copy for write number `write` (see RETIRE_LISTING for the number's format). */
export function framePatched(
  entry: CachedResponse,
  generation: Generation,
  write: number,
  span: LoadSpan,
): Buffer {
  return framed(PATCHED, String(write).padStart(FILL_ID_BYTES, '0'), entry, generation, span);
}

/** The state and fill id (or write number) of a framed entry: what tells one version from another. */
export function versionOf(raw: Buffer): string {
  return raw.toString('latin1', 0, SPAN_OFFSET);
}

function framed(
  state: string,
  id: string,
  entry: CachedResponse,
  generation: Generation,
  span: LoadSpan,
): Buffer {
  const header = Buffer.allocUnsafe(COUNT_OFFSET + 1 + 8 * generation.length);
  header.write(state, 0, 'latin1');
  header.write(id, FILL_ID_OFFSET, 'latin1');
  header.writeDoubleBE(span.from, SPAN_OFFSET);
  header.writeDoubleBE(span.to, SPAN_OFFSET + 8);
  header.writeUInt8(generation.length, COUNT_OFFSET);
  generation.forEach((g, i) => header.writeDoubleBE(g, COUNT_OFFSET + 1 + 8 * i));
  return Buffer.concat([header, encodeCachedResponse(entry)]);
}

/**
 * A ready (or patched) or superseded entry and the generations it was filled for; undefined for a
 * pending, retired or malformed one.
 */
export function unframeEntry(
  raw: Buffer | null,
): { label: Generation; entry: CachedResponse; superseded: boolean; span: LoadSpan } | undefined {
  if (!raw || raw.length <= COUNT_OFFSET) return undefined;
  const superseded = raw[0] === SUPERSEDED;
  if (raw[0] !== READY.charCodeAt(0) && raw[0] !== PATCHED.charCodeAt(0) && !superseded) return undefined;
  const count = raw.readUInt8(COUNT_OFFSET);
  const bodyAt = COUNT_OFFSET + 1 + 8 * count;
  if (raw.length < bodyAt) return undefined;
  const label: number[] = [];
  for (let i = 0; i < count; i++) label.push(raw.readDoubleBE(COUNT_OFFSET + 1 + 8 * i));
  const entry = decodeCachedResponse(raw.subarray(bodyAt));
  const span = { from: raw.readDoubleBE(SPAN_OFFSET), to: raw.readDoubleBE(SPAN_OFFSET + 8) };
  return entry && { label, entry, superseded, span };
}
