/** Characters that join with none before or after them: Latin letters, digits, punctuation. */
const PLAIN = /^[\u0020-\u007e\u00a0-\u02ff]{2}$/;

/** Characters' boundaries as readers see them: a flag or a family emoji is one. */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `text.slice(0, end)` that never ends inside a character as readers see it: between the
 * two halves of a surrogate pair (an emoji, a rare CJK character), which shows as "�" in
 * HTML and XML and is an unpaired surrogate in JSON, or inside a flag or an emoji joined
 * with zero-width joiners, which would show as other emoji.
 */
export function sliceWhole(text: string, end: number): string {
  const at = Math.floor(end);
  if (at >= text.length) return text;
  // Between two letters of the Latin alphabets (nearly every cut) there is a boundary.
  if (PLAIN.test(text.slice(Math.max(0, at - 1), at + 1))) return text.slice(0, at);
  // Else only the characters near the cut are segmented: none is longer than a few dozen units.
  const from = Math.max(0, at - 32);
  let cut = from;
  for (const { index } of graphemes.segment(text.slice(from, at + 32))) {
    if (from + index > at) break;
    cut = from + index;
  }
  return text.slice(0, cut);
}
