import type { ErrorId } from '../diagnostics/errors.ts';
import type { LinkKind } from './old-site.ts';

/** What a link target written in a post became: a path to write, or why there is none. */
export type LinkResult = { readonly url: string; readonly warning?: string | undefined } | { readonly problem: string };

/**
 * What the shortcode and template-tag converters may ask about the post they convert.
 * They are pure functions of the text and this context; every answer that needed the file
 * system was worked out before.
 */
export interface TagContext {
  /** Report a problem at an offset of the text being converted. */
  readonly report: (rule: ErrorId, offset: number, reason: string, hint?: string) => void;
  /** A variable's value (`["site", "title"]`, `["page", "author"]`), undefined when unknown. */
  readonly lookup: (path: readonly string[]) => unknown;
  /** The Broadsheet path (without the base path) of a post or file a link names. */
  readonly link: (kind: LinkKind, target: string) => LinkResult;
  /** The text of an include file, by name as written; relative to the post for `include_relative`. */
  readonly include: (name: string, relative: boolean) => string | undefined;
  /** The Broadsheet site's base path, "/" or "/news/". */
  readonly basePath: string;
  /** The Broadsheet site's absolute URL, with trailing "/". */
  readonly siteUrl: string;
  /** Hosts whose iframes Broadsheet keeps (`markdown.embedHosts`). */
  readonly embedHosts: readonly string[];
}

/** The value at a path of nested objects (`["author", "name"]`), undefined where the path ends early. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (!at || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
