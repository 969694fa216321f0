import { defaultSchema, type Options as Schema } from 'rehype-sanitize';

/**
 * Of the attributes GitHub's schema lets through on every element, those HTML allows on
 * every element. The others (`align`, `border`, `name`, `width`…) are obsolete or belong
 * to one element, and pasted or imported HTML full of them would fail the Nu HTML Checker:
 * they are kept only where `PER_ELEMENT` says HTML allows them.
 */
const GLOBAL = ['accessKey', 'dir', 'id', 'lang', 'tabIndex', 'title'];

/** Attributes of GitHub's `*` list kept on the elements HTML allows them on. */
const PER_ELEMENT: Readonly<Record<string, readonly string[]>> = {
  img: ['alt', 'width', 'height'],
  source: ['media', 'width', 'height'],
  ol: ['start'],
  li: ['value'],
  // `align` becomes a class in the story transform.
  td: ['align', 'colSpan', 'rowSpan', 'headers'],
  th: ['align', 'colSpan', 'rowSpan', 'headers', 'scope', 'abbr'],
  del: ['dateTime'],
  ins: ['dateTime'],
  details: ['open'],
  input: ['checked'],
  // An old-style anchor (`<a name="x">`) becomes an id in the story transform.
  a: ['hrefLang', 'name', 'rel'],
  col: ['span'],
  colgroup: ['span'],
};

const attributes: NonNullable<Schema['attributes']> = { ...defaultSchema.attributes, '*': GLOBAL };
for (const [tag, names] of Object.entries(PER_ELEMENT)) attributes[tag] = [...(attributes[tag] ?? []), ...names];

/**
 * The allowlist for story bodies: GitHub's schema (what GitHub lets through in a README),
 * plus figures, iframes and table captions, with only the attributes HTML allows where
 * they stand. Which
 * iframe hosts survive is decided afterwards by the story transform, since a schema cannot
 * look inside a URL. A style sheet goes with its text, as a script does: the text of CSS is
 * not the story's.
 */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  strip: [...(defaultSchema.strip ?? []), 'style'],
  // Wire tables come with captions and column groups; a caption left out would leave its
  // text loose inside the table.
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    ...['figure', 'figcaption', 'iframe', 'cite', 'mark', 'small', 'abbr', 'caption', 'colgroup', 'col'],
  ],
  attributes: {
    ...attributes,
    iframe: ['src', 'title', 'width', 'height', 'allow', 'allowFullScreen', 'loading', 'referrerPolicy'],
    abbr: ['title'],
  },
  // A tip line to call or text is news copy: `tel:` and `sms:` links are kept too.
  protocols: {
    ...defaultSchema.protocols,
    href: [...(defaultSchema.protocols?.href ?? []), 'tel', 'sms'],
    src: ['http', 'https'],
  },
};
