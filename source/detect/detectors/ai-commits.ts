import { sanitizeLine } from '../../util/sanitize.js';
import type { CommitRecord, Detector, EvaluateInput, Evidence, Signal } from '../types.js';

/**
 * Informational: commits that carry an AI assistant's fingerprint (co-author
 * trailers, tool signatures, bot authors), their share of recent history, and how
 * they reached the main line: through a pull/merge request (a `Merge pull request
 * #N` or GitLab `See merge request` merge, or a squash titled `(#N)`), through
 * some other merge (a builder's sync merge, `Merge branch 'x'`: nothing says a
 * person looked), or pushed directly. A request is where a review *may* have
 * happened; git shows a review only through trailers (`Reviewed-by:`,
 * `Approved-by:`), and only those are called reviewed.
 */

interface Rule {
  tool: string;
  re: RegExp;
}

/** Matched against "name <email>" of authors, committers and co-authors. Specific ids only: "Claude" alone is also a person's name. */
const IDENTITY_RULES: Rule[] = [
  { tool: 'Claude', re: /<(?:noreply|claude)@anthropic\.com>|\bclaude\[bot\]|\+claude\[bot\]@users\.noreply\.github\.com/i },
  { tool: 'GitHub Copilot', re: /copilot-swe-agent|\+copilot@users\.noreply\.github\.com|^copilot\s*</i },
  { tool: 'Cursor', re: /cursoragent@cursor\.com|^cursor agent\s*</i },
  { tool: 'Aider', re: /@aider\.chat>|\(aider\)\s*</i },
  { tool: 'Devin', re: /devin-ai-integration(?:\[bot\])?/i },
  { tool: 'OpenAI Codex', re: /chatgpt-codex-connector|<codex@openai\.com>|<noreply@openai\.com>/i },
  { tool: 'Google Jules', re: /google-labs-jules(?:\[bot\])?/i },
  { tool: 'Gemini', re: /gemini-code-assist(?:\[bot\])?|<gemini(?:-cli)?@google\.com>/i },
  { tool: 'Windsurf', re: /@(?:codeium|windsurf)\.com>/i },
  { tool: 'Amazon Q', re: /amazon-q-developer(?:\[bot\])?/i },
  { tool: 'Sweep', re: /sweep-ai(?:\[bot\])?/i },
  { tool: 'Lovable', re: /gpt-engineer-app(?:\[bot\])?|lovable-dev(?:\[bot\])?/i },
  { tool: 'OpenHands', re: /openhands@all-hands\.dev|openhands-agent/i },
  { tool: 'Replit Agent', re: /^replit agent\s*</i },
];

/** Signatures tools put into the message itself. */
const MESSAGE_RULES: Rule[] = [
  { tool: 'Claude', re: /Generated with \[?Claude Code\]?|claude\.(?:ai|com)\/(?:code|claude-code)/i },
  { tool: 'AI tool (generic signature)', re: /🤖 Generated with/ },
  { tool: 'Aider', re: /^aider: /im },
  { tool: 'Replit Agent', re: /^Replit-Commit-Author:\s*Agent\b/im },
  { tool: 'OpenAI Codex', re: /^Codex-Task:|chatgpt\.com\/codex\/tasks/im },
  { tool: 'Cursor', re: /^Co-authored-by:\s*Cursor\b/im },
];

const CO_AUTHOR = /^co-authored-by:\s*(.+)$/gim;

export interface AiMatch {
  tool: string;
  how: 'co-author trailer' | 'author' | 'committer' | 'message signature';
}

/** Why a commit counts as AI-assisted, or null. */
export function classifyCommit(c: CommitRecord): AiMatch | null {
  const ident = (name: string, email: string) => `${name} <${email}>`;
  const byIdentity = (s: string) => IDENTITY_RULES.find((r) => r.re.test(s.trim()))?.tool;
  const message = `${c.subject}\n${c.body}`;
  for (const m of message.matchAll(CO_AUTHOR)) {
    const tool = byIdentity(m[1] ?? '');
    if (tool) return { tool, how: 'co-author trailer' };
  }
  const author = byIdentity(ident(c.authorName, c.authorEmail));
  if (author) return { tool: author, how: 'author' };
  const committer = byIdentity(ident(c.committerName, c.committerEmail));
  if (committer) return { tool: committer, how: 'committer' };
  const sig = MESSAGE_RULES.find((r) => r.re.test(message));
  return sig ? { tool: sig.tool, how: 'message signature' } : null;
}

/** A pull/merge request's trace in a commit message (GitHub merge, GitLab merge, Azure DevOps, a squash titled `(#N)`). */
const PR_MERGE = /^Merge pull request #\d+|See merge request [\w./-]+!\d+|^Merged PR \d+:|^Merge (?:pull request|PR) #?\d+/im;
const PR_SQUASH = /\(#\d+\)\s*$|See merge request [\w./-]+!\d+|^Merged PR \d+:/im;
const REVIEW_TRAILER = /^(?:Reviewed-by|Approved-by):\s*\S/im;

export type Route = 'pr-merge' | 'merge' | 'squash-pr' | 'direct' | 'off-mainline';

function message(c: CommitRecord): string {
  return `${c.subject}\n${c.body}`;
}

/**
 * How each commit reached the main line (the first-parent chain from the newest
 * commit): on the side of a pull-request merge or another merge, as a PR-numbered
 * squash, or pushed directly. Commits outside that chain and not under any merge
 * within the window are off the main line (other branches, or older than the
 * window reaches). `reviewed` holds the commits git shows a review for: a review
 * trailer on the commit itself or on the merge that brought it in.
 */
export function routes(history: CommitRecord[]): Map<string, Route> {
  return provenance(history).route;
}

export function provenance(history: CommitRecord[]): { route: Map<string, Route>; reviewed: Set<string> } {
  const bySha = new Map(history.map((c) => [c.sha, c]));
  const out = new Map<string, Route>();
  const reviewed = new Set<string>();
  const head = history[0];
  if (!head) return { route: out, reviewed };
  const mainline: CommitRecord[] = [];
  const onMain = new Set<string>();
  for (let c: CommitRecord | undefined = head; c && !onMain.has(c.sha); c = bySha.get(c.parents[0] ?? '')) {
    mainline.push(c);
    onMain.add(c.sha);
  }
  for (const c of history) if (REVIEW_TRAILER.test(message(c))) reviewed.add(c.sha);
  for (const m of mainline) {
    if (m.parents.length > 1) {
      const kind: Route = PR_MERGE.test(message(m)) ? 'pr-merge' : 'merge';
      const mergeReviewed = reviewed.has(m.sha);
      out.set(m.sha, kind);
      // Everything reachable from the merged-in parents, down to the main line, came through this merge.
      const queue = m.parents.slice(1);
      while (queue.length > 0) {
        const sha = queue.shift() as string;
        if (onMain.has(sha) || out.has(sha)) continue;
        const c = bySha.get(sha);
        if (!c) continue;
        out.set(sha, kind);
        if (mergeReviewed) reviewed.add(sha);
        queue.push(...c.parents);
      }
    } else {
      out.set(m.sha, PR_SQUASH.test(message(m)) ? 'squash-pr' : 'direct');
    }
  }
  for (const c of history) if (!out.has(c.sha)) out.set(c.sha, 'off-mainline');
  return { route: out, reviewed };
}

const ROUTE_NOTE: Record<Route, string> = {
  'pr-merge': 'reached the main line through a pull/merge request merge',
  merge: 'reached the main line through a merge that names no pull request (review not shown by git)',
  'squash-pr': 'squash-merged from a pull request',
  direct: 'pushed directly to the main line',
  'off-mainline': 'not on the main line within the window',
};

function evaluate(input: EvaluateInput): Signal {
  const id = 'ai.assisted-commits';
  const h = input.history;
  if (h === null || h.length === 0) {
    return {
      id,
      status: 'unknown',
      summary: h === null ? 'no git history to examine (not a git repository, or git unavailable)' : 'the repository has no commits yet',
      confidence: 'high',
      evidence: [],
    };
  }
  const { route, reviewed } = provenance(h);
  const ai = h.map((c) => ({ c, m: classifyCommit(c) })).filter((x): x is { c: CommitRecord; m: AiMatch } => x.m !== null);
  const branch = input.git.branch ? sanitizeLine(input.git.branch, 80) : 'HEAD';
  const window = `last ${h.length} commit${h.length === 1 ? '' : 's'} reachable from ${branch}`;
  const count = (r: Route[]) => ai.filter((x) => r.includes(route.get(x.c.sha) ?? 'off-mainline')).length;
  const tools: Record<string, number> = {};
  for (const x of ai) tools[x.m.tool] = (tools[x.m.tool] ?? 0) + 1;
  const details = {
    ai_commits: ai.length,
    total_commits: h.length,
    share: Math.round((ai.length / h.length) * 1000) / 1000,
    via_pull_request: count(['pr-merge', 'squash-pr']),
    via_other_merge: count(['merge']),
    direct: count(['direct']),
    off_mainline: count(['off-mainline']),
    review_shown: ai.filter((x) => reviewed.has(x.c.sha)).length,
    window,
    tools,
  };
  if (ai.length === 0) {
    return { id, status: 'not_applicable', summary: `no AI-assisted commits in the ${window}`, confidence: 'medium', evidence: [], details };
  }
  const evidence: Evidence[] = ai.slice(0, 50).map(({ c, m }) => ({
    path: '.',
    sha256: '',
    commit: c.sha,
    excerpt: sanitizeLine(c.subject, 120),
    note: `${m.tool} (${m.how}); ${ROUTE_NOTE[route.get(c.sha) ?? 'off-mainline']}${reviewed.has(c.sha) ? '; review shown by a Reviewed-by/Approved-by trailer' : ''}`,
  }));
  const pct = Math.round(details.share * 1000) / 10;
  return {
    id,
    status: 'pass',
    summary: `${ai.length} of ${h.length} recent commits (${pct}%) are AI-assisted (${Object.keys(tools).join(', ')}): ${routeWords(details)}`,
    confidence: 'medium',
    evidence,
    details,
  };
}

/** The routes in words, saying no more than git shows. */
export function routeWords(d: { via_pull_request: number; via_other_merge: number; direct: number; off_mainline: number; review_shown: number }): string {
  const parts = [
    `${d.via_pull_request} reached the main line through a pull or merge request`,
    `${d.via_other_merge} through other merges (no request named; review not shown by git)`,
    `${d.direct} pushed directly`,
  ];
  if (d.off_mainline > 0) parts.push(`${d.off_mainline} not on the main line`);
  const review = d.review_shown > 0 ? `git shows a review (Reviewed-by/Approved-by) for ${d.review_shown}` : 'git shows a review for none (no Reviewed-by/Approved-by trailers)';
  return `${parts.join(', ')}; ${review}`;
}

export const aiCommitsDetector: Detector = {
  id: 'ai-commits',
  signals: [
    {
      id: 'ai.assisted-commits',
      title: 'AI-assisted commits',
      passWhen: 'commits carrying AI co-author trailers, bot authors or tool signatures, with their share of history and how they reached the default branch (pull-request merge, other merge, direct push); "reviewed" only where git proves a review — informational',
      informational: true,
      needsHistory: true,
    },
  ],
  needsHistory: true,
  selects: () => false,
  collect: () => [],
  evaluate: (input) => [evaluate(input)],
};
