import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import type { Site } from './site.ts';
import type { Story, StorySummary } from './story.ts';

/** Props of `layouts/story.tsx`. */
export interface StoryPageProps {
  readonly story: Story;
  readonly site: Site;
}

/** Props of `layouts/front.tsx`: the lead story and the ones after it, newest first. */
export interface FrontPageProps {
  readonly lead?: StorySummary | undefined;
  readonly latest: readonly StorySummary[];
  readonly site: Site;
}

/** Props of `layouts/404.tsx`. */
export interface NotFoundPageProps {
  readonly latest: readonly StorySummary[];
  readonly site: Site;
}

/** A layout is a function from props to a hast tree (usually JSX with hastscript). */
export type Layout<P> = (props: P) => Element | Root;

export interface Layouts {
  readonly story: Layout<StoryPageProps>;
  readonly front: Layout<FrontPageProps>;
  readonly notFound: Layout<NotFoundPageProps>;
}

/** Which module in the layouts folder provides each layout. */
export const LAYOUT_FILES: Readonly<Record<keyof Layouts, string>> = { story: 'story', front: 'front', notFound: '404' };
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js'];

/** Import every layout module once; a missing or broken one is a diagnostic, not a crash. */
export async function loadLayouts(dir: string, cwd: string): Promise<{ layouts?: Layouts; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const found: Partial<Record<keyof Layouts, Layout<never>>> = {};
  for (const [kind, name] of Object.entries(LAYOUT_FILES) as [keyof Layouts, string][]) {
    const file = EXTENSIONS.map((ext) => path.join(dir, name + ext)).find((f) => existsSync(f));
    const shown = path.relative(cwd, file ?? path.join(dir, `${name}.tsx`));
    if (!file) {
      diagnostics.push(diagnostic('layout-missing', { file: shown }, `no ${name}.tsx layout in ${path.relative(cwd, dir) || '.'}`));
      continue;
    }
    try {
      const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      if (typeof module.default !== 'function') throw new Error('the module has no default export function');
      found[kind] = module.default as Layout<never>;
    } catch (error) {
      diagnostics.push(layoutError(shown, error));
    }
  }
  if (diagnostics.length) return { diagnostics };
  return { layouts: found as Layouts, diagnostics };
}

/** A diagnostic for a layout that threw, pointing at the layout's own line when the stack shows it. */
export function layoutError(file: string, error: unknown, context?: string): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const name = path.basename(file).replace(/\.[jt]sx?$/, '');
  const frame = new RegExp(`${name}\\.[jt]sx?:(\\d+):(\\d+)`).exec(stack);
  return diagnostic(
    'layout-error',
    { file, line: frame ? Number(frame[1]) : 1, column: frame ? Number(frame[2]) : 1 },
    context ? `${message} (while rendering ${context})` : message,
  );
}

/** Serialize a layout's tree as an HTML document. Only the sanitized story body is raw. */
export function renderDocument(tree: Element | Root): string {
  const root: Root = tree.type === 'root' ? tree : { type: 'root', children: [tree] };
  const hasDoctype = root.children.some((c) => c.type === 'doctype');
  const document: Root = hasDoctype ? root : { type: 'root', children: [{ type: 'doctype' }, ...root.children] };
  return `${toHtml(document, { allowDangerousHtml: true })}\n`;
}
