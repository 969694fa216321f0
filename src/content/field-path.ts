/** A path into a YAML document: keys and list indexes, e.g. ["gallery", 1, "alt"]. */
export type FieldPath = readonly (string | number)[];

/** A place in a source file, 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}
