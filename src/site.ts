import type { ResolvedConfig } from './config.ts';
import { directionOf } from './story.ts';

/** A configured section. */
export interface Section {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/**
 * What layouts know about the site: its settings and helpers that turn site paths into
 * links, so that every link works at a domain root and under a sub-path alike.
 */
export interface Site {
  readonly title: string;
  readonly description: string;
  /** Absolute base URL with trailing "/", e.g. "https://example.org/news/". */
  readonly url: string;
  readonly language: string;
  /** Text direction of the site language. */
  readonly dir: 'ltr' | 'rtl';
  readonly publisher: { readonly name: string; readonly logo?: string | undefined };
  readonly sections: readonly Section[];
  /** A site path ("/2021/05/05/x/") as a link from any page: "/news/2021/05/05/x/". */
  path(sitePath: string): string;
  /** A site path as an absolute URL: "https://example.org/news/2021/05/05/x/". */
  absolute(sitePath: string): string;
  /** The fingerprinted URL of a file in layouts/assets/, e.g. asset("style.css"). */
  asset(name: string): string;
  /** Display name of a section id (the id itself when it is not configured). */
  sectionName(id: string): string;
}

export function createSite(config: ResolvedConfig, assets: ReadonlyMap<string, string>): Site {
  const base = config.basePath;
  const path = (sitePath: string) => (/^[a-z][a-z0-9+.-]*:/i.test(sitePath) ? sitePath : base + sitePath.replace(/^\/+/, ''));
  return {
    title: config.title,
    description: config.description,
    url: config.url,
    language: config.language,
    dir: directionOf(config.language),
    publisher: config.publisher,
    sections: config.sections,
    path,
    absolute: (sitePath) => new URL(path(sitePath), config.url).href,
    asset: (name) => {
      const sitePath = assets.get(name);
      if (sitePath === undefined) throw new Error(`no asset "${name}" in layouts/assets/ (have: ${[...assets.keys()].join(', ') || 'none'})`);
      return path(sitePath);
    },
    sectionName: (id) => config.sections.find((s) => s.id === id)?.name ?? id.charAt(0).toUpperCase() + id.slice(1),
  };
}
