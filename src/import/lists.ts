/** Jekyll's `categories` and `tags`: a list, or one string of space-separated words. */
export function words(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(String);
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return typeof value === 'number' ? [String(value)] : [];
}

/** Hugo and Eleventy tags, and Jekyll's singular `category`: a list, or one value that is one item. */
export function items(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(String);
  return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [];
}
