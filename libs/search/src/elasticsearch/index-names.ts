/** The alias every reader and writer uses; physical indices are `<alias>-v<N>` behind it. */
export function productsAlias(indexPrefix: string): string {
  return `${indexPrefix}-products`;
}

export function productsIndexVersion(indexPrefix: string, version: number): string {
  return `${productsAlias(indexPrefix)}-v${version}`;
}

/** Version numbers of physical indices named after the alias, e.g. `-v3` → 3. */
export function parseIndexVersion(indexPrefix: string, indexName: string): number | undefined {
  const match = new RegExp(`^${escape(productsAlias(indexPrefix))}-v(\\d+)$`).exec(indexName);
  return match ? Number(match[1]) : undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
