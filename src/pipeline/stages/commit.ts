import type { StoryCore } from '../../content/story.ts';
import { MANIFEST_PATH, previewHead } from '../../output/manifest.ts';
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

/**
 * The manifest of an output that shows drafts or embargoed stories (`broadsheet dev`'s
 * preview): it says how many, so that `check` refuses to pass the folder for publishing.
 * Undefined for an output without them, whose manifest is the plain one.
 */
export function previewManifest(published: readonly StoryCore[]): FilesRecord | undefined {
  const previews = published.filter((story) => story.preview !== undefined).length;
  return previews > 0 ? { path: MANIFEST_PATH, head: previewHead(previews) } : undefined;
}
