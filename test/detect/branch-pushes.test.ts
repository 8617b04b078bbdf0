import { describe, expect, it } from 'vitest';
import { branchPushesDetector } from '../../source/detect/detectors/branch-pushes.js';
import type { CommitRecord } from '../../source/detect/types.js';
import { runDetector } from '../helpers/detector-harness.js';

/** A linear main line, newest first, one commit a day; `make(i, parent)` shapes commit i. */
function line(n: number, make: (i: number) => Partial<CommitRecord>): CommitRecord[] {
  const out: CommitRecord[] = [];
  for (let i = 0; i < n; i++) {
    const o = make(i);
    out.push({
      sha: (i + 1).toString(16).padStart(40, '0'),
      parents: i + 1 < n ? [(i + 2).toString(16).padStart(40, '0'), ...(o.parents ?? [])] : [],
      authorName: o.authorName ?? 'Dev',
      authorEmail: o.authorEmail ?? 'dev@acme.example',
      committerName: o.committerName ?? 'Dev',
      committerEmail: o.committerEmail ?? 'dev@acme.example',
      date: new Date(Date.UTC(2026, 5, 30 - i)).toISOString(),
      subject: o.subject ?? `change ${i}`,
      body: o.body ?? '',
    });
  }
  return out;
}

const GITHUB = { committerName: 'GitHub', committerEmail: 'noreply@github.com' };
const LOVABLE = { authorName: 'gpt-engineer-app[bot]', authorEmail: '159125892+gpt-engineer-app[bot]@users.noreply.github.com', committerName: 'gpt-engineer-app[bot]', committerEmail: '159125892+gpt-engineer-app[bot]@users.noreply.github.com' };
const ON_GITHUB = { '.github/workflows/ci.yml': 'on: push\n' };
const MAIN = { isRepository: true, branch: 'main' };

async function verdict(history: CommitRecord[], files: Record<string, string> = ON_GITHUB, git: Record<string, unknown> = MAIN) {
  const s = await runDetector(branchPushesDetector, files, { history, git });
  return s.get('repo.direct-pushes');
}

describe('repo.direct-pushes', () => {
  it('fails when most recent main-line commits were pushed, naming them with the commit as evidence', async () => {
    const s = await verdict(line(10, (i) => (i % 5 === 0 ? { ...GITHUB, subject: `feat ${i} (#${40 + i})` } : {})));
    expect(s?.status).toBe('fail');
    expect(s?.details).toMatchObject({ window_commits: 10, pushed_directly: 8 });
    expect(s?.evidence[0]?.commit).toBe('2'.padStart(40, '0'));
    expect(s?.summary).toContain('8 of 10');
  });

  it("counts a builder's sync merges (merges naming no pull request) as pushes", async () => {
    const s = await verdict(line(8, (i) => ({ ...LOVABLE, subject: 'Changes', parents: [`f${i}`.padStart(40, 'f')] })));
    expect(s?.status).toBe('fail');
    expect(s?.evidence[0]?.note).toMatch(/merge naming no pull request, pushed to main by gpt-engineer-app/);
  });

  it('passes when pull requests are the rule and an administrator pushed only release commits', async () => {
    const s = await verdict(line(12, (i) => (i % 4 === 0 ? { subject: `v2.${i}.0` } : { ...GITHUB, subject: `fix ${i} (#${100 + i})` })));
    expect(s?.status).toBe('pass');
    expect(s?.details).toMatchObject({ window_commits: 12, pushed_directly: 3 });
  });

  it('counts PR merges, review-system trailers and bots apart from pushes', async () => {
    // Nine commits: the root (i = 8) is a bot's, so every merge here has its two parents.
    const s = await verdict(line(9, (i) => {
      if (i % 3 === 0) return { subject: `Merge pull request #${i} from acme/x`, parents: [`e${i}`.padStart(40, 'e')] };
      if (i % 3 === 1) return { body: `Reviewed-on: https://review.example/c/${i}` };
      return { committerName: 'github-actions[bot]', committerEmail: '41898282+github-actions[bot]@users.noreply.github.com', subject: 'chore: release' };
    }));
    expect(s?.status).toBe('pass');
    expect(s?.details).toMatchObject({ pushed_directly: 0 });
  });

  it('says unknown where git cannot tell: GitHub-made commits without a PR number, other hosts, other branches', async () => {
    // A rebase merge of a pull request looks exactly like a web edit or an API commit.
    expect((await verdict(line(10, () => ({ ...GITHUB, subject: 'Updated index.html' }))))?.status).toBe('unknown');
    const pushes = line(10, () => ({}));
    expect((await verdict(pushes, { ...ON_GITHUB, '.gitlab-ci.yml': 'test: { script: [make] }\n' }))?.status).toBe('unknown');
    expect((await verdict(pushes, { 'README.md': '# x\n' }))?.status).toBe('unknown');
    expect((await verdict(pushes, ON_GITHUB, { isRepository: true, branch: 'feature/login' }))?.summary).toMatch(/not main or master/);
    expect((await verdict(pushes, ON_GITHUB, { isRepository: true, branch: null }))?.status).toBe('unknown');
    expect((await verdict(line(3, () => ({}))))?.status).toBe('unknown');
  });

  it('looks at the last 90 days, not pushes from years before', async () => {
    const old = line(30, (i) => (i < 10 ? { ...GITHUB, subject: `feat (#${i})` } : {}));
    // Put the 20 pushed commits two years back.
    for (const c of old.slice(10)) c.date = new Date(Date.UTC(2024, 0, 1)).toISOString();
    const s = await verdict(old);
    expect(s?.status).toBe('pass');
    expect(s?.details).toMatchObject({ window_commits: 10, pushed_directly: 0 });
  });
});
