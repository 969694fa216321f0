import type { Element, Root, RootContent } from 'hast';
import rehypeSanitize from 'rehype-sanitize';
import remarkParse from 'remark-parse';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import { VFile } from 'vfile';
import type { ResolvedConfig } from '../../config/config.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { AssetRef, ResolveAsset } from './assets.ts';
import { containerDepth, deepestTagLine, MAX_CONTAINER_DEPTH } from './nesting.ts';
import rehypeRawWhenNeeded from './raw-when-needed.ts';
import rehypeNoteRemoved from './removed-html.ts';
import { sanitizeSchema } from './sanitize-schema.ts';
import rehypeStoryTransform from './transform.ts';

export type MarkdownProcessor = Processor<import('mdast').Root, import('mdast').Root, Root, Root, string>;

/**
 * Build the Markdown → HTML processor once per process (or worker) and freeze it.
 * Order matters: sanitize runs after raw HTML is parsed and before Broadsheet's own
 * transforms, so figures, heading ids and link attributes are never stripped, and nothing
 * from the article reaches the page without passing the allowlist.
 */
export async function createMarkdownProcessor(
  config: Pick<ResolvedConfig, 'markdown' | 'url'>,
): Promise<MarkdownProcessor> {
  const { host: site, pathname: basePath } = new URL(config.url);
  // Imported only when turned on: they slow every thread's start.
  const [gfm, smartypants] = await Promise.all([
    config.markdown.gfm ? import('./gfm-as-needed.ts') : undefined,
    config.markdown.smartypants ? import('remark-smartypants') : undefined,
  ]);
  const processor = unified()
    .use(remarkParse)
    .use(gfm ? [gfm.default] : [])
    // Ellipses stay as typed: wire copy uses "...." for an elided sentence end.
    .use(smartypants ? [[smartypants.default, { ellipses: false }]] : [])
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
    .use(rehypeRawWhenNeeded)
    .use(rehypeNoteRemoved)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeStoryTransform, {
      embedHosts: config.markdown.embedHosts,
      siteHost: site,
      basePath,
    })
    .use(rehypeStringify);
  return processor.freeze() as unknown as MarkdownProcessor;
}

export interface RenderedBody {
  readonly html: string;
  readonly wordCount: number;
  /** Text of the first paragraph. */
  readonly lead: string;
  /** Local files the body refers to, at lines of the whole file. */
  readonly assets: readonly AssetRef[];
  /** Local files the body links to (`[programme](programme.pdf)`), at lines of the whole file. */
  readonly attachments: readonly AssetRef[];
  /** The first picture of the body (its published URL and alt text), if any. */
  readonly firstImage?: { readonly src: string; readonly alt: string } | undefined;
  readonly diagnostics: Diagnostic[];
}

const nothing = (diagnostics: Diagnostic[]): RenderedBody => ({
  html: '',
  wordCount: 0,
  lead: '',
  assets: [],
  attachments: [],
  diagnostics,
});

/**
 * Render a story body. Positions in warnings are shifted to lines of the whole file. A body
 * nested too deeply to render is an error (`nesting-too-deep`), found before parsing for
 * lists and block quotes, by the story transform for elements, and as a last resort from
 * the stack running out in a library.
 */
export function renderMarkdown(
  processor: MarkdownProcessor,
  input: { text: string; bodyLine: number; file: string; resolveAsset: ResolveAsset },
): RenderedBody {
  const shift = input.bodyLine - 1;
  const tooDeep = (line: number, reason: string) =>
    nothing([diagnostic('nesting-too-deep', { file: input.file, line: line + shift, column: 1 }, reason)]);
  const deep = containerDepth(input.text);
  if (deep)
    return tooDeep(
      deep.line,
      `lists and block quotes are nested more than ${MAX_CONTAINER_DEPTH} levels deep here; the story is not published`,
    );
  const vfile = new VFile({ value: input.text, path: input.file, data: { resolveAsset: input.resolveAsset } });
  let tree: Root;
  let html: string;
  try {
    tree = processor.runSync(processor.parse(vfile), vfile);
    html = processor.stringify(tree, vfile);
  } catch (error) {
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
    return tooDeep(
      deepestTagLine(input.text),
      'the story body is nested too deeply to render (HTML elements or emphasis inside each other); the story is not published',
    );
  }
  const diagnostics = vfile.messages.map((message) => {
    const place = { file: input.file, line: (message.line ?? 1) + shift, column: message.column ?? 1 };
    if (message.ruleId === 'nesting-too-deep') return diagnostic('nesting-too-deep', place, message.reason);
    const rule =
      message.ruleId === 'missing-alt' || message.ruleId === 'image-http' ? message.ruleId : 'markdown-warning';
    // A message's note is its own hint, where the rule's would not help.
    return diagnostic(rule, place, message.reason, {
      severity: 'warning',
      ...(message.note ? { hint: message.note } : {}),
    });
  });
  const shifted = (refs: readonly AssetRef[] = []) => refs.map((ref) => ({ ...ref, line: ref.line + shift }));
  // Kept for an article with errors too: a file only an unpublished article links waits with it.
  const attachments = shifted(vfile.data.attachmentRefs);
  if (diagnostics.some((d) => d.severity === 'error')) return { ...nothing(diagnostics), attachments };
  const assets = shifted(vfile.data.assetRefs);
  return {
    html,
    wordCount: countWords(tree),
    lead: firstParagraph(tree),
    assets,
    attachments,
    firstImage: vfile.data.firstImage,
    diagnostics,
  };
}

/** Words of running text, not counting captions. */
function countWords(node: Root | RootContent): number {
  if (node.type === 'text') return wordsIn(node.value);
  if (node.type === 'element' && node.tagName === 'figcaption') return 0;
  if ('children' in node) return (node.children as RootContent[]).reduce((n, child) => n + countWords(child), 0);
  return 0;
}

/**
 * The words of a text: runs between white space (as `\s` has it) with a letter or digit in
 * them. Read character by character, since splitting every body into words and testing
 * each against a Unicode pattern was a noticeable part of loading an article; the pattern
 * is asked only for characters beyond ASCII, once a run until it has a letter.
 */
export function wordsIn(text: string): number {
  let words = 0;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) counted = false;
      else if (!counted && ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122))) {
        words++;
        counted = true;
      }
      continue;
    }
    const point = text.codePointAt(i)!;
    if (point > 0xffff) i++;
    if (isSpace(point)) counted = false;
    else if (!counted && LETTER_OR_DIGIT.test(String.fromCodePoint(point))) {
      words++;
      counted = true;
    }
  }
  return words;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** White space beyond ASCII, as `\s` has it: the space separators, line and paragraph separators, and the BOM. */
const isSpace = (point: number): boolean =>
  point === 0xa0 ||
  point === 0x1680 ||
  (point >= 0x2000 && point <= 0x200a) ||
  point === 0x2028 ||
  point === 0x2029 ||
  point === 0x202f ||
  point === 0x205f ||
  point === 0x3000 ||
  point === 0xfeff;

function firstParagraph(tree: Root): string {
  const p = tree.children.find(
    (c): c is Element => c.type === 'element' && c.tagName === 'p' && textOf(c).trim() !== '',
  );
  return p ? textOf(p).replace(/\s+/g, ' ').trim() : '';
}

function textOf(node: Root | RootContent): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(textOf).join('');
  return '';
}
