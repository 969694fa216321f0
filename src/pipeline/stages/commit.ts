import type { Changes, FilesRecord, Output } from '../../output/output.ts';

/**
 * commit: the staged files are moved into the output (a first build's staging folder
 * becomes the output whole), files no longer produced are deleted, and the manifest is
 * written last (a shard's record instead, with `record`). Returns what changed, worked out
 * before the staging folder goes.
 */
export async function commitOutput(output: Output, record?: FilesRecord): Promise<Changes> {
  const changes = output.changes();
  await output.commit(record ? { record } : {});
  return changes;
}
