import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { capEvidence, evidenceOf, excerptAt, isRecord, plural, readYaml } from './infra-helpers.js';

/**
 * GitHub Actions hardening: token permissions, action pinning and the
 * `pull_request_target` "pwn request" pattern. Reads the YAML for real — a
 * string search for `permissions:` would be fooled by comments and job names.
 */

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/i;
// Composite actions kept in the repository run their own `uses:` steps.
const LOCAL_ACTION = /^(?:\.github\/actions\/.+\/|)action\.ya?ml$/i;

export function isWorkflowPath(p: string): boolean {
  return WORKFLOW.test(p);
}

const FULL_SHA = /^[0-9a-f]{40}$/i;
const FIRST_PARTY_OWNERS = new Set(['actions', 'github']);
/**
 * The SLSA generator verifies its own ref and must be called by tag; pinning it by
 * SHA breaks provenance generation (OpenSSF Scorecard exempts it for that reason).
 */
const TAG_REQUIRED = /^slsa-framework\/slsa-github-generator\/\.github\/workflows\/[^@]+@v\d/i;
/** Expressions that resolve to the pull request's own (untrusted) code. */
const PR_HEAD =
  /github\.event\.pull_request\.(?:head\.(?:sha|ref)|merge_commit_sha)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|refs\/pull\//;
const PR_HEAD_REPO = /github\.event\.(?:pull_request\.head\.repo|workflow_run\.head_repository)/;
const RUN_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|switch|pull)\b[^\n]*(?:refs\/pull\/|head\.(?:sha|ref)|head_ref|head_sha|head_branch)/;
const RISKY_TRIGGERS = ['pull_request_target', 'workflow_run'];

export type UsesKind = 'local' | 'sha' | 'tag' | 'docker-digest' | 'docker-tag';

export function classifyUses(ref: string): { kind: UsesKind; firstParty: boolean; reusable: boolean } {
  const r = ref.trim();
  if (r.startsWith('./') || r.startsWith('.\\')) return { kind: 'local', firstParty: true, reusable: /\.ya?ml$/i.test(r) };
  if (r.startsWith('docker://')) {
    return { kind: /@sha256:[0-9a-f]{64}$/i.test(r) ? 'docker-digest' : 'docker-tag', firstParty: false, reusable: false };
  }
  const at = r.lastIndexOf('@');
  const name = at < 0 ? r : r.slice(0, at);
  const version = at < 0 ? '' : r.slice(at + 1);
  const owner = (name.split('/')[0] ?? '').toLowerCase();
  return {
    kind: FULL_SHA.test(version) ? 'sha' : 'tag',
    firstParty: FIRST_PARTY_OWNERS.has(owner),
    reusable: /\/\.github\/workflows\/[^/]+\.ya?ml$/i.test(name),
  };
}

function triggersOf(doc: Record<string, unknown>): string[] {
  // YAML 1.1 parsers read a bare `on` key as boolean true; accept both spellings.
  const on = doc['on'] ?? doc['true'];
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((x): x is string => typeof x === 'string');
  if (isRecord(on)) return Object.keys(on);
  return [];
}

function usesFinding(path: string, text: string, ref: string, line: number | undefined, where: string): Finding {
  const c = classifyUses(ref);
  return {
    kind: 'uses',
    path,
    line,
    excerpt: excerptAt(text, line),
    data: { ref: ref.slice(0, 200), kind: c.kind, firstParty: c.firstParty, reusable: c.reusable, where },
  };
}

/** Broken YAML still shows its `uses:` lines; they are worth reporting even if GitHub won't run the file. */
function usesByRegex(path: string, text: string): Finding[] {
  const out: Finding[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const m = /^\s*(?:-\s*)?uses:\s*['"]?([^\s'"#]+)/.exec(l);
    if (m?.[1]) out.push(usesFinding(path, text, m[1], i + 1, 'unparsed'));
  });
  return out;
}

export function collectWorkflow(file: FileEntry, text: string): Finding[] {
  const path = file.path;
  const y = readYaml(text);
  const top = y.docs[0]?.value;
  if (y.error || !isRecord(top)) {
    return [
      { kind: 'parse-error', path, line: y.errorLine, excerpt: excerptAt(text, y.errorLine), data: { error: y.error ?? 'not a YAML mapping' } },
      ...usesByRegex(path, text),
    ];
  }
  const out: Finding[] = [];
  const at = (p: (string | number)[]) => y.lineOf(p);

  if (LOCAL_ACTION.test(path) && !WORKFLOW.test(path)) {
    const runs = top['runs'];
    const steps = isRecord(runs) && Array.isArray(runs['steps']) ? runs['steps'] : [];
    steps.forEach((s, i) => {
      if (isRecord(s) && typeof s['uses'] === 'string') {
        out.push(usesFinding(path, text, s['uses'], at(['runs', 'steps', i, 'uses']), 'composite action'));
      }
    });
    return out;
  }

  const jobs = isRecord(top['jobs']) ? top['jobs'] : {};
  const jobIds = Object.keys(jobs);
  const topPerm = 'permissions' in top ? top['permissions'] : undefined;
  out.push({ kind: 'workflow', path, line: at(['on']) ?? 1, data: { jobs: jobIds.length } });

  // Permissions: the top level, else every job, must say what the token may do.
  const permFinding = (value: unknown, p: (string | number)[], scope: string): Finding => {
    const line = at(p);
    const writes = isRecord(value) ? Object.entries(value).filter(([, v]) => v === 'write').map(([k]) => k) : [];
    return {
      kind: value === 'write-all' ? 'permissions-write-all' : 'permissions',
      path,
      line,
      excerpt: excerptAt(text, line),
      data: { scope, writes: writes.join(','), value: typeof value === 'string' ? value : isRecord(value) ? 'map' : 'empty' },
    };
  };
  if (topPerm !== undefined) out.push(permFinding(topPerm, ['permissions'], 'workflow'));
  for (const id of jobIds) {
    const job = jobs[id];
    if (!isRecord(job)) continue;
    if ('permissions' in job) out.push(permFinding(job['permissions'], ['jobs', id, 'permissions'], `job ${id}`));
    else if (topPerm === undefined) {
      const line = at(['jobs', id]);
      out.push({ kind: 'permissions-missing', path, line, excerpt: excerptAt(text, line), data: { job: id } });
    }
  }

  const triggers = triggersOf(top).filter((t) => RISKY_TRIGGERS.includes(t));
  for (const t of triggers) {
    const line = at(['on', t]) ?? at(['on']);
    out.push({ kind: 'risky-trigger', path, line, excerpt: excerptAt(text, line), data: { trigger: t } });
  }

  for (const id of jobIds) {
    const job = jobs[id];
    if (!isRecord(job)) continue;
    if (typeof job['uses'] === 'string') out.push(usesFinding(path, text, job['uses'], at(['jobs', id, 'uses']), `job ${id}`));
    const steps = Array.isArray(job['steps']) ? job['steps'] : [];
    steps.forEach((s, i) => {
      if (!isRecord(s)) return;
      if (typeof s['uses'] === 'string') out.push(usesFinding(path, text, s['uses'], at(['jobs', id, 'steps', i, 'uses']), `job ${id}`));
      if (triggers.length === 0) return;
      const w = isRecord(s['with']) ? s['with'] : {};
      const isCheckout = typeof s['uses'] === 'string' && /^actions\/checkout@/i.test(s['uses']);
      const ref = typeof w['ref'] === 'string' ? w['ref'] : '';
      const repo = typeof w['repository'] === 'string' ? w['repository'] : '';
      const run = typeof s['run'] === 'string' ? s['run'] : '';
      let line: number | undefined;
      if (isCheckout && PR_HEAD.test(ref)) line = at(['jobs', id, 'steps', i, 'with', 'ref']);
      else if (isCheckout && PR_HEAD_REPO.test(repo)) line = at(['jobs', id, 'steps', i, 'with', 'repository']);
      else if (RUN_CHECKOUT.test(run) || (run !== '' && /refs\/pull\//.test(run))) line = at(['jobs', id, 'steps', i, 'run']);
      else return;
      out.push({ kind: 'head-checkout', path, line, excerpt: excerptAt(text, line), data: { job: id, triggers: triggers.join(',') } });
    });
  }
  return out;
}

function workflowFiles(findings: Finding[]): { ok: string[]; broken: Finding[] } {
  const ok = [...new Set(findings.filter((f) => f.kind === 'workflow').map((f) => f.path))];
  const broken = findings.filter((f) => f.kind === 'parse-error' && WORKFLOW.test(f.path));
  return { ok, broken };
}

function brokenEvidence(input: EvaluateInput, broken: Finding[]): Evidence[] {
  return broken.map((f) => evidenceOf(input, f, `unreadable workflow: ${String(f.data?.['error'] ?? '')}`));
}

function evaluatePermissions(input: EvaluateInput, ok: string[], broken: Finding[]): Signal {
  const id = 'gha.permissions';
  const f = input.findings;
  const writeAll = f.filter((x) => x.kind === 'permissions-write-all');
  const missing = f.filter((x) => x.kind === 'permissions-missing');
  if (writeAll.length > 0 || missing.length > 0) {
    const files = new Set([...writeAll, ...missing].map((x) => x.path));
    const parts: string[] = [];
    if (writeAll.length) parts.push(`${plural(writeAll.length, 'write-all grant')}`);
    if (missing.length) parts.push(`${plural(missing.length, 'job')} without a permissions block (token gets the repository default, often write)`);
    return {
      id,
      status: 'fail',
      summary: `${plural(files.size, 'workflow')} of ${ok.length + broken.length} not least-privilege: ${parts.join('; ')}`,
      confidence: 'high',
      evidence: capEvidence([
        ...writeAll.map((x) => evidenceOf(input, x, 'permissions: write-all')),
        ...missing.map((x) => evidenceOf(input, x, `job "${String(x.data?.['job'])}" has no permissions and the workflow sets none`)),
      ]),
      details: { workflows: ok.length, write_all: writeAll.length, jobs_without_permissions: missing.length },
    };
  }
  if (broken.length > 0) {
    return { id, status: 'unknown', summary: `${plural(broken.length, 'workflow')} could not be parsed`, confidence: 'medium', evidence: brokenEvidence(input, broken) };
  }
  const perms = f.filter((x) => x.kind === 'permissions');
  const writes = perms.filter((x) => String(x.data?.['writes'] ?? '') !== '');
  return {
    id,
    status: 'pass',
    summary:
      `${ok.length === 1 ? 'the workflow sets' : `all ${ok.length} workflows set`} token permissions` +
      (writes.length ? `; write scopes granted in ${plural(writes.length, 'place')} (check they are needed)` : ''),
    confidence: 'high',
    evidence: capEvidence(
      perms.map((x) => {
        const w = String(x.data?.['writes'] ?? '');
        return evidenceOf(input, x, w ? `${String(x.data?.['scope'])}: write to ${w}` : `${String(x.data?.['scope'])}: read-only or none`);
      }),
    ),
    details: { workflows: ok.length, write_scopes: writes.length },
  };
}

function evaluatePinning(input: EvaluateInput, ok: string[], broken: Finding[]): Signal {
  const id = 'gha.pinned-actions';
  const uses = input.findings.filter((x) => x.kind === 'uses');
  const d = (x: Finding) => x.data ?? {};
  const remote = uses.filter((x) => d(x)['kind'] !== 'local');
  const third = remote.filter((x) => d(x)['firstParty'] !== true);
  const first = remote.filter((x) => d(x)['firstParty'] === true);
  const exempt = (x: Finding) => TAG_REQUIRED.test(String(d(x)['ref']));
  const pinned = (x: Finding) => d(x)['kind'] === 'sha' || d(x)['kind'] === 'docker-digest' || exempt(x);
  const thirdUnpinned = third.filter((x) => !pinned(x));
  const firstUnpinned = first.filter((x) => !pinned(x));
  const details = {
    third_party: third.length,
    third_party_unpinned: thirdUnpinned.length,
    first_party: first.length,
    first_party_unpinned: firstUnpinned.length,
  };
  const firstNote = (x: Finding) =>
    evidenceOf(input, x, `first-party (${String(d(x)['ref']).split('/')[0]}/*), not pinned to a SHA — lower risk, still mutable`);
  if (thirdUnpinned.length > 0) {
    return {
      id,
      status: 'fail',
      summary: `${plural(thirdUnpinned.length, 'third-party action')} of ${third.length} not pinned to a full commit SHA`,
      confidence: 'high',
      evidence: capEvidence([
        ...thirdUnpinned.map((x) =>
          evidenceOf(input, x, `${d(x)['reusable'] === true ? 'reusable workflow' : String(d(x)['kind']).startsWith('docker') ? 'docker image' : 'action'} pinned to a mutable ref`),
        ),
        ...firstUnpinned.map(firstNote),
      ]),
      details,
    };
  }
  if (broken.length > 0) {
    return { id, status: 'unknown', summary: `${plural(broken.length, 'workflow')} could not be parsed`, confidence: 'medium', evidence: brokenEvidence(input, broken), details };
  }
  const evidence: Evidence[] = third.map((x) =>
    evidenceOf(input, x, exempt(x) ? 'SLSA generator: must be referenced by tag (verifies its own ref)' : 'pinned to a commit SHA'),
  );
  evidence.push(...firstUnpinned.map(firstNote));
  if (evidence.length === 0) evidence.push(...ok.map((p) => ({ path: p, sha256: input.hashOf(p), note: 'no third-party actions' })));
  const summary =
    third.length === 0
      ? `no third-party actions in ${plural(ok.length, 'workflow')}`
      : `${third.length === 1 ? 'the third-party action is' : `all ${third.length} third-party actions`} pinned to a full commit SHA`;
  return {
    id,
    status: 'pass',
    summary: summary + (firstUnpinned.length ? `; ${firstUnpinned.length} first-party (actions/*, github/*) use tags` : ''),
    confidence: 'high',
    evidence: capEvidence(evidence),
    details,
  };
}

function evaluateTriggers(input: EvaluateInput, ok: string[], broken: Finding[]): Signal {
  const id = 'gha.dangerous-triggers';
  const heads = input.findings.filter((x) => x.kind === 'head-checkout');
  const risky = input.findings.filter((x) => x.kind === 'risky-trigger');
  if (heads.length > 0) {
    return {
      id,
      status: 'fail',
      summary: `${plural(heads.length, 'step')} ${heads.length === 1 ? 'checks' : 'check'} out pull-request code in a privileged workflow (pull_request_target/workflow_run)`,
      confidence: 'high',
      evidence: capEvidence([
        ...heads.map((x) => evidenceOf(input, x, `runs untrusted PR code with secrets and a write token (${String(x.data?.['triggers'])})`)),
        ...risky.filter((r) => heads.some((h) => h.path === r.path)).map((x) => evidenceOf(input, x, 'privileged trigger')),
      ]),
    };
  }
  if (broken.length > 0) {
    return { id, status: 'unknown', summary: `${plural(broken.length, 'workflow')} could not be parsed`, confidence: 'medium', evidence: brokenEvidence(input, broken) };
  }
  if (risky.length > 0) {
    return {
      id,
      status: 'pass',
      summary: `${plural(risky.length, 'privileged trigger')} (pull_request_target/workflow_run) found, none checks out the pull request's code`,
      confidence: 'medium',
      evidence: risky.map((x) => evidenceOf(input, x, 'privileged trigger without a head checkout: keep it that way')),
    };
  }
  return {
    id,
    status: 'pass',
    summary: `no pull_request_target or workflow_run triggers in ${plural(ok.length, 'workflow')}`,
    confidence: 'high',
    evidence: capEvidence(ok.map((p) => ({ path: p, sha256: input.hashOf(p), note: 'no privileged trigger' }))),
  };
}

export const githubActionsDetector: Detector = {
  id: 'github-actions',
  signals: [
    { id: 'gha.permissions', title: 'Least-privilege workflow tokens', passWhen: 'every GitHub Actions workflow limits its token permissions' },
    { id: 'gha.pinned-actions', title: 'Actions pinned to commit SHAs', passWhen: 'every third-party action is pinned to a full commit SHA' },
    {
      id: 'gha.dangerous-triggers',
      title: 'No untrusted checkout in privileged workflows',
      passWhen: 'no workflow triggered by pull_request_target or workflow_run checks out the pull request head',
    },
  ],
  selects: (f) => WORKFLOW.test(f.path) || LOCAL_ACTION.test(f.path),
  collect: collectWorkflow,
  evaluate(input) {
    const { ok, broken } = workflowFiles(input.findings);
    if (ok.length === 0 && broken.length === 0) {
      return ['gha.permissions', 'gha.pinned-actions', 'gha.dangerous-triggers'].map((id) => ({
        id,
        status: 'not_applicable' as const,
        summary: 'no GitHub Actions workflows',
        confidence: 'high' as const,
        evidence: [],
      }));
    }
    return [evaluatePermissions(input, ok, broken), evaluatePinning(input, ok, broken), evaluateTriggers(input, ok, broken)];
  },
};
