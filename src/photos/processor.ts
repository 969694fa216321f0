import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { sha256 } from '../util/hash.ts';
import { mapConcurrently } from '../util/concurrently.ts';
import { diagnostic, type Diagnostic, type Place } from '../diagnostics/diagnostics.ts';
import type { ErrorId } from '../diagnostics/errors.ts';
import type { ImagesConfig, SlotName } from '../config/images.ts';
import {
  encodeAnimated,
  encodeVariants,
  isUnusable,
  limiter,
  openPicture,
  probe,
  tooLarge,
  type Limiter,
  type Probe,
} from './encode.ts';
import type { Picture, PictureFile } from '../content/picture.ts';
import { CENTRE, planUse, type Focus, type Size, type UsePlan, type Variant } from './plan.ts';
import {
  PhotoStore,
  STORE_VERSION,
  svgName,
  variantKey,
  variantName,
  type SourceRecord,
  type StoredVariant,
} from './store.ts';
import { sanitizeSvg } from './svg.ts';

/** One place a picture is used: its slot, its focus, and where the article refers to it. */
export interface PhotoUse {
  readonly slot: SlotName;
  /** `focus:` from front matter; without it, crops follow sharp's attention strategy. */
  readonly focus?: Focus | undefined;
  /** Also make the social crops (og:image, JSON-LD): the lead picture of a story. */
  readonly social?: boolean | undefined;
  /** The article and the position of the field (front-matter `image.src`, or the Markdown image). */
  readonly place: Place;
}

/** One local picture and every use of it in the site (or in a batch of articles). */
export interface PhotoJob {
  /** Absolute path of the file. */
  readonly path: string;
  /** The picture as the article names it ("photos/harbour.jpg"), for messages. */
  readonly src: string;
  /**
   * sha256 of the file, when the caller knows it is unchanged (the build cache's digests of
   * copied files): a picture the store has in full is then not even read.
   */
  readonly hash?: string | undefined;
  readonly uses: readonly PhotoUse[];
}

export type { Picture, PictureFile } from '../content/picture.ts';

export interface PhotoResult {
  readonly path: string;
  /** sha256 of the file: pass it back as `hash` next time while the file is unchanged. */
  readonly source?: string | undefined;
  /** One per use, in order; empty when the picture cannot be used (the diagnostics say why, once per use). */
  readonly pictures: readonly Picture[];
  /** Files encoded by this call: 0 when the store had them all. */
  readonly encoded: number;
  /** Whether this call decoded the picture: never when the store had every file. */
  readonly decoded: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * libvips threads per operation. The AVIF encoder, most of the work, runs on one thread
 * whatever libvips is given, so more threads only add runnable threads competing for the
 * same cores (measured: bench/RESULTS.md, "Photos").
 */
export const SHARP_THREADS = 1;
/** Encoder calls at once in a process: one per core, since each encode keeps one core busy. */
export const defaultEncodes = (): number => availableParallelism();
/** Pictures open at once per processor: a second one fills the cores while the first finishes its last encodes. */
export const SOURCES_IN_FLIGHT = 2;

export interface PhotoProcessorOptions {
  readonly config: ImagesConfig;
  /** The store's folder, e.g. `.broadsheet/cache/photos` (kept across cache versions). */
  readonly dir: string;
  /**
   * Encoder calls at once in this processor. Default: one per core (`defaultEncodes()`).
   * Processors in several worker threads should share the cores: `cores / threads` each.
   */
  readonly encodes?: number | undefined;
  /**
   * libvips threads per operation, set process-wide (`sharp.concurrency`), and sharp's
   * operation cache switched off (it only holds memory when every picture is new).
   * Default SHARP_THREADS.
   */
  readonly threads?: number | undefined;
}

export type PhotoProcessor = (job: PhotoJob) => Promise<PhotoResult>;

/** A processor for one thread: its encoder calls share one limit. */
export function createPhotoProcessor(options: PhotoProcessorOptions): PhotoProcessor {
  sharp.concurrency(options.threads ?? SHARP_THREADS);
  sharp.cache(false);
  const store = new PhotoStore(options.dir);
  const limit = limiter(options.encodes ?? defaultEncodes());
  return (job) => processPhoto(job, options.config, store, limit);
}

/** Process pictures a few at a time (SOURCES_IN_FLIGHT), results in order. */
export async function processPhotos(
  jobs: readonly PhotoJob[],
  options: PhotoProcessorOptions & { readonly sources?: number | undefined },
): Promise<PhotoResult[]> {
  const run = createPhotoProcessor(options);
  return mapConcurrently(jobs, options.sources ?? SOURCES_IN_FLIGHT, run);
}

/** The names of every file the results use: for copying into the site, and for `PhotoStore.collect`. */
export function photoFiles(results: readonly PhotoResult[]): string[] {
  const names = new Set<string>();
  for (const result of results)
    for (const picture of result.pictures) {
      for (const file of picture.files) names.add(file.name);
      if (picture.social)
        for (const file of [picture.social.openGraph, ...picture.social.structuredData]) names.add(file.name);
    }
  return [...names].sort();
}

const isSvgFile = (file: string, bytes: Uint8Array) =>
  path.extname(file).toLowerCase() === '.svg' ||
  /^(\ufeff)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(
    Buffer.from(bytes.subarray(0, 1024)).toString('utf8'),
  );

async function processPhoto(
  job: PhotoJob,
  config: ImagesConfig,
  store: PhotoStore,
  limit: Limiter,
): Promise<PhotoResult> {
  const failed = (rule: ErrorId, reason: string, source?: string): PhotoResult => ({
    path: job.path,
    source,
    pictures: [],
    encoded: 0,
    decoded: false,
    diagnostics: job.uses.map((use) => diagnostic(rule, use.place, `image "${job.src}": ${reason}`)),
  });

  /**
   * A picture the store has in full needs neither reading nor decoding; the pixel limit
   * still applies, so that a build never depends on what the cache holds.
   */
  const fromStore = (record: SourceRecord | undefined): PhotoResult | undefined => {
    if (!record) return undefined;
    if (record.width * record.height * (record.frames ?? 1) > config.maxPixels)
      return failed(
        'image-too-large',
        tooLarge(record.width, record.height, config.maxPixels, record.frames),
        record.source,
      );
    const plans = planAll(job, config, record, record.attention, record.frames);
    return missing(plans, record, config, store).length === 0 ? result(job, config, record, plans, 0) : undefined;
  };
  const known = job.hash === undefined ? undefined : store.read(job.hash);
  const stored = fromStore(known);
  if (stored) return stored;

  let bytes: Buffer;
  try {
    bytes = await readFile(job.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? failed('missing-image', 'the file does not exist')
      : failed('read-error', `cannot read the file: ${(error as Error).message}`);
  }
  const source = sha256(bytes);
  if (isSvgFile(job.path, bytes)) return publishSvg(job, bytes, source, config, store, failed);

  const record = source === job.hash ? known : store.read(source);
  const complete = fromStore(record);
  if (complete) return complete;
  const header = await probe(bytes, config.maxPixels);
  if (isUnusable(header)) return failed(header.rule, header.reason, source);
  try {
    return await encodeMissing(job, config, store, limit, { bytes, source, probe: header, record });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code
      ? failed('read-error', `cannot write the photo store: ${message}`, source)
      : failed('image-unreadable', `the image cannot be decoded (${message.split('\n')[0]})`, source);
  }
}

/** Decode the picture once and encode what the store lacks; save the record. */
async function encodeMissing(
  job: PhotoJob,
  config: ImagesConfig,
  store: PhotoStore,
  limit: Limiter,
  picture: { bytes: Buffer; source: string; probe: Probe; record: SourceRecord | undefined },
): Promise<PhotoResult> {
  const { size, frames } = picture.probe;
  let { record } = picture;
  // Sizes do not depend on the focus, so a plan around the centre gives the decoding scale.
  const sizing = planAll(job, config, size, record?.attention ?? CENTRE, frames);
  const todo = (record ? missing(sizing, record, config, store) : sizing.flatMap(variantsOf)).filter(isStill);
  // An animation's first frame makes its stills, placeholder and attention point.
  const opened =
    record === undefined || todo.length > 0
      ? await openPicture(picture.bytes, picture.probe, todo, {
          analyse: record === undefined,
          maxPixels: config.maxPixels,
          limit,
        })
      : undefined;
  const attention = record?.attention ?? opened!.analysis!.attention;
  const plans = planAll(job, config, size, attention, frames);
  const base: SourceRecord = record ?? {
    version: STORE_VERSION,
    source: picture.source,
    width: size.width,
    height: size.height,
    format: picture.probe.format,
    ...(frames ? { frames } : {}),
    placeholder: opened!.analysis!.placeholder,
    attention,
    variants: {},
  };
  const made: Record<string, StoredVariant> = {};
  const keyed = new Map<Variant, string>();
  const work = missing(plans, base, config, store, keyed);
  const put = async (variant: Variant, data: Buffer) => {
    const key = keyed.get(variant)!;
    const name = variantName(key, variant);
    await store.put(name, data);
    made[key] = { name, bytes: data.byteLength };
  };
  const stills = work.filter(isStill);
  if (opened && stills.length > 0) await encodeVariants(opened.master, picture.probe, stills, config, limit, put);
  await Promise.all(
    work
      .filter((variant) => !isStill(variant))
      .map(async (variant) => put(variant, await encodeAnimated(picture.bytes, picture.probe, variant, config, limit))),
  );
  record = { ...base, variants: { ...base.variants, ...made } };
  await store.save(record);
  return result(job, config, record, plans, work.length, true);
}

const variantsOf = (plan: UsePlan): Variant[] => [
  ...plan.variants,
  ...(plan.social ? [plan.social.openGraph, ...plan.social.structuredData] : []),
];

const isStill = (variant: Variant): boolean => !variant.animated;

function planAll(job: PhotoJob, config: ImagesConfig, size: Size, attention: Focus, frames?: number): UsePlan[] {
  return job.uses.map((use) => planUse(size, config, use, use.focus ?? attention, (frames ?? 1) > 1));
}

/** Variants of the plans the store lacks (record or file), each once. */
function missing(
  plans: readonly UsePlan[],
  record: SourceRecord,
  config: ImagesConfig,
  store: PhotoStore,
  keys = new Map<Variant, string>(),
): Variant[] {
  const seen = new Set<string>();
  const out: Variant[] = [];
  for (const variant of plans.flatMap(variantsOf)) {
    const key = variantKey(record.source, variant, config, config.keepCopyright);
    if (seen.has(key)) continue;
    seen.add(key);
    const stored = record.variants[key];
    if (stored && store.has(stored.name)) continue;
    keys.set(variant, key);
    out.push(variant);
  }
  return out;
}

function result(
  job: PhotoJob,
  config: ImagesConfig,
  record: SourceRecord,
  plans: readonly UsePlan[],
  encoded: number,
  decoded = false,
): PhotoResult {
  const file = (variant: Variant): PictureFile => ({
    format: variant.format,
    width: variant.width,
    height: variant.height,
    name: variantName(variantKey(record.source, variant, config, config.keepCopyright), variant),
  });
  const pictures = plans.map((plan, i): Picture => {
    const slot = job.uses[i]!.slot;
    const files = plan.variants.map(file);
    const largest = files.reduce((a, b) => (b.width > a.width ? b : a));
    return {
      slot,
      sizes: config.slots[slot].sizes,
      width: largest.width,
      height: largest.height,
      files,
      placeholder: config.placeholder ? record.placeholder : undefined,
      ...(slot !== 'thumbnail' && largest.width < Math.min(...config.slots[slot].widths) ? { natural: true } : {}),
      social: plan.social && {
        openGraph: file(plan.social.openGraph),
        structuredData: plan.social.structuredData.map(file),
      },
    };
  });
  return { path: job.path, source: record.source, pictures, encoded, decoded, diagnostics: [] };
}

/** An SVG is published rebuilt from the allowlist, never as it came; what was dropped is a warning. */
async function publishSvg(
  job: PhotoJob,
  bytes: Buffer,
  source: string,
  config: ImagesConfig,
  store: PhotoStore,
  failed: (rule: ErrorId, reason: string, source?: string) => PhotoResult,
): Promise<PhotoResult> {
  const clean = sanitizeSvg(bytes.toString('utf8'));
  if ('error' in clean) return failed('image-unreadable', clean.error, source);
  const name = svgName(clean.svg);
  let encoded = 0;
  if (!store.has(name)) {
    await store.put(name, Buffer.from(clean.svg));
    encoded = 1;
  }
  const file: PictureFile = { format: 'svg', width: clean.width, height: clean.height, name };
  const diagnostics = clean.removed.length
    ? job.uses.map((use) =>
        diagnostic(
          'svg-sanitized',
          use.place,
          `image "${job.src}": removed ${clean.removed.slice(0, 5).join(', ')}${clean.removed.length > 5 ? ` and ${clean.removed.length - 5} more` : ''}`,
          { severity: 'warning' },
        ),
      )
    : [];
  const pictures = job.uses.map((use): Picture => ({
    slot: use.slot,
    sizes: config.slots[use.slot].sizes,
    width: clean.width,
    height: clean.height,
    files: [file],
  }));
  return { path: job.path, source, pictures, encoded, decoded: false, diagnostics };
}
