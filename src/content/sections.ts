import type { ResolvedConfig } from '../config/config.ts';
import { slugify } from './slug.ts';

/** Top-level paths of Broadsheet's own pages: a section whose name makes one gets "-section" added. */
const RESERVED = new Set(['tags', 'authors', 'search', 'assets', 'pagefind']);

/**
 * The id (and URL segment) of a section known only by its name, when the config lists no
 * sections: "Customer Experience" → "customer-experience", "A/B Testing" → "a-b-testing".
 * A name that would take the path of another page ("Search", "2021", the year archive)
 * gets "-section" added; a name with nothing to make a slug of is "section".
 */
export function sectionId(name: string): string {
  const slug = slugify(name) || 'section';
  return RESERVED.has(slug) || /^\d+$/.test(slug) ? `${slug}-section` : slug;
}

/**
 * The section a story's `section:` names, as id and display name. With configured
 * sections it must be one of them, by id, by name (any case), by the name's slug or by an
 * id it had before (`formerly`);
 * without, any name is a section of its own, shown as written. Undefined: not a configured section.
 */
export function readSection(
  value: string,
  sections: ResolvedConfig['sections'],
): { readonly id: string; readonly name: string } | undefined {
  const written = value.trim();
  if (sections.length === 0) {
    const id = sectionId(written);
    // A name written as an id ("world", "city-life") is shown as a name ("World", "City life").
    return { id, name: written === id ? humanize(id) : written };
  }
  const lower = written.toLowerCase();
  const slug = slugify(written);
  // A former id (`formerly`) is the section it became: archives keep the old name.
  const found =
    sections.find((s) => s.id === written) ??
    sections.find((s) => s.name.toLowerCase() === lower) ??
    sections.find((s) => s.id === slug) ??
    sections.find((s) => s.formerly?.includes(slug));
  return found ? { id: found.id, name: found.name } : undefined;
}

/** A section's name for people when nothing better is known: "customer-experience" → "Customer experience". */
export const humanize = (id: string): string => {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
