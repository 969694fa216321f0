import { transliterate } from 'transliteration';

/**
 * A URL slug from any text: non-Latin scripts are transliterated (Cyrillic, Greek, Hebrew,
 * Arabic, CJK…), then everything but a-z and 0-9 becomes "-". "Россия готова" → "rossiya-gotova".
 * Returns "" when nothing sluggable is left; callers pick a fallback.
 */
export function slugify(text: string): string {
  return transliterate(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** A slug written by hand must already be a safe single path segment. */
export const isValidSlug = (slug: string): boolean => /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/i.test(slug);
