/**
 * Just enough of EXIF (a TIFF structure) to say which tags a file carries, whether it
 * holds a GPS position, and its Artist and Copyright. Input is hostile: every offset is
 * checked against the buffer, and a loop of IFDs cannot run forever.
 */

/** What an EXIF block holds, as far as Broadsheet cares. */
export interface ExifSummary {
  /** Tag numbers of the main image's IFD (IFD0). */
  readonly tags: readonly number[];
  /** Whether a GPS IFD with at least one entry is present. */
  readonly gps: boolean;
  /** Tag numbers of the Exif sub-IFD (camera settings, dates, maker notes). */
  readonly exifTags: readonly number[];
  readonly artist?: string | undefined;
  readonly copyright?: string | undefined;
}

export const TAG = {
  artist: 0x013b,
  copyright: 0x8298,
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  interopIfd: 0xa005,
  orientation: 0x0112,
  xResolution: 0x011a,
  yResolution: 0x011b,
  resolutionUnit: 0x0128,
  yCbCrPositioning: 0x0213,
} as const;

/**
 * Tags that say nothing about who, where or with what: what libvips writes on its own
 * (resolution, orientation 1, pixel dimensions) and the pointers between IFDs.
 */
const NEUTRAL: ReadonlySet<number> = new Set([
  TAG.orientation,
  TAG.xResolution,
  TAG.yResolution,
  TAG.resolutionUnit,
  TAG.yCbCrPositioning,
  TAG.exifIfd,
  TAG.interopIfd,
  0x9000, // ExifVersion
  0x9101, // ComponentsConfiguration
  0xa000, // FlashpixVersion
  0xa001, // ColorSpace
  0xa002, // PixelXDimension
  0xa003, // PixelYDimension
]);

/**
 * The tags of an EXIF block that describe the picture's making (camera, dates, software,
 * position, people), leaving out neutral ones and, when `allowCredit`, Artist and Copyright.
 */
export function identifyingTags(exif: ExifSummary, allowCredit: boolean): number[] {
  const credit = (tag: number) => allowCredit && (tag === TAG.artist || tag === TAG.copyright);
  return [...exif.tags, ...exif.exifTags].filter((tag) => !NEUTRAL.has(tag) && !credit(tag));
}

/**
 * Read an EXIF block as sharp's metadata() returns it (optionally starting with
 * "Exif\0\0"). Undefined when it is not a readable TIFF structure.
 */
export function readExif(data: Uint8Array): ExifSummary | undefined {
  let start = 0;
  if (data.length >= 6 && String.fromCharCode(...data.subarray(0, 4)) === 'Exif') start = 6;
  const view = new DataView(data.buffer, data.byteOffset + start, data.byteLength - start);
  if (view.byteLength < 8) return undefined;
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return undefined;
  const little = order === 0x4949;
  const u16 = (at: number) => (at + 2 <= view.byteLength ? view.getUint16(at, little) : undefined);
  const u32 = (at: number) => (at + 4 <= view.byteLength ? view.getUint32(at, little) : undefined);
  if (u16(2) !== 42) return undefined;

  /** Entries of the IFD at `offset`: tag, type, count, and where its value is. */
  const entries = (offset: number | undefined) => {
    const out: { tag: number; type: number; count: number; at: number }[] = [];
    const n = offset === undefined ? undefined : u16(offset);
    if (offset === undefined || n === undefined) return out;
    for (let i = 0; i < n && i < 1000; i++) {
      const at = offset + 2 + i * 12;
      const tag = u16(at);
      const type = u16(at + 2);
      const count = u32(at + 4);
      if (tag === undefined || type === undefined || count === undefined) break;
      out.push({ tag, type, count, at: at + 8 });
    }
    return out;
  };
  const ascii = (entry: { type: number; count: number; at: number }): string | undefined => {
    if (entry.type !== 2) return undefined;
    const where = entry.count <= 4 ? entry.at : u32(entry.at);
    if (where === undefined || where + entry.count > view.byteLength) return undefined;
    const bytes = new Uint8Array(view.buffer, view.byteOffset + where, entry.count);
    const end = bytes.indexOf(0);
    return new TextDecoder('latin1').decode(end === -1 ? bytes : bytes.subarray(0, end)).trim() || undefined;
  };
  const pointer = (list: ReturnType<typeof entries>, tag: number) => {
    const entry = list.find((e) => e.tag === tag);
    return entry ? u32(entry.at) : undefined;
  };

  const ifd0 = entries(u32(4));
  const artist = ifd0.find((e) => e.tag === TAG.artist);
  const copyright = ifd0.find((e) => e.tag === TAG.copyright);
  return {
    tags: ifd0.map((e) => e.tag),
    gps: entries(pointer(ifd0, TAG.gpsIfd)).length > 0,
    exifTags: entries(pointer(ifd0, TAG.exifIfd)).map((e) => e.tag),
    artist: artist && ascii(artist),
    copyright: copyright && ascii(copyright),
  };
}

/** Whether XMP text holds a position (exif:GPSLatitude and the like, or Iptc4xmpExt locations). */
export const xmpHasGps = (xmp: Uint8Array): boolean =>
  /GPS(Latitude|Longitude|Position)|LocationShown|LocationCreated/i.test(Buffer.from(xmp).toString('utf8'));
