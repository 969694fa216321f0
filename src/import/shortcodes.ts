import { splitArgs, type Args } from './args.ts';
import type { Edit } from './edits.ts';
import {
  CAPTION_LINK,
  captionHtml,
  detailsClose,
  detailsOpen,
  escapeHtml,
  fencedCode,
  gist,
  instagram,
  markdownImage,
  tweet,
  tweetParts,
  vimeo,
  youtube,
  youtubeId,
} from './embeds.ts';
import type { TagContext } from './tag-context.ts';

/** One `{{< … >}}` or `{{% … %}}` in a Hugo body. */
interface Shortcode {
  readonly start: number;
  readonly end: number;
  readonly kind: 'open' | 'close' | 'escaped';
  readonly name: string;
  readonly args: Args;
  readonly selfClosing: boolean;
  /** The text between the delimiters. */
  readonly inner: string;
}

/**
 * Hugo's shortcodes as Markdown and HTML Broadsheet renders: `figure`, `youtube`,
 * `vimeo`, `tweet`/`x`/`twitter`, `instagram`, `gist`, `highlight`, `details`, `param`,
 * `ref` and `relref`; escaped ones (a comment inside the delimiters) become the literal
 * text Hugo showed.
 * Everything else is left exactly as written and reported: nothing is dropped.
 */
export function convertShortcodes(text: string, ctx: TagContext): Edit[] {
  const found = scan(text, ctx);
  const edits: Edit[] = [];
  let consumed = 0; // shortcodes inside a converted `highlight` are its code
  const closes = new Set<number>(); // indexes of closing tags already paired
  for (let i = 0; i < found.length; i++) {
    const sc = found[i]!;
    if (sc.start < consumed) continue;
    if (sc.kind === 'escaped') {
      edits.push({ start: sc.start, end: sc.end, text: escapedText(text, sc) });
      continue;
    }
    if (sc.kind === 'close') {
      if (!closes.has(i))
        ctx.report(
          'import-unconverted',
          sc.start,
          `closing shortcode "/${sc.name}" has no opening one; kept as written`,
        );
      continue;
    }
    const close = sc.selfClosing ? -1 : pairOf(found, i);
    if (close !== -1) closes.add(close);
    const closing = close === -1 ? undefined : found[close]!;
    const converted = convert(sc, closing, text, ctx);
    if (converted === undefined) {
      ctx.report(
        'import-unconverted',
        sc.start,
        `shortcode "${sc.name}" is not one the importer converts (the site's or its theme's own)${closing ? ', nor its closing tag' : ''}; kept as written`,
      );
      continue;
    }
    if (typeof converted === 'string') {
      edits.push({ start: sc.start, end: sc.end, text: converted });
    } else if ('whole' in converted && closing) {
      edits.push({ start: sc.start, end: closing.end, text: converted.whole });
      consumed = closing.end;
    } else if ('open' in converted) {
      edits.push({ start: sc.start, end: sc.end, text: converted.open });
      if (closing) edits.push({ start: closing.start, end: closing.end, text: converted.close });
    }
  }
  return edits;
}

type Converted = string | { whole: string } | { open: string; close: string } | undefined;

function convert(sc: Shortcode, closing: Shortcode | undefined, text: string, ctx: TagContext): Converted {
  const get = (key: string, index?: number) =>
    sc.args.named.get(key)?.value ?? (index === undefined ? undefined : sc.args.positional[index]?.value);
  switch (sc.name) {
    case 'figure': {
      const src = get('src', 0);
      if (!src) return undefined;
      const caption = [get('title'), get('caption')].filter(Boolean).join(' — ') || undefined;
      // A caption with Markdown links keeps them as links (HTML), and lends its words to alt.
      const words = caption?.replace(CAPTION_LINK, '$1');
      const alt = get('alt') ?? words ?? '';
      if (!alt)
        ctx.report(
          'import-image-alt',
          sc.start,
          `figure "${src}" has neither alt text nor a caption: published as decorative (alt="")`,
        );
      const link = get('link');
      const attr = get('attr');
      const attrlink = get('attrlink');
      if (!link && !attrlink && words === caption) return markdownImage(src, alt, caption, attr);
      const img = `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
      const credit = attr
        ? attrlink
          ? `<a href="${escapeHtml(attrlink)}">${escapeHtml(attr)}</a>`
          : escapeHtml(attr)
        : '';
      const figcaption =
        caption || credit
          ? `<figcaption>${[caption ? captionHtml(caption) : '', credit].filter(Boolean).join(' ')}</figcaption>`
          : '';
      return `<figure>${link ? `<a href="${escapeHtml(link)}">${img}</a>` : img}${figcaption}</figure>`;
    }
    case 'youtube': {
      const id = youtubeId(get('id', 0) ?? '');
      return id ? youtube(id, get('title'), ctx.embedHosts) : undefined;
    }
    case 'vimeo': {
      const id = get('id', 0);
      return id && /^\d+$/.test(id) ? vimeo(id, get('title'), ctx.embedHosts) : undefined;
    }
    case 'tweet':
    case 'twitter':
    case 'x': {
      const id = get('id') ?? sc.args.positional.at(-1)?.value;
      const user = get('user') ?? (sc.args.positional.length > 1 ? sc.args.positional[0]!.value : undefined);
      const parts = id ? tweetParts(id) : undefined;
      return parts ? tweet(parts.id, user ?? parts.user) : undefined;
    }
    case 'instagram': {
      const id = get('id', 0);
      return id ? instagram(id) : undefined;
    }
    case 'gist': {
      const [user, id, file] = sc.args.positional.map((a) => a.value);
      if (!user) return undefined;
      return id ? gist(user, id, file) : gist(undefined, user);
    }
    case 'highlight': {
      if (!closing) return undefined;
      const language = (get('lang', 0) ?? '').split(/\s/)[0]!;
      return { whole: fencedCode(text.slice(sc.end, closing.start), language) };
    }
    case 'details': {
      if (!closing) return undefined;
      return { open: detailsOpen(get('summary', 0) ?? ''), close: detailsClose };
    }
    case 'param': {
      const key = get('name', 0);
      if (!key) return undefined;
      const path = key.split('.');
      const value =
        ctx.lookup(['page', ...path]) ??
        ctx.lookup(['page', 'params', ...path]) ??
        ctx.lookup(['site', 'params', ...path]);
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
    }
    case 'ref':
    case 'relref': {
      const target = get('path', 0);
      if (!target) return undefined;
      const hash = target.indexOf('#');
      const file = hash === -1 ? target : target.slice(0, hash);
      const fragment = hash === -1 ? '' : target.slice(hash);
      if (file === '') return fragment; // a link to an anchor of the same page
      const result = ctx.link('ref', file);
      if ('problem' in result) {
        ctx.report('import-link', sc.start, `${sc.name} "${target}": ${result.problem}; kept as written`);
        return text.slice(sc.start, sc.end);
      }
      if (result.warning) ctx.report('import-link', sc.start, `${sc.name} "${target}": ${result.warning}`);
      return ctx.basePath + result.url.slice(1) + fragment;
    }
    default:
      return undefined;
  }
}

// An escaped shortcode, `{{</*` … `*/>}}`, is printed by Hugo without the comment marks.
function escapedText(text: string, sc: Shortcode): string {
  const raw = text.slice(sc.start, sc.end);
  return raw.replace(/^(\{\{[<%])(\s*)\/\*/, '$1$2').replace(/\*\/(\s*)([>%]\}\})$/, '$1$2');
}

/** The index of the closing tag that pairs with the opening one at `i`, or -1. */
function pairOf(found: readonly Shortcode[], i: number): number {
  const name = found[i]!.name;
  let depth = 0;
  for (let j = i + 1; j < found.length; j++) {
    const sc = found[j]!;
    if (sc.name !== name) continue;
    if (sc.kind === 'open' && !sc.selfClosing) depth++;
    else if (sc.kind === 'close') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/** Every shortcode in the text, in order; quotes inside arguments may contain the closing delimiter. */
function scan(text: string, ctx: TagContext): Shortcode[] {
  const out: Shortcode[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf('{{', at);
    if (start === -1) return out;
    const delimiter = text[start + 2];
    if (delimiter !== '<' && delimiter !== '%') {
      at = start + 2;
      continue;
    }
    const closer = `${delimiter === '<' ? '>' : '%'}}}`;
    let end = -1;
    let quote = '';
    for (let i = start + 3; i < Math.min(text.length, start + 10_000); i++) {
      const c = text[i]!;
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === '`') quote = c;
      else if (text.startsWith(closer, i)) {
        end = i + 3;
        break;
      } else if (c === '\n' && text.startsWith('\n\n', i) && !text.slice(start, i).includes('/*')) break;
    }
    if (end === -1) {
      ctx.report('import-unconverted', start, 'a shortcode that is never closed; kept as written');
      at = start + 3;
      continue;
    }
    const inner = text.slice(start + 3, end - 3).trim();
    if (inner.startsWith('/*') && inner.endsWith('*/')) {
      out.push({
        start,
        end,
        kind: 'escaped',
        name: '',
        args: { positional: [], named: new Map() },
        selfClosing: true,
        inner,
      });
    } else {
      const closing = inner.startsWith('/');
      const body = closing ? inner.slice(1).trim() : inner;
      const selfClosing = !closing && body.endsWith('/');
      const words = (selfClosing ? body.slice(0, -1) : body).trim();
      const name = /^[\w./-]+/.exec(words)?.[0] ?? '';
      const args = splitArgs(words.slice(name.length));
      if (!name || !args)
        ctx.report('import-unconverted', start, 'a shortcode the importer cannot read; kept as written');
      else out.push({ start, end, kind: closing ? 'close' : 'open', name, args, selfClosing, inner });
    }
    at = end;
  }
}
