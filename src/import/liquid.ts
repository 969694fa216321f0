import { splitArgs, type Args } from './args.ts';
import { applyEdits, type Edit } from './edits.ts';
import { fencedCode, gist, markdownImage, tweet, tweetParts, vimeo, youtube, youtubeId } from './embeds.ts';
import { evaluate } from './liquid-expressions.ts';
import type { TagContext } from './tag-context.ts';

/** One `{% … %}`, `{{ … }}` or (Nunjucks) `{# … #}` in a body. */
interface Tag {
  readonly start: number;
  readonly end: number;
  readonly kind: 'tag' | 'output' | 'comment';
  /** The tag's name (`include`, `endraw`); empty for output and comments. */
  readonly name: string;
  /** Everything after the name (tags) or the expression (output), trimmed. */
  readonly rest: string;
}

export interface LiquidOptions {
  /** Nunjucks (Eleventy's default for Markdown in many starters) also has `{# comments #}`. */
  readonly nunjucks: boolean;
  /** Variables that shadow the context's (an include's `include.*` parameters). */
  readonly locals?: Readonly<Record<string, unknown>>;
  /** How deep inside includes this text is. */
  readonly depth?: number;
}

/** The longest tag looked for, in characters. */
const MAX_TAG = 10_000;

/** Tags whose end tag is reported with them, not again on its own. */
const CLOSERS = /^(end\w+|else|elsif|elif|when|empty|break|continue)$/;

/**
 * Liquid (Jekyll, Eleventy) and Nunjucks (Eleventy) tags as Markdown and HTML Broadsheet
 * renders: `raw`/`verbatim` unwrapped, comments as HTML comments, `highlight` as fenced
 * code, `link`/`post_url` as the target's Broadsheet path, `include` inlined when the
 * included file converts completely, the usual embeds (`youtube`, `vimeo`, `tweet`,
 * `gist`, `image`) and output expressions with known values. Everything else (loops,
 * conditions, variables only the old build knew, a site's own tags) is left exactly as
 * written and reported.
 */
export function convertLiquid(text: string, ctx: TagContext, options: LiquidOptions): Edit[] {
  const tags = scan(text, options.nunjucks, ctx);
  const edits: Edit[] = [];
  let consumed = 0;
  let reportedBlock = false;
  const keep = (tag: Tag, reason: string) => {
    if (CLOSERS.test(tag.name) && reportedBlock) return;
    if (tag.kind === 'tag' && !CLOSERS.test(tag.name)) reportedBlock = true;
    ctx.report('import-unconverted', tag.start, `${reason}; kept as written`);
  };
  for (const tag of tags) {
    if (tag.start < consumed) continue;
    if (tag.kind === 'comment') {
      edits.push({ start: tag.start, end: tag.end, text: htmlComment(text.slice(tag.start + 2, tag.end - 2)) });
      continue;
    }
    if (tag.kind === 'output') {
      const result = evaluate(tag.rest, ctx, options.locals);
      if ('value' in result) edits.push({ start: tag.start, end: tag.end, text: result.value });
      else keep(tag, `{{ ${tag.rest} }}: ${result.problem}`);
      continue;
    }
    const block = (name: string) => findEnd(text, tag.end, name);
    switch (tag.name) {
      case 'raw':
      case 'verbatim': {
        const end = block(tag.name);
        if (!end) {
          keep(tag, `{% ${tag.name} %} without {% end${tag.name} %}`);
          continue;
        }
        edits.push({ start: tag.start, end: tag.end, text: '' }, { start: end.start, end: end.end, text: '' });
        consumed = end.end;
        continue;
      }
      case 'comment': {
        const end = block('comment');
        if (!end) {
          keep(tag, '{% comment %} without {% endcomment %}');
          continue;
        }
        edits.push({ start: tag.start, end: end.end, text: htmlComment(text.slice(tag.end, end.start)) });
        consumed = end.end;
        continue;
      }
      case 'highlight': {
        const end = block('highlight');
        if (!end) {
          keep(tag, '{% highlight %} without {% endhighlight %}');
          continue;
        }
        const language = (splitArgs(tag.rest)?.positional[0]?.value ?? '').split(/\s/)[0]!;
        edits.push({ start: tag.start, end: end.end, text: fencedCode(text.slice(tag.end, end.start), language) });
        consumed = end.end;
        continue;
      }
    }
    const converted = convertTag(tag, ctx, options);
    if (typeof converted === 'string') edits.push({ start: tag.start, end: tag.end, text: converted });
    else keep(tag, converted.problem);
  }
  return edits;
}

/** A tag that stands alone: its replacement, or why it has none. */
function convertTag(tag: Tag, ctx: TagContext, options: LiquidOptions): string | { problem: string } {
  const label = `{% ${tag.name} %}`;
  const args = splitArgs(tag.rest);
  if (!args) return { problem: `${label} has an unclosed quote` };
  const first = args.positional[0];
  const value = (index: number) => {
    const arg = args.positional[index];
    if (!arg) return undefined;
    if (arg.quoted) return arg.value;
    const result = evaluate(arg.value, ctx, options.locals);
    return 'value' in result ? result.value : arg.value;
  };
  switch (tag.name) {
    case 'include':
    case 'include_relative':
    case 'render':
      return include(tag, args, ctx, options);
    case 'link':
    case 'post_url': {
      if (!first) return { problem: `${label} names no target` };
      const result = ctx.link(tag.name, first.value);
      if ('problem' in result) return { problem: `${label} "${first.value}": ${result.problem}` };
      if (result.warning) ctx.report('import-link', tag.start, `${label} "${first.value}": ${result.warning}`);
      return result.url;
    }
    case 'youtube':
    case 'youtubeEmbed': {
      const id = youtubeId(value(0) ?? '');
      return id ? youtube(id, value(1), ctx.embedHosts) : { problem: `${label}: no video id` };
    }
    case 'vimeo': {
      const id = value(0);
      return id && /^\d+$/.test(id) ? vimeo(id, value(1), ctx.embedHosts) : { problem: `${label}: no video id` };
    }
    case 'tweet':
    case 'twitter': {
      const parts = tweetParts(value(args.positional.length - 1) ?? '');
      return parts ? tweet(parts.id, parts.user) : { problem: `${label}: no post id or URL` };
    }
    case 'gist': {
      const id = value(0);
      if (!id) return { problem: `${label}: no gist id` };
      const [user, gistId] = id.includes('/') ? id.split('/', 2) : [undefined, id];
      return gist(user, gistId!, value(1));
    }
    case 'image': {
      const src = value(0);
      if (!src) return { problem: `${label}: no image source` };
      return markdownImage(src, value(1) ?? '');
    }
    default:
      return { problem: `${label} is a template tag the importer does not convert` };
  }
}

/** Inline an include when everything in it converts; otherwise keep the tag and say why. */
function include(tag: Tag, args: Args, ctx: TagContext, options: LiquidOptions): string | { problem: string } {
  const label = `{% ${tag.name} %}`;
  const name = args.positional[0];
  if (!name || (!name.quoted && /[{}]/.test(name.value)))
    return { problem: `${label} with a name worked out at build time` };
  if ((options.depth ?? 0) >= 5) return { problem: `${label} "${name.value}" nests includes too deeply` };
  const source = ctx.include(name.value, tag.name === 'include_relative');
  if (source === undefined) return { problem: `${label} "${name.value}": no such file among the includes` };
  const params: Record<string, unknown> = {};
  for (const [key, arg] of args.named) {
    if (arg.quoted) params[key] = arg.value;
    else {
      const result = evaluate(arg.value, ctx, options.locals);
      if ('problem' in result) return { problem: `${label} "${name.value}": parameter ${key}: ${result.problem}` };
      params[key] = result.value;
    }
  }
  const problems: string[] = [];
  const inner: TagContext = {
    ...ctx,
    report: (_rule, _offset, reason) => problems.push(reason.replace(/; kept as written$/, '')),
  };
  const locals =
    tag.name === 'render' ? params : { ...options.locals, include: params, ...(options.nunjucks ? params : {}) };
  const edits = convertLiquid(source, inner, { ...options, locals, depth: (options.depth ?? 0) + 1 });
  if (problems.length > 0)
    return {
      problem: `${label} "${name.value}" contains what the importer cannot convert (${problems[0]}${problems.length > 1 ? `, and ${problems.length - 1} more` : ''})`,
    };
  return applyEdits(source, edits).text.trimEnd();
}

/** The end tag of a block (`{% endraw %}`) after `from`. */
function findEnd(text: string, from: number, name: string): { start: number; end: number } | undefined {
  const pattern = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, 'g');
  pattern.lastIndex = from;
  const m = pattern.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

const htmlComment = (text: string) =>
  `<!--${text.replace(/--+/g, (m) => m.split('').join(' ')).replace(/-$/, '- ')}-->`;

/** Every tag in the text, in order; quotes may contain the closing delimiter. */
function scan(text: string, nunjucks: boolean, ctx: TagContext): Tag[] {
  const out: Tag[] = [];
  const opener = nunjucks ? /\{[{%#]/g : /\{[{%]/g;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const start = m.index;
    const kind = text[start + 1] === '{' ? 'output' : text[start + 1] === '%' ? 'tag' : 'comment';
    const closer = kind === 'output' ? '}}' : kind === 'tag' ? '%}' : '#}';
    let end = -1;
    let quote = '';
    // A tag longer than this is an unclosed one, not worth scanning the rest of the text for.
    for (let i = start + 2; i < Math.min(text.length, start + MAX_TAG); i++) {
      const c = text[i]!;
      if (kind !== 'comment' && quote) {
        if (c === quote) quote = '';
      } else if (kind !== 'comment' && (c === '"' || c === "'")) quote = c;
      else if (text.startsWith(closer, i)) {
        end = i + 2;
        break;
      }
    }
    if (end === -1) {
      if (kind !== 'output')
        ctx.report('import-unconverted', start, `a template ${kind} that is never closed; kept as written`);
      continue;
    }
    const inner = text
      .slice(start + 2, end - 2)
      .replace(/^-/, '')
      .replace(/-$/, '')
      .trim();
    if (kind === 'tag') {
      const name = /^[\w-]+/.exec(inner)?.[0] ?? '';
      out.push({ start, end, kind, name, rest: inner.slice(name.length).trim() });
    } else out.push({ start, end, kind, name: '', rest: inner });
    opener.lastIndex = end;
  }
  return out;
}
