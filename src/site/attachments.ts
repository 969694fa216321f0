type Linking = Readonly<Record<string, { readonly loaded: { readonly attachments?: readonly string[] | undefined } }>>;

/**
 * Files of the articles folder are copied as they are (PDFs, audio), but one that a
 * story links is part of that story: a programme linked only from an embargoed story, or
 * a memo linked from a draft or from an article with errors, must not be online before
 * the story is. It goes live with the first published story that links it. A file no
 * article links is copied as before. `loaded` is every article as loaded; `entries` has
 * the versions published (a held story's last good one).
 */
export function withheldFiles(
  loaded: Linking,
  entries: Linking,
  published: readonly { readonly id: string }[],
): ReadonlySet<string> {
  const waiting = new Set<string>();
  for (const id in loaded) for (const file of loaded[id]!.loaded.attachments ?? []) waiting.add(file);
  if (waiting.size === 0) return waiting;
  for (const { id } of published) for (const file of entries[id]?.loaded.attachments ?? []) waiting.delete(file);
  return waiting;
}
