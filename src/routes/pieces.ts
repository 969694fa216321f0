/**
 * A generated file made of one piece per listed story, between a head and a tail
 * (stories.json, feeds). A piece depends only on its story (named by its content hash)
 * and the build's settings, so a rebuild copies the pieces of unchanged stories from the
 * previous file and renders only the others: rendering stories.json and the feeds whole
 * was a large part of a one-story rebuild (a feed item's HTML is parsed to make its
 * links absolute).
 */
export interface Pieces {
  /**
   * Called before anything else is read, with the positions whose pieces will be
   * rendered: a job loads what it needs for those (a feed, those stories' bodies).
   */
  prepare(positions: readonly number[]): Promise<void>;
  readonly head: string;
  readonly separator: string;
  readonly tail: string;
  /** The piece of the story at this position of the job's `lists`. */
  piece(at: number): string;
  /** What the piece at this position is made from (its story's content hash): equal keys, equal pieces. */
  key(at: number): string;
}

/** The whole file, and the byte lengths of its head, its tail and each piece in it. */
export async function joinPieces(
  pieces: Pieces,
  count: number,
): Promise<{ text: string; head: number; tail: number; lengths: number[] }> {
  await pieces.prepare(Array.from({ length: count }, (_, at) => at));
  const parts: string[] = new Array(count);
  const lengths: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const piece = pieces.piece(i);
    parts[i] = piece;
    lengths[i] = Buffer.byteLength(piece);
  }
  const { head, separator, tail } = pieces;
  return {
    text: head + parts.join(separator) + tail,
    head: Buffer.byteLength(head),
    tail: Buffer.byteLength(tail),
    lengths,
  };
}
