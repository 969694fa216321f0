import type { Output } from '../../output/output.ts';
import { COMPRESSED_SUFFIXES, compressible, precompress } from '../../publish/compress.ts';
import { mapConcurrently } from '../../util/concurrently.ts';

/**
 * compress (`--compress`): `.br` and `.gz` copies of text files, for servers that send
 * precompressed files. An unchanged file keeps the copies the previous build made; a file
 * whose copies are there already keeps those.
 */
export async function compressFiles(output: Output): Promise<void> {
  const targets = [...output.files].filter(([rel, digest]) => compressible(rel, digest.size));
  await mapConcurrently(targets, 8, async ([rel]) => {
    const siblings = COMPRESSED_SUFFIXES.map((suffix) => rel + suffix);
    // Made already: by the shard that wrote the file (`broadsheet merge`), or public/ has them.
    if (siblings.every((s) => output.files.has(s))) return;
    if (!output.isStaged(rel) && siblings.every((s) => output.previous?.[s])) {
      for (const s of siblings) output.keep(s);
      return;
    }
    const { br, gz } = await precompress(rel, await output.read(rel));
    await output.write(`${rel}.br`, br);
    await output.write(`${rel}.gz`, gz);
  });
}
