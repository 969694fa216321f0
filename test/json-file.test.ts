import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonFile, readJsonLines } from '../src/util/json-file.ts';
import { removeDir } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('JSON files', () => {
  const file = async (name: string, text: string | Buffer) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-json-test-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const lines = async (target: string) => {
    const out: unknown[] = [];
    await readJsonLines(target, (value) => void out.push(value));
    return out;
  };

  it('should read JSON Lines value by value: lines longer than its buffer, characters beyond ASCII split across reads, no final newline', async () => {
    const values: unknown[] = [
      { a: 1 },
      'x'.repeat(3 << 20),
      ['Zürich', 'Ελλάδα', '北京', '😀', 'line\nbreak\u2028'],
      ...Array.from({ length: 2000 }, (_, i) => [`story-${i}.md`, { n: i, title: `Café ${'é'.repeat(i % 700)}` }]),
      null,
    ];
    const text = values.map((v) => JSON.stringify(v)).join('\n');
    expect(await lines(await file('a.jsonl', `${text}\n`))).toEqual(values);
    expect(await lines(await file('b.jsonl', text))).toEqual(values);
    expect(await lines(await file('empty.jsonl', ''))).toEqual([]);
  });

  it('should stop reading when asked to, and fail on a line that is not JSON', async () => {
    const target = await file('c.jsonl', '1\n2\n3\n');
    const seen: unknown[] = [];
    await readJsonLines(target, (value) => (seen.push(value), value !== 2));
    expect(seen).toEqual([1, 2]);
    await expect(lines(await file('d.jsonl', '1\n{"cut":\n'))).rejects.toThrow(SyntaxError);
  });

  it('should read JSON files in ASCII and in UTF-8 alike', async () => {
    const value = {
      files: { 'a/index.html': { size: 1, sha256: 'ab' }, 'tags/énergie/index.html': { size: 2, sha256: 'cd' } },
    };
    expect(await readJsonFile(await file('utf8.json', JSON.stringify(value, null, 1)))).toEqual(value);
    const ascii = { files: { 'a/index.html': { size: 1, sha256: 'ab' } } };
    expect(await readJsonFile(await file('ascii.json', JSON.stringify(ascii, null, 1)))).toEqual(ascii);
  });
});
