import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { sanitizeLine } from '../util/sanitize.js';
import type { Evidence, GitInfo, ScanResult, Signal, SignalMeta } from './types.js';

/**
 * A scan as SARIF 2.1.0 for GitHub code scanning: one rule per signal, one result
 * per piece of evidence of a failing signal. Everything in it comes from the
 * already sanitised and redacted signals: no secret value can appear.
 */

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Credential findings are errors; every other failing practice is a warning. */
export function levelFor(signalId: string): 'error' | 'warning' {
  return signalId.startsWith('secrets.') ? 'error' : 'warning';
}

/** `secrets.hardcoded` → `SecretsHardcoded` (SARIF rule names are identifiers). */
function ruleName(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

/** Percent-encode each path segment so odd file names stay valid relative URIs. */
export function pathToUri(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** Stable across runs and line moves: rule, file, and the (redacted) excerpt, else the line. */
export function fingerprint(signalId: string, e: Evidence): string {
  const anchor = e.excerpt !== undefined && e.excerpt.trim() !== '' ? `x:${e.excerpt.trim()}` : `l:${e.line ?? 0}`;
  return createHash('sha256')
    .update([signalId, e.path, e.commit ?? '', anchor].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

function rule(meta: SignalMeta): ReportingDescriptor {
  const help = `Passes when ${meta.passWhen}${meta.needsHistory ? ' (needs git history)' : ''}.`;
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: sanitizeLine(meta.title, 200) },
    fullDescription: { text: sanitizeLine(meta.passWhen, 1000) },
    help: { text: sanitizeLine(help, 1000), markdown: sanitizeLine(`**${meta.title}** — ${help}`, 1000) },
    defaultConfiguration: { level: levelFor(meta.id) },
    properties: { tags: ['production-readiness', meta.id.split('.')[0] ?? 'general'] },
  };
}

function resultsFor(signal: Signal, ruleIndex: number): Result[] {
  if (signal.status !== 'fail') return [];
  return signal.evidence
    .filter((e) => e.path !== '')
    .map((e) => {
      const where = e.commit ? ` (commit ${e.commit.slice(0, 12)})` : '';
      const text = [signal.summary, e.excerpt ? `Evidence: ${e.excerpt}` : '', e.note ? `(${e.note})` : '']
        .filter(Boolean)
        .join(' ');
      return {
        ruleId: signal.id,
        ruleIndex,
        level: levelFor(signal.id),
        message: { text: sanitizeLine(text + where, 1000) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: pathToUri(e.path), uriBaseId: '%SRCROOT%' },
              region: { startLine: Math.max(1, e.line ?? 1) },
            },
          },
        ],
        partialFingerprints: { 'shipshapeFinding/v1': fingerprint(signal.id, e) },
      } satisfies Result;
    });
}

/** A remote is only provenance if it is an absolute URI (scp-like `git@host:x` is not). */
function remoteUri(remote: string | null): string | null {
  if (!remote) return null;
  try {
    const u = new URL(remote);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ssh:' || u.protocol === 'git:' ? u.href : null;
  } catch {
    return null;
  }
}

export function toSarif(result: ScanResult, metas: readonly SignalMeta[], git: GitInfo): Log {
  const known = new Map(metas.map((m) => [m.id, m]));
  // One rule per reported signal, in the signals' (sorted) order.
  const rules = result.signals.map((s) => rule(known.get(s.id) ?? { id: s.id, title: s.id, passWhen: 'the practice is in place' }));
  const results = result.signals.flatMap((s, i) => resultsFor(s, i));
  const run: Run = {
    tool: {
      driver: {
        name: 'shipshape',
        version: result.version,
        semanticVersion: result.version,
        rules,
      },
    },
    automationDetails: { id: 'shipshape/scan/' },
    results,
    columnKind: 'utf16CodeUnits',
  };
  const repo = remoteUri(git.remote);
  if (repo && result.commit) {
    run.versionControlProvenance = [
      { repositoryUri: repo, revisionId: result.commit, ...(result.branch ? { branch: result.branch } : {}) },
    ];
  }
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}
