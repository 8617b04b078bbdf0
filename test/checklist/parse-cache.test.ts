import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { problemsOf } from '../helpers/checklist-problems.js';
import { loadChecklist } from '../../source/checklist/load.js';
import { parseChecklistText, type ParseCache } from '../../source/checklist/parse.js';
import { defaultCacheDir, defaultParseCache, fileParseCache, shippedParseCacheDir } from '../../source/checklist/parse-cache.js';
import { shippedChecklistsDir } from '../../source/util/package-root.js';

const dirs: string[] = [];
function dir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'shipshape-parse-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CHECKLIST = `id: cached
version: 1.0.0
title: Cached
sections:
  - id: auth
    title: Authentication
questions:
  - id: auth.routes
    section: auth
    text: Is every route behind authentication?
    why: Unauthenticated routes expose data.
    severity: high
    evidence: The middleware that enforces it.
    remediation: Add an auth middleware.
    mappings:
      soc2: [CC6.1]
    signals:
      - id: auth.library
`;

/** A cache that records what it was asked, backed by a Map. */
function memoryCache(): ParseCache & { sets: number; hits: number; store: Map<string, unknown> } {
  const store = new Map<string, unknown>();
  const cache = {
    sets: 0,
    hits: 0,
    store,
    get(text: string) {
      const v = store.get(text);
      if (v !== undefined) cache.hits++;
      return v;
    },
    set(text: string, data: unknown) {
      cache.sets++;
      store.set(text, JSON.parse(JSON.stringify(data)));
    },
  };
  return cache;
}

describe('checklist parse cache', () => {
  it('a second parse of the same text comes from the cache and gives the same checklist', () => {
    const cache = memoryCache();
    const first = parseChecklistText(CHECKLIST, 'c.yaml', cache);
    expect(cache.sets).toBe(1);
    const second = parseChecklistText(CHECKLIST, 'c.yaml', cache);
    expect(cache.hits).toBe(1);
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) expect(second.value).toEqual(first.value);
  });

  it('never stores a text that fails, nor data JSON would change (.inf)', () => {
    const cache = memoryCache();
    expect(parseChecklistText('id: [unclosed', 'bad.yaml', cache).ok).toBe(false);
    expect(parseChecklistText(CHECKLIST.replace('severity: high', 'severity: urgent'), 'bad.yaml', cache).ok).toBe(false);
    expect(cache.sets).toBe(0);
    // `.inf` is a YAML float; JSON would turn it into null. Put it where the schema ignores nothing: it must fail the same way cached or not.
    const withInf = CHECKLIST.replace('version: 1.0.0', 'version: .inf');
    const direct = parseChecklistText(withInf, 'inf.yaml');
    expect(parseChecklistText(withInf, 'inf.yaml', cache)).toEqual(direct);
    expect(cache.sets).toBe(0);
  });

  it('an entry the schema refuses (tampered, or from an older schema) is ignored: the full parse answers, with lines', () => {
    const cache = memoryCache();
    const bad = CHECKLIST.replace('severity: high', 'severity: urgent');
    cache.store.set(bad, { id: 42, questions: 'none' });
    const result = parseChecklistText(bad, 'c.yaml', cache);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 12, field: 'questions[0].severity' });
  });

  it('problems found after the parse (an unknown signal) name the same line whether the data came from the cache or not', () => {
    const d = dir();
    const file = path.join(d, 'c.yaml');
    writeFileSync(file, CHECKLIST);
    const cache = fileParseCache(path.join(d, 'cache'), '0.0.0-test');
    const options = { knownSignals: new Set(['ci.pipeline']), cache, displayPath: () => 'c.yaml' };
    const cold = problemsOf(() => loadChecklist(file, options));
    expect(readdirSync(path.join(d, 'cache', 'checklists'))).toHaveLength(1);
    const warm = problemsOf(() => loadChecklist(file, options));
    expect(warm).toEqual(cold);
    expect(warm[0]).toMatch(/^c\.yaml:18:13 questions\[0\]\.signals\[0\]\.id: unknown signal "auth\.library"/);
  });

  it('on disk: one file per text and tool version; a corrupt or foreign entry is a miss, not an error', () => {
    const d = dir();
    const cache = fileParseCache(d, '1.2.3');
    expect(cache.get(CHECKLIST)).toBeUndefined();
    cache.set(CHECKLIST, { a: 1 });
    expect(cache.get(CHECKLIST)).toEqual({ a: 1 });
    expect(fileParseCache(d, '1.2.4').get(CHECKLIST)).toBeUndefined();
    const [entry] = readdirSync(path.join(d, 'checklists'));
    writeFileSync(path.join(d, 'checklists', entry!), '{"format": 1, "data": ');
    expect(cache.get(CHECKLIST)).toBeUndefined();
    writeFileSync(path.join(d, 'checklists', entry!), '{"format": 99, "data": {"a": 2}}');
    expect(cache.get(CHECKLIST)).toBeUndefined();
  });

  it('keeps at most 64 entries, dropping the oldest', () => {
    const d = dir();
    const cache = fileParseCache(d, '1.2.3');
    for (let i = 0; i < 70; i++) cache.set(`text ${i}`, { i });
    const names = readdirSync(path.join(d, 'checklists'));
    expect(names).toHaveLength(64);
    expect(names.every((n) => n.endsWith('.json'))).toBe(true);
    expect(cache.get('text 69')).toEqual({ i: 69 });
    // Nothing but the entries: no temp files left behind.
    expect(names.map((n) => JSON.parse(readFileSync(path.join(d, 'checklists', n), 'utf8')) as { format: number }).every((e) => e.format === 1)).toBe(true);
  });

  it('a cache directory that cannot be written is silently no cache', () => {
    const d = dir();
    const blocker = path.join(d, 'file');
    writeFileSync(blocker, 'not a directory');
    const cache = fileParseCache(path.join(blocker, 'cache'), '1.2.3');
    expect(() => cache.set(CHECKLIST, { a: 1 })).not.toThrow();
    expect(cache.get(CHECKLIST)).toBeUndefined();
    expect(parseChecklistText(CHECKLIST, 'c.yaml', cache).ok).toBe(true);
  });

  it('the build seeds the shipped checklists, so a first start with an empty user cache reads them parsed; new entries go to the user cache only', () => {
    const user = dir();
    const cache = defaultParseCache({ SHIPSHAPE_CACHE_DIR: user }, '/')!;
    const shipped = readFileSync(path.join(shippedChecklistsDir(), 'ai-production-readiness.yaml'), 'utf8');
    const shippedEntries = readdirSync(path.join(shippedParseCacheDir(), 'checklists'));
    expect(shippedEntries.length).toBeGreaterThan(0);
    const seeded = cache.get(shipped) as { id?: string } | undefined;
    expect(seeded?.id).toBe('ai-production-readiness');
    cache.set(CHECKLIST, { a: 1 });
    expect(readdirSync(path.join(user, 'checklists'))).toHaveLength(1);
    expect(readdirSync(path.join(shippedParseCacheDir(), 'checklists'))).toEqual(shippedEntries);
    expect(defaultParseCache({ SHIPSHAPE_CACHE_DIR: 'off' }, '/')).toBeUndefined();
    // A relative directory is the command's, like SHIPSHAPE_CONFIG_DIR: resolved against its working directory.
    const base = dir();
    defaultParseCache({ SHIPSHAPE_CACHE_DIR: 'rel-cache' }, base)!.set(CHECKLIST, { a: 1 });
    expect(readdirSync(path.join(base, 'rel-cache', 'checklists'))).toHaveLength(1);
  });

  it('SHIPSHAPE_CACHE_DIR chooses the directory, and "off" turns the cache off', () => {
    expect(defaultCacheDir({ SHIPSHAPE_CACHE_DIR: '/somewhere' })).toBe('/somewhere');
    expect(defaultCacheDir({ SHIPSHAPE_CACHE_DIR: 'off' })).toBeNull();
    expect(defaultCacheDir({})).toMatch(/shipshape/);
  });
});
