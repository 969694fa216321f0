type Linking = Readonly<Record<string, { readonly loaded: { readonly attachments?: readonly string[] | undefined } }>>;

/**
 * Files of the articles folder are copied as they are (PDFs, audio), but one that a
 * story links is part of that story: a programme linked only from an embargoed story, or
 * a memo linked from a draft or from an article with errors, must not be online before
 * the story is. It goes live with the first published story that links it, and stays:
 * its URL is then in the ledger (`published`, by `fileUrl`), and a later draft that alone
 * links it does not take it down. A file no article links is copied as before. `loaded`
 * is every article as loaded; `entries` has the versions published (a held story's last
 * good one).
 */
export function withheldFiles(
  loaded: Linking,
  entries: Linking,
  stories: readonly { readonly id: string }[],
  published: ReadonlySet<string> = new Set(),
): ReadonlySet<string> {
  const waiting = new Set<string>();
  for (const id in loaded)
    for (const file of loaded[id]!.loaded.attachments ?? []) if (!published.has(fileUrl(file))) waiting.add(file);
  if (waiting.size === 0) return waiting;
  for (const { id } of stories) for (const file of entries[id]?.loaded.attachments ?? []) waiting.delete(file);
  return waiting;
}

/** The URLs of the files published stories link, for the ledger: sorted, each once. */
export function linkedFiles(entries: Linking, stories: readonly { readonly id: string }[]): string[] {
  const urls = new Set<string>();
  for (const { id } of stories) for (const file of entries[id]?.loaded.attachments ?? []) urls.add(fileUrl(file));
  return [...urls].sort();
}

/** A file's URL from the site's root, as the ledger records it: its path in the articles folder. */
export const fileUrl = (file: string): string => encodeURI(`/${file}`);
