import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth precompressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|txt|svg|map|webmanifest)$/i;

/** Below this size a compressed copy saves less than a packet. */
const MIN_BYTES = 1024;

export const compressible = (rel: string, size: number): boolean => size >= MIN_BYTES && COMPRESSIBLE.test(rel);

export const COMPRESSED_SUFFIXES = ['.br', '.gz'] as const;

/**
 * The `.br` and `.gz` siblings of a file, for servers that send a precompressed copy
 * instead of compressing on every request (nginx `gzip_static`/`brotli_static`, Caddy
 * `precompressed`). Both are deterministic: Brotli has no header fields, and Node's gzip
 * header carries no file name and a zero timestamp. zlib runs on libuv's thread pool, so
 * compressing many files at once uses every core.
 */
export async function precompress(rel: string, bytes: Uint8Array): Promise<{ br: Buffer; gz: Buffer }> {
  // Quality 11 costs many times quality 5 for a few percent fewer bytes: the best only
  // for the few shared assets every page loads. Chosen by path, so a file
  // compresses the same in an incremental build as in a cold one.
  const quality = rel.startsWith('assets/') ? 11 : 5;
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }),
    gzipAsync(bytes, { level: 9 }),
  ]);
  return { br, gz };
}
