/**
 * Maps an image `src` written in an article to a URL for the page, and to the file it
 * needs under the articles folder (undefined for remote images).
 */
export type ResolveAsset = (src: string) => { url: string; file?: string | undefined };

/** A local file an article refers to; whether it exists is checked by the build, not here. */
export interface AssetRef {
  readonly file: string;
  readonly src: string;
  readonly line: number;
  readonly column: number;
}

declare module 'vfile' {
  interface DataMap {
    /** Set per article by the load stage: resolves paths relative to the article. */
    resolveAsset: ResolveAsset;
    /** Filled by the story transform: local files the body refers to. */
    assetRefs: AssetRef[];
    /** Filled by the story transform: local files the body links to (`[programme](programme.pdf)`). */
    attachmentRefs: AssetRef[];
    /** Filled by the story transform: the first picture of the body, as published. */
    firstImage: { src: string; alt: string };
  }
}
