/**
 * Broadsheet's public API: what layouts and config files import from "broadsheet".
 */
export type { ResolvedConfig, UserConfig } from './config/config.ts';
export { defineConfig } from './config/define-config.ts';
export {
  formatDate,
  formatLocalTime,
  hasOwnOffset,
  toUtc,
  type DateFormatOptions,
  type StoryDate,
} from './content/dates.ts';
export { zoneAbbreviation } from './content/zones.ts';
export type { Diagnostic } from './diagnostics/diagnostics.ts';
export type {
  FrontPageProps,
  FrontSection,
  Layout,
  ListingPageProps,
  NotFoundPageProps,
  Pagination,
  SearchPageProps,
  SearchVolumeLink,
  StoryPageProps,
} from './render/layouts.ts';
export type { BreakingNews, IconLink, Section, Site } from './render/site.ts';
export type { Author, Breaking, Correction, Image, Pin, SafeHtml, Story, StorySummary } from './content/story.ts';
export type { Focus, Picture, PictureFile, Placeholder } from './content/picture.ts';
export type { ImagesConfig, SlotName } from './config/images.ts';
export {
  fallbackFile,
  figureElement,
  galleryElement,
  PHOTO_CSS,
  photoUrl,
  pictureElement,
  remoteImageElement,
  socialImages,
  type MarkupOptions,
  type PictureText,
} from './photos/markup.ts';
export { canonicalOf, feedLinks, frontHead, jsonLd, listingHead, newsArticle, storyHead } from './render/metadata.ts';
export type { AuthorProfile } from './site/authors-file.ts';
