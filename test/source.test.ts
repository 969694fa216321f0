import { describe, expect, it } from 'vitest';
import { decodeSource } from '../src/content/source.ts';

const decode = (bytes: Uint8Array | string) =>
  decodeSource(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, 'a.md', 'a.md');

describe('decodeSource', () => {
  it('should strip a BOM and normalise CRLF and CR line endings', () => {
    const result = decode(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\r\ntitle: x\r\n---\rbody')]),
    );
    expect(result).toMatchObject({ text: '---\ntitle: x\n---\nbody' });
  });

  it('should report invalid UTF-8 at its line and column', () => {
    const bytes = Buffer.concat([Buffer.from('---\ntitle: ab'), Buffer.from([0xff, 0x41]), Buffer.from('\n---\n')]);
    const result = decode(bytes);
    expect(result).toMatchObject({ rule: 'invalid-utf8', line: 2, column: 10, severity: 'error' });
  });

  it('should say that a file saved as UTF-16 is not UTF-8, with a byte-order mark or without', () => {
    const text = '---\ntitle: x\n---\n';
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      Buffer.from(text, 'utf16le'),
    ]) {
      expect(decode(bytes)).toMatchObject({
        rule: 'invalid-utf8',
        line: 1,
        column: 1,
        reason: 'the file is saved as UTF-16, not UTF-8',
      });
    }
    expect(decode('a\0b')).toMatchObject({ text: 'a\0b' });
  });

  it('should report an empty or blank file', () => {
    expect(decode('')).toMatchObject({ rule: 'empty-article', line: 1, column: 1 });
    expect(decode('  \n\n')).toMatchObject({ rule: 'empty-article' });
  });

  it('should hash the raw bytes', () => {
    const a = decode('---\ntitle: x\n---\n');
    const b = decode('---\ntitle: y\n---\n');
    expect('hash' in a && 'hash' in b && a.hash !== b.hash).toBe(true);
  });
});
