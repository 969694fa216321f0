import { defaultSchema, type Options as Schema } from 'rehype-sanitize';

/**
 * The allowlist for story bodies: GitHub's schema (what GitHub lets through in a README),
 * plus figures and iframes. Which iframe hosts survive is decided afterwards by
 * `embeds.ts`, since a schema cannot look inside a URL.
 */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'iframe', 'cite', 'mark', 'small', 'abbr'],
  attributes: {
    ...defaultSchema.attributes,
    iframe: ['src', 'title', 'width', 'height', 'allow', 'allowFullScreen', 'loading', 'referrerPolicy'],
    abbr: ['title'],
  },
  protocols: { ...defaultSchema.protocols, src: ['http', 'https'] },
};
