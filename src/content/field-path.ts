/** A path into a YAML document: keys and list indexes, e.g. ["gallery", 1, "alt"]. */
export type FieldPath = readonly (string | number)[];

/** A place in a source file, 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The value at a path of the front matter (undefined where the path leads nowhere). */
export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of path)
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** A path as messages name it, by the key the author wrote: "gallery[1].alt", "authors[1]". */
export function describe(path: FieldPath, original: ReadonlyMap<string, string>): string {
  const [head, ...rest] = path;
  const name = typeof head === 'string' ? (original.get(head) ?? head) : String(head);
  return [name, ...rest].map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}
