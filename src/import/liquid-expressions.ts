import { slugify } from '../content/slug.ts';
import { escapeHtml } from './embeds.ts';
import { valueAt, type TagContext } from './tag-context.ts';

/** The value of a Liquid or Nunjucks output expression, or why it has none. */
export type Evaluated = { readonly value: string } | { readonly problem: string };

type Value = string | number | boolean | undefined;

/**
 * Evaluate `{{ … }}` when it only reads variables and applies filters whose result does
 * not depend on the old generator: `"/a.png" | relative_url`, `site.repository`,
 * `page.title | escape`, `"x" | prepend: site.baseurl`. Anything else (a loop variable, a
 * date format, a filter of the site's own) has no value here, and the caller keeps it.
 */
export function evaluate(
  expression: string,
  ctx: TagContext,
  locals: Readonly<Record<string, unknown>> = {},
): Evaluated {
  const parts = splitPipes(expression);
  if (!parts) return { problem: 'an expression the importer cannot read' };
  const [head, ...filters] = parts;
  let value = operand(head!.trim(), ctx, locals);
  if (value === null) return { problem: `"${head!.trim()}" is not a value the importer knows` };
  for (const filter of filters) {
    const m = /^([\w-]+)\s*(?::\s*([\s\S]*)|\(([\s\S]*)\))?$/.exec(filter.trim());
    if (!m) return { problem: `filter "${filter.trim()}" cannot be read` };
    const name = m[1]!;
    const args = (m[2] ?? m[3] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .map((a) => operand(a, ctx, locals));
    if (args.some((a) => a === null))
      return { problem: `an argument of filter "${name}" is not a value the importer knows` };
    const applied = applyFilter(name, value, args as Value[], ctx);
    if (applied === null) return { problem: `filter "${name}" is not one the importer applies` };
    value = applied;
  }
  if (value === undefined) return { problem: `"${head!.trim()}" has no value` };
  return { value: String(value) };
}

/** A literal or a variable; null when it names nothing the importer knows. */
function operand(text: string, ctx: TagContext, locals: Readonly<Record<string, unknown>>): Value | null {
  const quoted = /^(["'])([\s\S]*)\1$/.exec(text);
  if (quoted) return quoted[2]!;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (!/^[A-Za-z_][\w-]*(\.[\w-]+|\[(["'])[^"']*\2\]|\[\d+\])*$/.test(text)) return null;
  const path = [...text.matchAll(/[A-Za-z_][\w-]*|\[(["'])([^"']*)\1\]|\[(\d+)\]/g)].map((m) => m[2] ?? m[3] ?? m[0]);
  const [first, ...rest] = path;
  const value = first! in locals ? valueAt(locals[first!], rest) : ctx.lookup(path);
  if (value === undefined) return null;
  if (value === null) return '';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** The result of a filter, or null when the importer does not apply it. */
function applyFilter(name: string, value: Value, args: readonly Value[], ctx: TagContext): Value | null {
  const text = value === undefined ? '' : String(value);
  const arg = args[0] === undefined ? '' : String(args[0]);
  switch (name) {
    case 'relative_url':
    case 'url':
      return /^[a-z][a-z0-9+.-]*:|^\/\//i.test(text) ? text : ctx.basePath + text.replace(/^\//, '');
    case 'absolute_url':
      return /^[a-z][a-z0-9+.-]*:|^\/\//i.test(text) ? text : ctx.siteUrl + text.replace(/^\//, '');
    case 'prepend':
      return arg + text;
    case 'append':
      return text + arg;
    case 'downcase':
    case 'lower':
      return text.toLowerCase();
    case 'upcase':
    case 'upper':
      return text.toUpperCase();
    case 'capitalize':
      return text.charAt(0).toUpperCase() + text.slice(1);
    case 'strip':
    case 'trim':
      return text.trim();
    case 'escape':
    case 'escape_once':
    case 'xml_escape':
    case 'e':
      return escapeHtml(text);
    case 'slugify':
    case 'slug':
      return slugify(text);
    case 'default':
      return value === undefined || value === '' || value === false ? args[0] : value;
    case 'markdownify':
    case 'safe':
    case 'strip_newlines':
      return name === 'strip_newlines' ? text.replace(/\n/g, '') : text;
    default:
      return null;
  }
}

/** Split on `|` outside quotes; undefined when a quote is never closed. */
function splitPipes(expression: string): string[] | undefined {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '|' && expression[i + 1] !== '|') {
      parts.push(expression.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) return undefined;
  parts.push(expression.slice(start));
  return parts;
}
