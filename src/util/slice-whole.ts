/**
 * `text.slice(0, end)` that never ends between the two halves of a surrogate pair (an
 * emoji, a rare CJK character): half of one is no character, and shows as "�" in HTML and
 * XML and as an unpaired surrogate in JSON, which parsers treat differently.
 */
export function sliceWhole(text: string, end: number): string {
  const at = Math.floor(end);
  const last = text.charCodeAt(at - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff && at < text.length ? at - 1 : at);
}
