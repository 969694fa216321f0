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
import rehypeRawWhenNeeded from './raw-when-needed.ts';
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
  const site = new URL(config.url).host;
  // Imported only when turned on: they slow every thread's start.
  const [gfm, smartypants] = await Promise.all([
    config.markdown.gfm ? import('remark-gfm') : undefined,
    config.markdown.smartypants ? import('remark-smartypants') : undefined,
  ]);
  const processor = unified()
    .use(remarkParse)
    .use(gfm ? [gfm.default] : [])
    // Ellipses stay as typed: wire copy uses "...." for an elided sentence end.
    .use(smartypants ? [[smartypants.default, { ellipses: false }]] : [])
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
    .use(rehypeRawWhenNeeded)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeStoryTransform, { embedHosts: config.markdown.embedHosts, siteHost: site })
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
  readonly diagnostics: Diagnostic[];
}

/** Render a story body. Positions in warnings are shifted to lines of the whole file. */
export function renderMarkdown(
  processor: MarkdownProcessor,
  input: { text: string; bodyLine: number; file: string; resolveAsset: ResolveAsset },
): RenderedBody {
  const vfile = new VFile({ value: input.text, path: input.file, data: { resolveAsset: input.resolveAsset } });
  const tree = processor.runSync(processor.parse(vfile), vfile);
  const shift = input.bodyLine - 1;
  const diagnostics = vfile.messages.map((message) =>
    diagnostic(
      'markdown-warning',
      { file: input.file, line: (message.line ?? 1) + shift, column: message.column ?? 1 },
      message.reason,
      { severity: 'warning' },
    ),
  );
  const assets = (vfile.data.assetRefs ?? []).map((ref) => ({ ...ref, line: ref.line + shift }));
  return {
    html: processor.stringify(tree, vfile),
    wordCount: countWords(tree),
    lead: firstParagraph(tree),
    assets,
    diagnostics,
  };
}

/** Words of running text, not counting captions. */
function countWords(node: Root | RootContent): number {
  if (node.type === 'text') return node.value.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (node.type === 'element' && node.tagName === 'figcaption') return 0;
  if ('children' in node) return (node.children as RootContent[]).reduce((n, child) => n + countWords(child), 0);
  return 0;
}

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
