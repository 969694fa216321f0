import { createRequire } from 'node:module';

// Loaded on first use: its tables are slow to load, and most slugs are plain ASCII.
let transliterate: ((text: string) => string) | undefined;
const toLatin = (text: string): string => {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  transliterate ??= (createRequire(import.meta.url)('transliteration') as typeof import('transliteration'))
    .transliterate;
  return transliterate(text);
};

/**
 * A URL slug from any text: non-Latin scripts are transliterated (Cyrillic, Greek, Hebrew,
 * Arabic, CJK…), then everything but a-z and 0-9 becomes "-". "Россия готова" → "rossiya-gotova".
 * Returns "" when nothing sluggable is left; callers pick a fallback.
 */
export function slugify(text: string): string {
  return toLatin(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** A slug written by hand must already be a safe single path segment. */
export const isValidSlug = (slug: string): boolean => /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/i.test(slug);

/** One key for spellings of one name that differ only in case or spaces ("City Council", "city  council"). */
export const foldName = (name: string): string => name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Each name once, as first written: spellings that differ only in case or spaces are one name. */
export function oncePerName(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = foldName(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
