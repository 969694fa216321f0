import { describe, expect, it } from 'vitest';
import { wordsIn } from '../src/content/markdown/processor.ts';

/** How words were counted before: split on white space, keep the pieces with a letter or digit. */
const reference = (text: string): number => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** A small deterministic generator, so that a failure can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const PIECES = [
  ...'aZ09 \t\n\v\f\r.,;:!?—–-"\'()[]&*/_',
  'word',
  '12,5',
  'e-mail',
  '\u00a0',
  '\u2003',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u200b',
  'é',
  'e\u0301',
  'Привет',
  'مرحبا',
  '\u05e9\u05dc\u05d5\u05dd',
  '漢字',
  '٣',
  '🙂',
  '𝟘',
  '\ud800',
  '\udc00',
  '—',
  '…',
];

describe('counting the words of a text', () => {
  it('should count as splitting on white space does, on text of every script, space and symbol', () => {
    const next = random(7);
    for (let n = 0; n < 5_000; n++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let k = 0; k < length; k++) text += PIECES[Math.floor(next() * PIECES.length)]!;
      expect([text, wordsIn(text)]).toEqual([text, reference(text)]);
    }
  });

  it('should take each character beyond ASCII for space, letter or neither as the patterns do', () => {
    for (let point = 0x80; point <= 0x10ffff; point++) {
      const text = `a ${String.fromCodePoint(point)} b${String.fromCodePoint(point)}c`;
      if (wordsIn(text) !== reference(text))
        expect([point.toString(16), wordsIn(text)]).toEqual([point.toString(16), reference(text)]);
    }
  });
});
