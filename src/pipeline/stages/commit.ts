import type { Changes, Output } from '../../output/output.ts';

/**
 * commit: the staged files are moved into the output (a first build's staging folder
 * becomes the output whole), files no longer produced are deleted, and the manifest is
 * written last. Returns what changed, worked out before the staging folder goes.
 */
export async function commitOutput(output: Output): Promise<Changes> {
  const changes = output.changes();
  await output.commit();
  return changes;
}
