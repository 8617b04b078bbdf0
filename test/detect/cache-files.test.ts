import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCacheEntry } from '../../source/util/cache-files.js';

describe('writeCacheEntry in pieces (the scan cache and the stored result)', () => {
  it('writes the pieces as one file, readable by the user alone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-files-'));
    const file = path.join(dir, 'kind', 'a.json');
    expect(writeCacheEntry(file, ['{"a":', '[1,2', ']}'], 4)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{"a":[1,2]}');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('abandons the entry when a piece throws: the older entry stays and no temp file is left', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-files-'));
    const file = path.join(dir, 'b.json');
    writeFileSync(file, 'older');
    function* pieces(): Generator<string> {
      yield '{"entries":[';
      throw new RangeError('too large');
    }
    expect(writeCacheEntry(file, pieces(), 4)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('older');
    expect(readdirSync(dir)).toEqual(['b.json']);
  });
});

describe('writeCacheEntry size cap', () => {
  it('abandons an entry whose pieces pass the cap, and writes one that stays within it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-files-'));
    const file = path.join(dir, 'c.json');
    expect(writeCacheEntry(file, ['12345', '67890', 'x'], 4, 10)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(writeCacheEntry(file, ['12345', '67890'], 4, 10)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('1234567890');
  });
});
