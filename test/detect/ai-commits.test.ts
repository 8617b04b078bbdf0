import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aiCommitsDetector, classifyCommit, provenance, routes } from '../../source/detect/detectors/ai-commits.js';
import { readHistory } from '../../source/detect/git.js';
import type { CommitRecord } from '../../source/detect/types.js';
import { runDetector } from '../helpers/detector-harness.js';

let n = 0;
function commit(o: Partial<CommitRecord> & { parents?: string[] }): CommitRecord {
  n++;
  return {
    sha: o.sha ?? n.toString(16).padStart(40, '0'),
    parents: o.parents ?? [],
    authorName: o.authorName ?? 'Dev',
    authorEmail: o.authorEmail ?? 'dev@acme.example',
    committerName: o.committerName ?? 'Dev',
    committerEmail: o.committerEmail ?? 'dev@acme.example',
    date: '2025-01-01T00:00:00Z',
    subject: o.subject ?? 'change',
    body: o.body ?? '',
  };
}
const sha = (c: string) => c.repeat(40);

describe('ai-commits: classification', () => {
  it('recognises trailers, bot authors and signatures, not people called Claude', () => {
    expect(classifyCommit(commit({ body: 'Co-Authored-By: Claude <noreply@anthropic.com>' }))).toEqual({ tool: 'Claude', how: 'co-author trailer' });
    expect(classifyCommit(commit({ body: '🤖 Generated with [Claude Code](https://claude.com/claude-code)' }))?.tool).toBe('Claude');
    expect(classifyCommit(commit({ authorName: 'copilot-swe-agent[bot]', authorEmail: '198982749+Copilot@users.noreply.github.com' }))?.how).toBe('author');
    expect(classifyCommit(commit({ body: 'Co-authored-by: Cursor Agent <cursoragent@cursor.com>' }))?.tool).toBe('Cursor');
    expect(classifyCommit(commit({ authorName: 'Jane (aider)', authorEmail: 'jane@acme.example' }))?.tool).toBe('Aider');
    expect(classifyCommit(commit({ authorName: 'devin-ai-integration[bot]', authorEmail: '158243242+devin-ai-integration[bot]@users.noreply.github.com' }))?.tool).toBe('Devin');
    expect(classifyCommit(commit({ authorName: 'Claude Martin', authorEmail: 'claude@acme.example', body: 'Co-authored-by: Claude Dupont <cdupont@acme.example>' }))).toBeNull();
  });
});

describe('ai-commits: routes and signal', () => {
  // main: M (merge of F2) -> D -> R ; feature: F2 -> F1 -> R ; S is a squash "(#12)" on top.
  const R = commit({ sha: sha('1'), subject: 'root' });
  const F1 = commit({ sha: sha('2'), parents: [R.sha], subject: 'feat part 1', body: 'Co-authored-by: Claude <noreply@anthropic.com>' });
  const F2 = commit({ sha: sha('3'), parents: [F1.sha], subject: 'feat part 2' });
  const D = commit({ sha: sha('4'), parents: [R.sha], subject: 'hotfix', body: '🤖 Generated with [Claude Code](https://claude.com/claude-code)' });
  const M = commit({ sha: sha('5'), parents: [D.sha, F2.sha], subject: 'Merge pull request #7 from acme/feat' });
  const S = commit({ sha: sha('6'), parents: [M.sha], subject: 'Add cache (#12)', body: 'Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>' });
  const history = [S, M, D, F2, F1, R];

  it('classifies how commits reached the main line', () => {
    const r = routes(history);
    expect(r.get(S.sha)).toBe('squash-pr');
    expect(r.get(M.sha)).toBe('pr-merge');
    expect(r.get(F1.sha)).toBe('pr-merge');
    expect(r.get(D.sha)).toBe('direct');
    expect(r.get(R.sha)).toBe('direct');
  });

  it('reports counts, share and routes in details', async () => {
    const s = await runDetector(aiCommitsDetector, {}, { history, git: { isRepository: true, branch: 'main' } });
    const sig = s.get('ai.assisted-commits');
    expect(sig?.status).toBe('pass');
    expect(sig?.details).toMatchObject({ ai_commits: 3, total_commits: 6, share: 0.5, via_pull_request: 2, via_other_merge: 0, direct: 1, off_mainline: 0, review_shown: 0 });
    expect(sig?.evidence.every((e) => e.commit && e.sha256 === '')).toBe(true);
    // A pull request is where a review may have happened; nothing here proves one.
    expect(sig?.summary).toContain('git shows a review for none');
    expect(sig?.summary).not.toMatch(/reviewed merge/);
  });

  // A builder's sync merge: a merge commit that names no pull request, and no reviewer.
  const B1 = commit({ sha: sha('a'), parents: [R.sha], subject: 'Update Index.tsx', authorName: 'gpt-engineer-app[bot]', authorEmail: '159125892+gpt-engineer-app[bot]@users.noreply.github.com' });
  const SYNC = commit({ sha: sha('b'), parents: [R.sha, B1.sha], subject: "Merge branch 'main' of https://github.com/acme/app" });
  const G = commit({ sha: sha('c'), parents: [SYNC.sha], subject: 'Add limiter', body: 'Co-authored-by: Claude <noreply@anthropic.com>\nReviewed-by: Ana Reviewer <ana@acme.example>' });
  const MR = commit({ sha: sha('d'), parents: [G.sha, F1.sha], subject: "Merge branch 'feat' into 'main'", body: 'See merge request acme/app!42' });

  it('tells a pull-request merge from a sync merge, and calls reviewed only what a trailer proves', () => {
    const p = provenance([MR, G, SYNC, B1, F1, R]);
    expect(p.route.get(B1.sha)).toBe('merge');
    expect(p.route.get(F1.sha)).toBe('pr-merge');
    expect(p.reviewed.has(G.sha)).toBe(true);
    expect(p.reviewed.has(B1.sha)).toBe(false);
    expect(p.reviewed.has(F1.sha)).toBe(false);
  });

  it('says a sync-merged history came through merges with no review shown', async () => {
    const s = await runDetector(aiCommitsDetector, {}, { history: [G, SYNC, B1, R], git: { isRepository: true, branch: 'main' } });
    const sig = s.get('ai.assisted-commits');
    expect(sig?.details).toMatchObject({ ai_commits: 2, via_pull_request: 0, via_other_merge: 1, direct: 1, review_shown: 1 });
    expect(sig?.summary).toContain('1 through other merges (no request named; review not shown by git)');
    expect(sig?.summary).toContain('git shows a review (Reviewed-by/Approved-by) for 1');
  });

  it('is not applicable with no AI commits and unknown without history', async () => {
    const none = await runDetector(aiCommitsDetector, {}, { history: [R] });
    expect(none.get('ai.assisted-commits')?.status).toBe('not_applicable');
    const nohist = await runDetector(aiCommitsDetector, {}, { history: null });
    expect(nohist.get('ai.assisted-commits')?.status).toBe('unknown');
    expect(aiCommitsDetector.needsHistory).toBe(true);
  });
});

describe('ai-commits on a real repository', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-aicommits-'));
  const home = mkdtempSync(path.join(tmpdir(), 'shipshape-home-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: home, XDG_CONFIG_HOME: home, GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' };
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@acme.example', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env, stdio: 'pipe' }).toString();
  const write = (f: string, t: string) => writeFileSync(path.join(dir, f), t);

  it('separates an AI commit merged from a branch and one pushed directly', async () => {
    git('init', '-q');
    write('a.txt', '1');
    git('add', '.');
    git('commit', '-q', '-m', 'initial');
    git('checkout', '-q', '-b', 'feature');
    write('b.txt', '2');
    git('add', '.');
    git('commit', '-q', '-m', 'add b', '-m', 'Co-Authored-By: Claude <noreply@anthropic.com>');
    git('checkout', '-q', 'main');
    write('c.txt', '3');
    git('add', '.');
    git('commit', '-q', '-m', 'direct change', '-m', 'Co-authored-by: Cursor Agent <cursoragent@cursor.com>');
    git('merge', '-q', '--no-ff', '-m', "Merge branch 'feature'", 'feature');
    const history = await readHistory(dir, 50, '');
    expect(history?.length).toBe(4);
    const s = await runDetector(aiCommitsDetector, {}, { history, git: { isRepository: true, branch: 'main' } });
    // `Merge branch 'feature'` names no pull request: a merge, not a reviewed one.
    expect(s.get('ai.assisted-commits')?.details).toMatchObject({ ai_commits: 2, total_commits: 4, via_pull_request: 0, via_other_merge: 1, direct: 1, review_shown: 0 });
  });
});
