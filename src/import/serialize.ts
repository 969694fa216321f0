import { stringify } from 'yaml';
import type { Address } from './addresses.ts';
import type { MappedFields } from './map-fields.ts';

/**
 * An article's text: YAML front matter in a fixed order — Broadsheet's fields as the
 * README lists them, then the post's other fields sorted by name — and the body. The
 * same post always gives the same bytes.
 */
export function articleText(fields: MappedFields, address: Address, body: string): string {
  const ordered: Record<string, unknown> = {
    title: fields.title,
    dek: fields.dek,
    date: fields.date,
    updated: fields.updated,
    authors: fields.authors.length ? fields.authors : undefined,
    section: fields.section,
    tags: fields.tags.length ? fields.tags : undefined,
    image: fields.image && withoutEmpty(fields.image),
    slug: address.slug,
    draft: fields.draft || undefined,
    aliases: address.aliases.length ? address.aliases : undefined,
    lang: fields.lang,
    canonical: fields.canonical,
    expires: fields.expires,
  };
  for (const key of Object.keys(fields.data).sort()) ordered[key] = fields.data[key];
  const yaml = stringify(withoutEmpty(ordered), { lineWidth: 0 });
  const trimmed = body.replace(/^\n+/, '').trimEnd();
  const text = trimmed ? `\n${trimmed}\n` : '\n';
  return `---\n${yaml}---\n${text}`;
}

function withoutEmpty<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
