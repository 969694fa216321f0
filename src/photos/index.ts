/**
 * The photo engine: responsive, stripped, content-addressed variants of local pictures,
 * their markup, SVG sanitizing, and checks of published images.
 */
export {
  defaultImagesConfig,
  FORMATS,
  imagesSchema,
  SLOTS,
  type ImagesConfig,
  type ImagesUserConfig,
  type PhotoFormat,
  type SlotConfig,
  type SlotName,
} from '../config/images.ts';
export {
  CENTRE,
  cropBox,
  parseFocus,
  planSlot,
  planSocial,
  planUse,
  widthsFor,
  type Box,
  type Focus,
  type Size,
  type SocialPlan,
  type UsePlan,
  type Variant,
} from './plan.ts';
export {
  createImageChecker,
  imageFacts,
  type ImageCheckOptions,
  type ImageFacts,
  type ImageFinding,
  type ReadSiteFile,
  type ResolveSiteUrl,
} from './check.ts';
export {
  FALLBACK_WIDTH,
  figureElement,
  galleryElement,
  PHOTO_CSS,
  photoUrl,
  pictureElement,
  remoteImageElement,
  socialImages,
  type MarkupOptions,
  type PictureText,
} from './markup.ts';
export { type Placeholder } from './placeholder.ts';
export {
  createPhotoProcessor,
  defaultEncodes,
  photoFiles,
  processPhotos,
  SHARP_THREADS,
  SOURCES_IN_FLIGHT,
  type Picture,
  type PictureFile,
  type PhotoJob,
  type PhotoProcessor,
  type PhotoProcessorOptions,
  type PhotoResult,
  type PhotoUse,
} from './processor.ts';
export { PHOTO_DIR, photoStoreFolder, PhotoStore, STORE_VERSION } from './store.ts';
export { sanitizeSvg, type SanitizedSvg } from './svg.ts';
