import type { Nodes, Root } from 'mdast';
import { nameToEmoji } from 'gemoji';
import type { Edit } from './edits.ts';

/** A shortcode as GitHub, Hugo's `enableEmoji` and Jekyll's jemoji write it: `:lock:`, `:+1:`. */
const SHORTCODE = /:([a-z0-9_+-]+):/g;

/**
 * The emoji of the shortcodes in a post's running text (`tree`, its parsed Markdown), as edits: the old site showed
 * `:lock:` as 🔒 (Hugo with `enableEmoji`, Jekyll with jemoji), and Broadsheet's Markdown
 * has no shortcodes, so left as they are they show as text. Code is left alone, and so is
 * a name that is no emoji's.
 */
export function emojiEdits(text: string, tree: Root): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'text') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) return;
      for (const m of text.slice(start, end).matchAll(SHORTCODE)) {
        const emoji = nameToEmoji[m[1]!];
        if (emoji) edits.push({ start: start + m.index, end: start + m.index + m[0].length, text: emoji });
      }
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  if (text.includes(':')) visit(tree);
  return edits;
}
