/**
 * Broadsheet's public API: what layouts and config files import from "broadsheet".
 */
export type { ResolvedConfig, UserConfig } from './config.ts';
export { defineConfig } from './define-config.ts';
export { formatDate, toUtc, type StoryDate } from './dates.ts';
export type { Diagnostic } from './diagnostics.ts';
export type {
  FrontPageProps,
  Layout,
  ListingPageProps,
  NotFoundPageProps,
  Pagination,
  SearchPageProps,
  StoryPageProps,
} from './layouts.ts';
export type { Section, Site } from './site.ts';
export type { Author, Correction, Image, SafeHtml, Story, StorySummary } from './story.ts';
export { canonicalOf, feedLinks, frontHead, jsonLd, listingHead, newsArticle, storyHead } from './metadata.ts';
export type { AuthorProfile } from './authors-file.ts';
