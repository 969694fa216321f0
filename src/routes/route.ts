import type { ResolvedConfig } from '../config.ts';
import type { Layouts } from '../layouts.ts';
import type { Site } from '../site.ts';
import type { Story } from '../story.ts';

/** Everything a route may read. Routes never write: they describe pages. */
export interface RouteInput {
  /** Published stories, newest first. */
  readonly published: readonly Story[];
  readonly site: Site;
  readonly layouts: Layouts;
  readonly config: ResolvedConfig;
}

/** One output file, described before it is rendered. */
export interface PageJob {
  /** Output path relative to the output folder, e.g. "2021/05/05/x/index.html". */
  readonly output: string;
  /** Layout module used, for error messages ("story", "front", "404"); none for data files. */
  readonly layout?: string | undefined;
  /** Article file the page is made from, if any, for error messages. */
  readonly source?: string | undefined;
  /** Ids of the stories whose metadata the page shows: what it must be rebuilt for. */
  readonly lists: readonly string[];
  render(): string;
}

/** A page kind: a function from the site's stories to the pages of that kind. */
export type Route = (input: RouteInput) => Iterable<PageJob>;

/** "/a/b/" → "a/b/index.html", "/a.html" → "a.html", "/" → "index.html". */
export function outputPath(sitePath: string): string {
  const rel = sitePath.replace(/^\/+/, '');
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
}
