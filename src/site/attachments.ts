type Linking = Readonly<Record<string, { readonly loaded: { readonly attachments?: readonly string[] | undefined } }>>;

/**
 * Files of the articles folder are copied as they are (PDFs, audio), but one that a
 * story links is part of that story: a programme linked only from an embargoed story, or
 * a memo linked from a draft or from an article with errors, must not be online before
 * the story is. It goes live with the first published story that links it, and stays:
 * the ledger records the version published (`published`, by `fileVersion`), and a later
 * draft that alone links it does not take it down. The version is its content: a file
 * given new content, or deleted and added again, that only unpublished stories link
 * waits for them again. `digestOf` reads a file's SHA-256, asked only of such files. A
 * file no article links is copied as before. `loaded` is every article as loaded;
 * `entries` has the versions published (a held story's last good one).
 */
export function withheldFiles(
  loaded: Linking,
  entries: Linking,
  stories: readonly { readonly id: string }[],
  published: ReadonlySet<string> = new Set(),
  digestOf: (file: string) => string | undefined = () => undefined,
): ReadonlySet<string> {
  const waiting = new Set<string>();
  for (const id in loaded) for (const file of loaded[id]!.loaded.attachments ?? []) waiting.add(file);
  if (waiting.size === 0) return waiting;
  for (const { id } of stories) for (const file of entries[id]?.loaded.attachments ?? []) waiting.delete(file);
  if (waiting.size === 0 || published.size === 0) return waiting;
  const recorded = versionUrls(published);
  for (const file of waiting) {
    if (!recorded.has(fileUrl(file))) continue;
    const digest = digestOf(file);
    if (digest !== undefined && published.has(fileVersion(file, digest))) waiting.delete(file);
  }
  return waiting;
}

/** The versions of the files published stories link, for the ledger: sorted, each once. */
export function linkedFiles(
  entries: Linking,
  stories: readonly { readonly id: string }[],
  digestOf: (file: string) => string | undefined,
): string[] {
  const versions = new Set<string>();
  for (const { id } of stories)
    for (const file of entries[id]?.loaded.attachments ?? []) {
      const digest = digestOf(file);
      if (digest !== undefined) versions.add(fileVersion(file, digest));
    }
  return [...versions].sort();
}

/** A file's URL from the site's root, as the ledger records it: its path in the articles folder. */
export const fileUrl = (file: string): string => encodeURI(`/${file}`);

/** One version of a file, as the ledger records it: its URL and the SHA-256 of its content. */
export const fileVersion = (file: string, sha256: string): string => `${fileUrl(file)}\t${sha256}`;

/** The URLs of files versions name (`fileVersion`): the files the ledger says were published. */
export const versionUrls = (versions: Iterable<string>): Set<string> =>
  new Set([...versions].map((version) => version.slice(0, version.indexOf('\t'))));
