import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { combineExtensions } from 'micromark-util-combine-extensions';
import type { Extension } from 'micromark-util-types';
import type { Processor } from 'unified';

/**
 * GitHub Flavored Markdown as `remark-gfm` parses it, with only the syntax extensions a
 * document can use. Each extension makes micromark try its constructs at every character
 * that could start one: the table at the start of every line, literal autolinks at every
 * "w", "h" and "@". Together they took about as long as parsing the Markdown itself, for
 * articles that nearly never have a table, a footnote, a strikethrough or a task list, and
 * whose addresses are nearly always link destinations (docs/performance.md).
 *
 * An extension is left out only when the document cannot contain its syntax: every one of
 * them needs certain characters. Literal autolinks are the exception that needs a second
 * look: nearly every article has "https://", but in a link's destination, where no literal
 * is made. So a document whose addresses all sit after "](", "]: " or "<" is parsed without
 * them, and parsed again with them if its text still holds the start of one (an unpaired
 * bracket, say). Used after `remark-parse`, in place of `remark-gfm`; the result is the
 * same tree (test/gfm-as-needed.test.ts compares them on random documents).
 */
export default function remarkGfmAsNeeded(this: Processor): undefined {
  const data = this.data();
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
  // Made once per set of extensions, in the order `micromark-extension-gfm` combines them.
  const made = new Map<number, Extension>();
  const extensions = (uses: number): Extension => {
    let extension = made.get(uses);
    if (!extension) {
      const all = [gfmAutolinkLiteral, gfmFootnote, gfmStrikethrough, gfmTable, gfmTaskListItem];
      extension = combineExtensions(all.filter((_, bit) => uses & (1 << bit)).map((make) => make()));
      made.set(uses, extension);
    }
    return extension;
  };
  const parse = (doc: string, uses: number): Root =>
    fromMarkdown(doc, {
      ...data.settings,
      extensions: [...(data.micromarkExtensions ?? []), extensions(uses)],
      mdastExtensions: data.fromMarkdownExtensions ?? [],
    });
  this.parser = (doc: string): Root => {
    const uses =
      (doc.includes('[^') ? FOOTNOTE : 0) |
      (doc.includes('~') ? STRIKETHROUGH : 0) |
      (doc.includes('|') || TABLE_WITHOUT_PIPES.test(doc) ? TABLE : 0) |
      (TASK.test(doc) ? TASK_LIST : 0);
    if (!LITERAL.test(doc)) return parse(doc, uses);
    if (literalOutsideDestinations(doc)) return parse(doc, uses | AUTOLINK);
    const tree = parse(doc, uses);
    return literalInText(tree) ? parse(doc, uses | AUTOLINK) : tree;
  };
}

const AUTOLINK = 1;
const FOOTNOTE = 2;
const STRIKETHROUGH = 4;
const TABLE = 8;
const TASK_LIST = 16;

/** A delimiter row may have no pipe at all ("a\n:-:" is a table of one column); a colon beside a dash is in every one. */
const TABLE_WITHOUT_PIPES = /:-|-:/;
/** "[ ]", "[x]", "[X]", with any white space inside. */
const TASK = /\[[\sxX]\]/;
/** What every literal autolink starts with: "www.", "http://", "https://", or an address's "name@domain.". */
const LITERAL = /www\.|https?:\/\/|[\w.+-]@[\w-]+\./i;
const LITERALS = new RegExp(LITERAL.source, 'gi');
/** Before a link destination, a definition's destination, or an autolink of CommonMark's own, with "mailto:" after it. */
const DESTINATION = /(?:\]\(<?|\]:[ \t]*<?|<)(?:mailto:|xmpp:)?$/i;

/**
 * Whether an address in the document is not right after a destination's opening: a
 * literal autolink is likely, and the document is parsed with them at once. An address's
 * match starts at the first character of the name before "@", which is where a destination
 * opened.
 */
function literalOutsideDestinations(doc: string): boolean {
  for (const match of doc.matchAll(LITERALS)) {
    const at = match.index;
    const start = match[0].includes('@') ? nameStart(doc, at) : at;
    if (!DESTINATION.test(doc.slice(Math.max(0, start - 16), start))) return true;
  }
  return false;
}

/** Where the run of address-name characters around `at` starts. */
function nameStart(doc: string, at: number): number {
  let start = at;
  while (start > 0 && /[\w.+-]/.test(doc[start - 1]!)) start--;
  return start;
}

/** Whether text parsed without literal autolinks holds the start of one: only text can become one. */
function literalInText(node: Nodes): boolean {
  if (node.type === 'text') return LITERAL.test(node.value);
  if ((node.type === 'image' || node.type === 'imageReference') && node.alt && LITERAL.test(node.alt)) return true;
  return 'children' in node && node.children.some((child) => literalInText(child));
}
