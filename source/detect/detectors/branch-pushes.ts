import { sanitizeLine } from '../../util/sanitize.js';
import type { CommitRecord, Detector, EvaluateInput, Evidence, FileEntry, Signal, SignalMeta } from '../types.js';
import { classifyCommit, provenance, type Route } from './ai-commits.js';
import { plural } from './infra-helpers.js';

/**
 * Is the default branch normally changed by pushing to it? Git cannot show branch
 * protection settings, but it can disprove them: when most recent main-line commits
 * were pushed straight to the branch (no merge, no pull-request squash, not made by
 * GitHub's own merge button), the branch does not require a pull request. A release
 * commit an administrator pushes past a ruleset is not "normally", so the verdict
 * needs a majority; pass only means git shows no such habit (a person still checks
 * the settings).
 *
 * Only where git can tell: the scanned branch must be main/master, the host GitHub
 * (GitLab and Bitbucket fast-forward merges keep the author as committer and look
 * like pushes), and commits landed by review systems (Gerrit `Reviewed-on:`,
 * Phabricator, `PR-URL:` landing tools) or by automation bots are not counted.
 */

const META: SignalMeta = {
  id: 'repo.direct-pushes',
  title: 'Default branch changed through pull requests',
  passWhen: 'most recent commits on the default branch arrived through pull/merge requests rather than direct pushes (fail: the branch is normally pushed to, so it does not require review)',
  needsHistory: true,
};

const DEFAULT_BRANCHES = new Set(['main', 'master']);
const WINDOW_DAYS = 90;
const MIN_COMMITS = 5;
const FALLBACK_COMMITS = 20;
/** GitHub's merge button, squash and rebase merges and web edits are committed by GitHub itself. */
const GITHUB_COMMITTER = /^noreply@github\.com$/i;
const GITHUB_SIGN = /@users\.noreply\.github\.com$|^noreply@github\.com$/i;
const REVIEW_SYSTEM = /^(?:Reviewed-on|Differential Revision|PR-URL|Reviewed-by|Approved-by):\s*\S/im;
const BOT = /\[bot\]|^github-actions|^dependabot|^renovate|\bbot@|-bot\b|^semantic-release/i;
/** Bitbucket and others name the request in the merge message. */
const PULL_REQUEST = /\(pull request #\d+\)/i;
const OTHER_HOSTS = ['.gitlab-ci.yml', 'bitbucket-pipelines.yml', '.gitreview', '.arcconfig'];

function ident(c: CommitRecord): string {
  return `${c.committerName} <${c.committerEmail}>`;
}

/** A commit pushed by automation (release bots, update bots): not how people change the branch. AI app builders are people's hands here. */
function automated(c: CommitRecord): boolean {
  if (classifyCommit(c) !== null && /\[bot\]/i.test(c.committerName)) return false;
  return BOT.test(c.committerName) || BOT.test(c.committerEmail);
}

/**
 * How one main-line commit arrived. A merge that names no request (a builder's sync
 * merge, a local `git merge` pushed) was pushed like any other commit. A commit
 * GitHub itself committed without a PR number is unclear: a rebase merge of a pull
 * request looks exactly like a web edit or a commit made through the API.
 */
function arrival(c: CommitRecord, how: Route | undefined): 'request' | 'pushed' | 'unclear' {
  const message = `${c.subject}\n${c.body}`;
  if (how === 'pr-merge' || how === 'squash-pr' || REVIEW_SYSTEM.test(message) || PULL_REQUEST.test(message)) return 'request';
  if (GITHUB_COMMITTER.test(c.committerEmail)) return c.parents.length > 1 ? 'request' : 'unclear';
  return 'pushed';
}

function mainline(history: CommitRecord[]): CommitRecord[] {
  const bySha = new Map(history.map((c) => [c.sha, c]));
  const out: CommitRecord[] = [];
  const seen = new Set<string>();
  for (let c: CommitRecord | undefined = history[0]; c && !seen.has(c.sha); c = bySha.get(c.parents[0] ?? '')) {
    out.push(c);
    seen.add(c.sha);
  }
  return out;
}

function recent(line: CommitRecord[]): CommitRecord[] {
  const head = Date.parse(line[0]?.date ?? '');
  if (Number.isNaN(head)) return line.slice(0, FALLBACK_COMMITS);
  const since = head - WINDOW_DAYS * 86_400_000;
  const inWindow = line.filter((c) => Date.parse(c.date) >= since);
  return inWindow.length >= MIN_COMMITS ? inWindow : line.slice(0, FALLBACK_COMMITS);
}

function unknown(summary: string): Signal {
  return { id: META.id, status: 'unknown', confidence: 'high', evidence: [], summary };
}

function evaluate(input: EvaluateInput): Signal {
  const h = input.history;
  if (h === null || h.length === 0) return unknown('no git history to examine');
  const branch = input.git.branch;
  if (branch === null || !DEFAULT_BRANCHES.has(branch)) {
    return unknown(`the scanned branch (${branch === null ? 'detached HEAD' : sanitizeLine(branch, 60)}) is not main or master: how the default branch changes cannot be read from it`);
  }
  const files = new Set(input.index.files.map((f: FileEntry) => f.path));
  const other = OTHER_HOSTS.find((p) => files.has(p));
  if (other) return unknown(`${other} suggests a host whose fast-forward merges look like pushes in git`);
  const onGithub = input.index.files.some((f) => f.path.startsWith('.github/')) || h.some((c) => GITHUB_SIGN.test(c.committerEmail) || GITHUB_SIGN.test(c.authorEmail));
  if (!onGithub) return unknown('the host is not known to be GitHub: merges made there without a merge commit would look like pushes');

  const { route } = provenance(h);
  const window = recent(mainline(h)).filter((c) => !automated(c) && arrival(c, route.get(c.sha)) !== 'unclear');
  if (window.length < MIN_COMMITS) return unknown(`too few recent commits on ${branch} whose route git shows (${window.length}; commits GitHub made without a PR number may be rebase merges or web edits)`);
  const pushed = window.filter((c) => arrival(c, route.get(c.sha)) === 'pushed');
  const share = pushed.length / window.length;
  const details = { window_commits: window.length, pushed_directly: pushed.length, share: Math.round(share * 1000) / 1000, branch };
  const span = `${plural(window.length, 'recent commit')} on ${branch} (last ${WINDOW_DAYS} days or ${FALLBACK_COMMITS} commits)`;
  if (share < 0.5) {
    return {
      id: META.id,
      status: 'pass',
      confidence: 'medium',
      evidence: [],
      details,
      summary: `${window.length - pushed.length} of ${span} arrived through pull requests (PR merges and squashes); ${pushed.length} pushed directly (branch protection settings are not visible to git)`,
    };
  }
  const committers = [...new Set(pushed.map(ident))].slice(0, 3).map((s) => sanitizeLine(s, 80));
  const evidence: Evidence[] = pushed.slice(0, 20).map((c) => ({
    path: '.',
    sha256: '',
    commit: c.sha,
    excerpt: sanitizeLine(c.subject, 120),
    note: sanitizeLine(`${c.parents.length > 1 ? 'merge naming no pull request, pushed' : 'pushed directly'} to ${branch} by ${ident(c)} on ${c.date.slice(0, 10)}`, 200),
  }));
  return {
    id: META.id,
    status: 'fail',
    confidence: 'high',
    evidence,
    details,
    summary: `${pushed.length} of ${span} were pushed directly (by ${committers.join(', ')}): the branch does not require a pull request or review`,
  };
}

export const branchPushesDetector: Detector = {
  id: 'branch-pushes',
  signals: [META],
  needsHistory: true,
  selects: () => false,
  collect: () => [],
  evaluate: (input) => [evaluate(input)],
};
