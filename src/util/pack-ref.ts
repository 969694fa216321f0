/** Where a piece of the build cache is kept: a byte range of one of its pack files. */
export interface PackRef {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
}
