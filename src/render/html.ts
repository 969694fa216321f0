import type { Element, Root } from 'hast';
import { hastToHtml } from './hast-to-html.ts';
import type { SafeHtml } from '../content/story.ts';

/**
 * Pages are serialized here, and only here: whole documents, and the parts that layouts
 * reuse (`site.reuse`), with the same settings, so a reused part is byte for byte what it
 * would have been inside the page. Every text and attribute value is escaped; raw nodes
 * (the sanitized story body, reused parts made by this same function) pass as they are.
 */
export function serializeHtml(tree: Root | Element): string {
  return hastToHtml(tree, { allowDangerousHtml: true });
}

/**
 * Reused parts held per build and thread, up to this many characters: past it the memo
 * starts again empty, so a large archive's teasers never add up to more than this (the
 * teasers of the 16,000-story benchmark corpus all fit).
 */
const REUSE_BUDGET = 24 * 1024 * 1024;

/** `site.reuse`: each key's part rendered once, then the same HTML again. */
export function createReuse(): (key: string, render: () => Element | Root) => SafeHtml {
  let parts = new Map<string, SafeHtml>();
  let size = 0;
  return (key, render) => {
    let part = parts.get(key);
    if (part === undefined) {
      part = { type: 'raw', value: serializeHtml(render()) };
      if (size + part.value.length > REUSE_BUDGET) {
        parts = new Map();
        size = 0;
      }
      parts.set(key, part);
      size += part.value.length;
    }
    return part;
  };
}
