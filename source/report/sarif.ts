import { pathToFileURL } from 'node:url';
import type { Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import { sanitizeLine } from '../util/sanitize.js';
import { SECURITY_SEVERITY, type Finding, type Rule } from './findings.js';

/**
 * The one SARIF 2.1.0 writer, for `scan`, `check` and `report` alike, shaped by
 * GitHub's documented ingestion rules (test/report/sarif-github.test.ts checks each):
 * rules with short and full descriptions, text and markdown help, tags, precision and
 * a security-severity for security rules; one location per result, relative to the
 * repository root under %SRCROOT%; a `primaryLocationLineHash` per result that does
 * not depend on the line; never a directory as a location. Everything in it comes
 * from sanitised, redacted findings: no secret value can appear.
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/shipshape-dev/shipshape';

export interface SarifRunInput {
  rules: readonly Rule[];
  findings: readonly Finding[];
  toolVersion: string;
  /** Code-scanning category: one per kind of upload (scan of a sub-directory, check, report). */
  category: string;
  /** Absolute path of the repository root the finding paths are relative to. */
  repositoryRoot: string;
  /** Run-level messages (evidence capped, findings without a file). */
  notifications?: readonly { id: string; level: 'warning' | 'note'; text: string }[];
  provenance?: { remote: string | null; commit: string | null; branch: string | null };
}

/** Percent-encode each path segment so odd file names stay valid relative URIs. */
export function pathToUri(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** `secrets.hardcoded` → `SecretsHardcoded` (SARIF rule names are identifiers). */
function ruleName(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function descriptor(rule: Rule): ReportingDescriptor {
  const properties: Record<string, unknown> = {
    // GitHub rejects more than 20 tags and shows 10: the rule builders put the telling ones first.
    tags: [...new Set(rule.tags)].slice(0, 10),
    precision: rule.precision,
  };
  if (rule.security && rule.severity) properties['security-severity'] = SECURITY_SEVERITY[rule.severity];
  else properties['problem.severity'] = rule.level === 'error' ? 'error' : rule.level === 'warning' ? 'warning' : 'recommendation';
  return {
    id: rule.id,
    name: ruleName(rule.id).slice(0, 255),
    shortDescription: { text: sanitizeLine(rule.title, 1000) || rule.id },
    fullDescription: { text: sanitizeLine(rule.description, 1000) || rule.id },
    help: { text: sanitizeLine(rule.helpText, 20_000) || rule.id, markdown: rule.help },
    defaultConfiguration: { level: rule.level },
    properties,
  };
}

function result(f: Finding, ruleIndex: number): Result {
  const r: Result = {
    ruleId: f.rule,
    ruleIndex,
    level: f.level,
    message: { text: sanitizeLine(f.message, 2000) || f.rule },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(f.path), uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, f.line ?? 1) },
        },
      },
    ],
    partialFingerprints: { primaryLocationLineHash: f.fingerprint },
  };
  const properties: Record<string, unknown> = {};
  if (f.severity) properties['security-severity'] = SECURITY_SEVERITY[f.severity];
  if (f.apart) properties.apart = f.apart;
  if (f.controls.length > 0) properties.controls = f.controls;
  if (Object.keys(properties).length > 0) r.properties = properties;
  if (f.suppression) r.suppressions = [{ kind: f.suppression.kind, status: 'accepted', justification: sanitizeLine(f.suppression.justification, 2000) }];
  if (f.baseline) r.baselineState = f.baseline;
  return r;
}

/** A remote is only provenance if it is an absolute URI (scp-like `git@host:x` is not) with no credentials in it. */
function remoteUri(remote: string | null): string | null {
  if (!remote) return null;
  try {
    const u = new URL(remote);
    if (u.username || u.password) return null;
    return ['http:', 'https:', 'ssh:', 'git:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** GitHub rejects a run with more results; it shows the top 5,000 by severity. */
export const MAX_RESULTS = 25_000;
const LEVEL_RANK = { error: 0, warning: 1, note: 2 } as const;

export function buildSarif(input: SarifRunInput): Log {
  const all = input.findings.filter((f) => f.path !== '');
  const located = all.length <= MAX_RESULTS ? all : [...all].sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level]).slice(0, MAX_RESULTS);
  // Only rules with a result, or the file grows with every rule of the checklist; their order is the findings' order.
  const used = new Set(located.map((f) => f.rule));
  const rules = input.rules.filter((r) => used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const notifications: Notification[] = (input.notifications ?? []).map((n) => ({
    level: n.level,
    message: { text: sanitizeLine(n.text, 2000) },
    descriptor: { id: n.id },
  }));
  if (located.length < all.length) {
    notifications.push({ level: 'warning', message: { text: `${all.length - located.length} of ${all.length} results were left out (code scanning accepts ${MAX_RESULTS} per run), notes first` }, descriptor: { id: 'results-capped' } });
  }
  const unlocated = input.findings.filter((f) => f.path === '');
  if (unlocated.length > 0) {
    const ids = [...new Set(unlocated.map((f) => f.rule))];
    notifications.push({
      level: 'warning',
      message: { text: sanitizeLine(`${unlocated.length === 1 ? '1 finding concerns' : `${unlocated.length} findings concern`} the repository as a whole and have no file to point at, so code scanning cannot show them: ${ids.join(', ')}. The JSON output and the job summary list them.`, 2000) },
      descriptor: { id: 'repository-level-findings' },
    });
  }
  const run: Run = {
    tool: {
      driver: {
        name: 'shipshape',
        version: input.toolVersion,
        semanticVersion: input.toolVersion,
        informationUri: INFORMATION_URI,
        rules: rules.map(descriptor),
      },
    },
    automationDetails: { id: `${input.category.replace(/\/+$/, '')}/` },
    originalUriBaseIds: {
      '%SRCROOT%': {
        uri: `${pathToFileURL(input.repositoryRoot).href.replace(/\/?$/, '/')}`,
        description: { text: 'The root of the repository the result paths are relative to.' },
      },
    },
    invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
    results: located.map((f) => result(f, index.get(f.rule) ?? -1)),
    columnKind: 'utf16CodeUnits',
  };
  const repo = remoteUri(input.provenance?.remote ?? null);
  if (repo && input.provenance?.commit) {
    run.versionControlProvenance = [{ repositoryUri: repo, revisionId: input.provenance.commit, ...(input.provenance.branch ? { branch: input.provenance.branch } : {}), mappedTo: { uriBaseId: '%SRCROOT%' } }];
  }
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

export function renderSarif(input: SarifRunInput): string {
  return `${JSON.stringify(buildSarif(input), null, 2)}\n`;
}

