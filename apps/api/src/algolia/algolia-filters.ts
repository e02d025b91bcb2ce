import { badAlgoliaRequest } from './algolia-error';

/** The filters of `GET /search` that Algolia's facetFilters and numericFilters can express. */
export interface MappedFilters {
  category?: string;
  brand?: string;
  tags: string[];
  inStock?: boolean;
  minPrice?: number;
  maxPrice?: number;
}

/** Algolia's filter lists: AND of entries, an inner array being an OR group. */
export type FilterList = readonly (string | readonly string[])[];

const SINGLE_VALUED = ['category', 'brand'] as const;

/**
 * facetFilters → our filters. Our engine filters on one category and one brand and on every tag
 * given: an OR group of several values, a negation (`attr:-value`) or an attribute we do not
 * facet on would need a query we cannot run, so it is refused rather than answered wrongly.
 */
export function applyFacetFilters(filters: FilterList, into: MappedFilters): void {
  for (const entry of filters) {
    const group = (typeof entry === 'string' ? [entry] : entry).map(parseFacetFilter);
    const distinct = [...new Map(group.map((f) => [`${f.attribute}\u0000${f.value}`, f])).values()];
    if (distinct.length === 0) continue;
    if (distinct.length > 1) {
      throw badAlgoliaRequest(
        `facetFilters: an OR group of several values (${distinct.map(show).join(', ')}) is not supported; ` +
          'this service filters on one value per attribute',
        'unsupported_parameter',
      );
    }
    const { attribute, value } = distinct[0];
    if (attribute === 'tags') into.tags.push(value);
    else if (attribute === 'inStock') setOnce(into, 'inStock', parseBoolean(value));
    else if ((SINGLE_VALUED as readonly string[]).includes(attribute)) {
      setOnce(into, attribute as (typeof SINGLE_VALUED)[number], value);
    } else {
      throw badAlgoliaRequest(
        `facetFilters: attribute "${attribute}" is not filterable here (category, brand, tags, inStock)`,
        'unsupported_parameter',
      );
    }
  }
}

/**
 * numericFilters → the price range. Only inclusive bounds exist in our engine: `price>=x`,
 * `price<=x`, `price=x` and `price:x TO y`; strict bounds, `!=` and other attributes are refused.
 */
export function applyNumericFilters(filters: FilterList, into: MappedFilters): void {
  for (const entry of filters) {
    const group = typeof entry === 'string' ? [entry] : entry;
    if (group.length === 0) continue;
    if (group.length > 1) {
      throw badAlgoliaRequest('numericFilters: OR groups are not supported', 'unsupported_parameter');
    }
    const { attribute, min, max } = parseNumericFilter(group[0]);
    if (attribute !== 'price') {
      throw badAlgoliaRequest(
        `numericFilters: attribute "${attribute}" is not filterable here (price)`,
        'unsupported_parameter',
      );
    }
    // Several bounds narrow each other, as ANDed filters do.
    if (min !== undefined) into.minPrice = Math.max(min, into.minPrice ?? min);
    if (max !== undefined) into.maxPrice = Math.min(max, into.maxPrice ?? max);
  }
}

interface FacetFilter {
  attribute: string;
  value: string;
}

function parseFacetFilter(raw: string): FacetFilter {
  const at = raw.indexOf(':');
  if (at <= 0) throw badAlgoliaRequest(`facetFilters: "${raw}" is not attribute:value`);
  const attribute = raw.slice(0, at).trim();
  let value = raw.slice(at + 1).trim();
  if (value.startsWith('-')) {
    throw badAlgoliaRequest(`facetFilters: negation ("${raw}") is not supported`, 'unsupported_parameter');
  }
  // InstantSearch escapes a leading minus of a value (`\-`); quotes may wrap a value with spaces.
  if (value.startsWith('\\-')) value = value.slice(1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (value === '') throw badAlgoliaRequest(`facetFilters: "${raw}" has no value`);
  return { attribute, value };
}

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
const COMPARISON = new RegExp(String.raw`^\s*([\w.]+)\s*(>=|<=|!=|=|>|<)\s*${NUMBER}\s*$`);
const RANGE = new RegExp(String.raw`^\s*([\w.]+)\s*:\s*${NUMBER}\s+TO\s+${NUMBER}\s*$`);

function parseNumericFilter(raw: string): { attribute: string; min?: number; max?: number } {
  const range = RANGE.exec(raw);
  if (range) return { attribute: range[1], min: Number(range[2]), max: Number(range[3]) };
  const comparison = COMPARISON.exec(raw);
  if (!comparison) throw badAlgoliaRequest(`numericFilters: "${raw}" is not attribute<op>number`);
  const [, attribute, op, text] = comparison;
  const value = Number(text);
  if (op === '>=') return { attribute, min: value };
  if (op === '<=') return { attribute, max: value };
  if (op === '=') return { attribute, min: value, max: value };
  throw badAlgoliaRequest(
    `numericFilters: "${op}" is not supported (inclusive bounds only: >=, <=, =, x TO y)`,
    'unsupported_parameter',
  );
}

function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badAlgoliaRequest(`facetFilters: inStock must be true or false, not "${value}"`);
}

function setOnce<K extends 'category' | 'brand' | 'inStock'>(
  into: MappedFilters,
  key: K,
  value: MappedFilters[K],
): void {
  const current = into[key];
  if (current !== undefined && String(current).toLowerCase() !== String(value).toLowerCase()) {
    throw badAlgoliaRequest(
      `facetFilters: ${key} is filtered on twice ("${String(current)}", "${String(value)}"); one value only`,
      'unsupported_parameter',
    );
  }
  into[key] ??= value;
}

function show(filter: FacetFilter): string {
  return `${filter.attribute}:${filter.value}`;
}
