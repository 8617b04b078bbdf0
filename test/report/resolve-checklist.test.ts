import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../source/checklist/load.js';
import { resolveChecklist } from '../../source/report/inputs.js';
import { packageRoot } from '../../source/util/package-root.js';
import { assessment } from '../helpers/builders.js';
import { tempDir } from '../helpers/fs.js';

/**
 * The checklist source recorded in an assessment comes from a file a repository
 * can craft. Inside the repository any checklist there is used; outside it only
 * the very checklist that was pinned (same content hash), so a team's shared
 * checklist still resumes without --checklist while the path cannot make
 * shipshape load some other file of the reviewer's.
 */

const FIXTURE = path.join(packageRoot(), 'test/ui/fixtures/wizard-checklist.yaml');
let dir: string;
let cleanup: () => void;
let repo: string;
let shared: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('shipshape-resolve-'));
  repo = path.join(dir, 'repo');
  mkdirSync(repo);
  shared = path.join(dir, 'team', 'checklist.yaml');
  mkdirSync(path.dirname(shared));
  copyFileSync(FIXTURE, shared);
});
afterAll(() => cleanup?.());

describe('the checklist an assessment pinned', () => {
  it('is found at its recorded path outside the repository when its content is the pinned one', () => {
    const list = loadChecklist(shared);
    const a = assessment(list, { checklist: { id: list.id, version: list.version, hash: list.hash, source: shared } });
    const { checklist, warning } = resolveChecklist(a, repo);
    expect(checklist.hash).toBe(list.hash);
    expect(warning).toBeNull();
  });

  it('is not taken from a path outside the repository whose content differs from what was pinned', () => {
    const list = loadChecklist(shared);
    const other = path.join(dir, 'team', 'other.yaml');
    writeFileSync(other, `${readFixture()}\n# changed\n`.replace(/^version: .*$/m, 'version: "9.9.9"'));
    const a = assessment(list, { checklist: { id: list.id, version: list.version, hash: 'f'.repeat(64), source: other } });
    expect(() => resolveChecklist(a, repo)).toThrow(/cannot find the checklist/);
  });

  it('is taken from a path inside the repository even when it changed since, with a warning', () => {
    const inside = path.join(repo, 'review.yaml');
    copyFileSync(FIXTURE, inside);
    const list = loadChecklist(inside);
    const a = assessment(list, { checklist: { id: list.id, version: list.version, hash: 'e'.repeat(64), source: 'review.yaml' } });
    const { checklist, warning } = resolveChecklist(a, repo);
    expect(checklist.id).toBe(list.id);
    expect(warning).toMatch(/differs from the one this assessment pinned/);
  });
});

function readFixture(): string {
  return readFileSync(FIXTURE, 'utf8');
}
