import { createHash } from 'node:crypto';
import { SearchError } from '../search-error';
import { normalizeQueryText } from './parse-query';
import type { SearchParams } from './search-params';

export type SortValue = number | string;

/** Where the previous page ended, for `search_after`. */
export interface CursorState {
  /** Sort values of the last hit returned. */
  after: SortValue[];
  /** Page number of the page that hit was on. */
  page: number;
  /** Hits returned before and including that page (to know when the end is reached). */
  seen: number;
}

interface CursorPayload extends CursorState {
  v: 1;
  /** Fingerprint of the query it belongs to: a cursor is meaningless for any other query. */
  f: string;
}

const MAX_TOKEN_LENGTH = 2_048;

/**
 * Opaque token = base64url(JSON) + "." + checksum. The checksum catches edited or truncated
 * tokens; it is not a signature, and needs not be: a forged cursor can only move within results
 * the same query would show anyway.
 */
export function encodeCursor(params: SearchParams, state: CursorState): string {
  const payload: CursorPayload = { v: 1, f: queryFingerprint(params), ...state };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${checksum(body)}`;
}

/** Throws SearchError('invalid_cursor') for anything but an untouched cursor of this same query. */
export function decodeCursor(token: string, params: SearchParams, sortLength: number): CursorState {
  const [body, sum, extra] = token.split('.');
  if (token.length > MAX_TOKEN_LENGTH || extra !== undefined || !body || sum !== checksum(body)) {
    throw invalid('the cursor is malformed or was modified');
  }
  const payload = parse(body);
  if (!isPayload(payload, sortLength)) throw invalid('the cursor is malformed or was modified');
  if (payload.f !== queryFingerprint(params)) {
    throw invalid('the cursor belongs to a different query, filters or sort; start again without it');
  }
  return { after: payload.after, page: payload.page, seen: payload.seen };
}

/** Everything that decides the result order and set; page, size and cursor itself do not. */
export function queryFingerprint(params: SearchParams): string {
  const { category, brand, minPrice, maxPrice, inStock, sort } = params;
  const tags = [...params.tags].map((t) => t.toLowerCase()).sort();
  const canonical = JSON.stringify([
    normalizeQueryText(params.q),
    category,
    brand,
    tags,
    minPrice,
    maxPrice,
    inStock,
    sort,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 12);
}

function parse(body: string): unknown {
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isPayload(value: unknown, sortLength: number): value is CursorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<CursorPayload>;
  return (
    p.v === 1 &&
    typeof p.f === 'string' &&
    Array.isArray(p.after) &&
    p.after.length === sortLength &&
    p.after.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) &&
    Number.isInteger(p.page) &&
    (p.page ?? 0) >= 1 &&
    Number.isInteger(p.seen) &&
    (p.seen ?? -1) >= 0
  );
}

function invalid(message: string): SearchError {
  return new SearchError('invalid_cursor', message);
}
