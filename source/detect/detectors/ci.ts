import { stripHashComment } from '../linear-text.js';
import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { absenceEvidence, capEvidence, evidenceOf, excerptAt, isRecord, plural, readYaml } from './infra-helpers.js';
// `npm run audit` in CI counts when package.json's `audit` script runs a scanner (SCRIPT_CALL).
import { collectCiLines, collectScriptChecks, evaluateSupplyScan, evaluateTests, SCRIPT_CALL, workflowTriggers } from './ci-checks.js';

/**
 * CI pipelines and the security scanners they run. A file name alone proves
 * nothing (an empty `.gitlab-ci.yml` runs nothing), so each system's file is read
 * and must declare at least one job or step.
 */

type System = 'github-actions' | 'gitlab' | 'circleci' | 'azure' | 'jenkins' | 'bitbucket' | 'buildkite' | 'drone' | 'travis' | 'woodpecker';

/** Root-anchored: CI services read their configuration from fixed places. */
const SYSTEMS: { system: System; re: RegExp }[] = [
  { system: 'github-actions', re: /^\.github\/workflows\/[^/]+\.ya?ml$/i },
  { system: 'gitlab', re: /^\.gitlab-ci\.ya?ml$/i },
  { system: 'circleci', re: /^\.circleci\/config\.ya?ml$/i },
  { system: 'azure', re: /^(?:azure-pipelines[^/]*\.ya?ml|\.azure-pipelines\/[^/]+\.ya?ml|\.azuredevops\/[^/]+\.ya?ml)$/i },
  // Jenkins reads a configurable script path; accept the root and one level down (ci/, jenkins/).
  { system: 'jenkins', re: /^(?:[^/]+\/)?(?:jenkinsfile(?:\.[^/]+)?|[^/]+\.jenkinsfile)$/i },
  { system: 'bitbucket', re: /^bitbucket-pipelines\.ya?ml$/i },
  { system: 'buildkite', re: /^\.buildkite\/[^/]*pipeline[^/]*\.ya?ml$/i },
  { system: 'drone', re: /^\.drone\.ya?ml$/i },
  { system: 'travis', re: /^\.travis\.ya?ml$/i },
  { system: 'woodpecker', re: /^(?:\.woodpecker\.ya?ml|\.woodpecker\/[^/]+\.ya?ml)$/i },
];

/** Every system's file in one regex: asked of each path of the tree, and nearly none is one. */
const ANY_SYSTEM = new RegExp(SYSTEMS.map((s) => `(?:${s.re.source})`).join('|'), 'i');

function systemOf(path: string): System | undefined {
  if (!ANY_SYSTEM.test(path)) return undefined;
  return SYSTEMS.find((s) => s.re.test(path))?.system;
}

/** Scanners by the words that run them. Each pattern must name a tool, not a topic. */
const SCANNERS: { name: string; re: RegExp }[] = [
  { name: 'CodeQL', re: /github\/codeql-action\/|\bcodeql\s+database\b/i },
  { name: 'Semgrep', re: /\bsemgrep\b/i },
  { name: 'Snyk', re: /\bsnyk\/actions|\bsnyk\s+(?:test|monitor|code|container|iac)\b/i },
  { name: 'Trivy', re: /\btrivy(?:-action|\s+(?:image|fs|filesystem|repo|config|k8s|sbom|rootfs))\b/i },
  { name: 'Grype', re: /\bgrype\b|anchore\/scan-action/i },
  { name: 'gitleaks', re: /\bgitleaks\b/i },
  { name: 'TruffleHog', re: /\btrufflehog\b/i },
  { name: 'npm audit', re: /\b(?:npm|pnpm|bun)\s+audit\b|\byarn\s+(?:npm\s+)?audit\b/i },
  { name: 'audit-ci', re: /\baudit-ci\b|\bbetter-npm-audit\b/i },
  { name: 'pip-audit', re: /\bpip-audit\b/i },
  { name: 'Safety', re: /\bsafety\s+(?:check|scan)\b|pyupio\/safety-action/i },
  { name: 'pipenv check', re: /\bpipenv\s+check\b/i },
  { name: 'govulncheck', re: /\bgovulncheck\b/i },
  { name: 'OWASP Dependency-Check', re: /dependency-check|dependencyCheck(?:Analyze|Aggregate)/i },
  { name: 'OSV-Scanner', re: /\bosv-scanner\b/i },
  { name: 'Bandit', re: /\bbandit\s+-|\bbandit\b.*\s-r\s|pycqa\/bandit/i },
  { name: 'gosec', re: /\bgosec\b/i },
  { name: 'Checkov', re: /\bcheckov\b/i },
  { name: 'tfsec', re: /\btfsec\b/i },
  { name: 'KICS', re: /\bkics\s+scan\b|checkmarx\/kics-github-action/i },
  { name: 'OpenSSF Scorecard', re: /ossf\/scorecard-action/i },
  { name: 'dependency-review', re: /actions\/dependency-review-action/i },
  { name: 'cargo audit', re: /\bcargo\s+(?:audit|deny)\b/i },
  { name: 'bundler-audit', re: /\bbundle(?:r-audit|\s+audit)\b/i },
  { name: 'Brakeman', re: /\bbrakeman\b/i },
  { name: 'zizmor', re: /\bzizmor\b/i },
  { name: 'Docker Scout', re: /\bdocker\s+scout\s+(?:cves|quickview)\b|docker\/scout-action/i },
  { name: 'GitLab security template', re: /(?:SAST|Dependency-Scanning|Secret-Detection|Container-Scanning|DAST)(?:\.latest)?\.gitlab-ci\.yml/i },
  { name: 'SonarQube/SonarCloud', re: /sonarsource\/sonar(?:cloud|qube)-(?:github-)?(?:scan-)?action|\bsonar-scanner\b/i },
  { name: 'shipshape', re: /\bshipshape\s+(?:check|scan)\b/i },
];


function isComment(line: string, system: System): boolean {
  const t = line.trim();
  return t.startsWith('#') || (system === 'jenkins' && (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')));
}

function scanLines(path: string, text: string, system: System): Finding[] {
  const out: Finding[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (isComment(l, system)) return;
    // A trailing YAML comment ("# for github/codeql-action/init") is not a step.
    const code = system === 'jenkins' ? l : stripHashComment(l);
    const hit = SCANNERS.find((s) => s.re.test(code));
    if (hit) out.push({ kind: 'scanner', path, line: i + 1, excerpt: excerptAt(text, i + 1), data: { tool: hit.name } });
    for (const m of code.matchAll(SCRIPT_CALL)) {
      // `npm ci` / `pnpm install` are package-manager verbs; `npm run ci` runs a script named ci.
      if (m[1] && (/\brun\b/.test(m[0]) || !['install', 'ci', 'i', 'add', 'exec', 'dlx', 'x'].includes(m[1]))) {
        out.push({ kind: 'script-call', path, line: i + 1, excerpt: excerptAt(text, i + 1), data: { script: m[1] } });
      }
    }
  });
  return out;
}

const GITLAB_RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'spec']);

/** Counts the jobs a parsed CI document declares; 0 means the file runs nothing. */
export function countJobs(system: System, docs: unknown[]): number {
  const top = docs[0];
  const len = (v: unknown) => (Array.isArray(v) ? v.length : isRecord(v) ? Object.keys(v).length : 0);
  switch (system) {
    case 'github-actions': {
      if (!isRecord(top) || !isRecord(top['jobs'])) return 0;
      return Object.values(top['jobs']).filter((j) => isRecord(j) && (len(j['steps']) > 0 || typeof j['uses'] === 'string')).length;
    }
    case 'gitlab': {
      if (!isRecord(top)) return 0;
      const jobs = Object.entries(top).filter(
        ([k, v]) => !GITLAB_RESERVED.has(k) && !k.startsWith('.') && isRecord(v) && ('script' in v || 'trigger' in v || 'extends' in v || 'run' in v),
      ).length;
      // An include (templates, Auto DevOps) brings its own jobs.
      return jobs + (len(top['include']) > 0 || typeof top['include'] === 'string' ? 1 : 0);
    }
    case 'circleci':
      if (!isRecord(top)) return 0;
      return Math.max(len(top['jobs']), isRecord(top['workflows']) ? Object.values(top['workflows']).filter((w) => isRecord(w) && len(w['jobs']) > 0).length : 0);
    case 'azure':
      if (!isRecord(top)) return 0;
      return len(top['steps']) + len(top['jobs']) + len(top['stages']) + (top['extends'] !== undefined ? 1 : 0);
    case 'bitbucket':
      return isRecord(top) ? len(top['pipelines']) : 0;
    case 'buildkite':
      return isRecord(top) ? len(top['steps']) : Array.isArray(top) ? top.length : 0;
    case 'drone':
      // Drone files hold one pipeline per document.
      return docs.reduce<number>((n, d) => n + (isRecord(d) ? len(d['steps']) + len(d['pipeline']) : 0), 0);
    case 'woodpecker':
      return isRecord(top) ? len(top['steps']) + len(top['pipeline']) : 0;
    case 'travis':
      // Travis runs a default build for a declared language.
      return isRecord(top) ? ['script', 'jobs', 'matrix', 'stages', 'language', 'install'].filter((k) => top[k] !== undefined).length : 0;
    case 'jenkins':
      return 0;
  }
}

export function collectCi(file: FileEntry, text: string): Finding[] {
  const system = file.base === 'package.json' ? undefined : systemOf(file.path);
  if (file.path === 'package.json') return collectPackageScripts(file, text);
  if (!system) return [];
  const path = file.path;
  let jobs: number;
  const extra: Finding[] = collectCiLines(path, text, system === 'jenkins');
  if (system === 'jenkins') {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    jobs = (code.match(/\bstage\s*\(/g) ?? []).length + (/\bnode\s*[({]/.test(code) && /\b(?:sh|bat|powershell)\s*[('"]/.test(code) ? 1 : 0);
  } else {
    const y = readYaml(text);
    if (y.error) return [{ kind: 'parse-error', path, line: y.errorLine, excerpt: excerptAt(text, y.errorLine), data: { system, error: y.error } }, ...scanLines(path, text, system), ...extra];
    jobs = countJobs(system, y.docs.map((d) => d.value));
    if (system === 'github-actions') extra.push(workflowTriggers(path, y.docs[0]?.value));
  }
  return [{ kind: 'pipeline', path, line: 1, data: { system, jobs } }, ...scanLines(path, text, system), ...extra];
}

function collectPackageScripts(file: FileEntry, text: string): Finding[] {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(pkg) || !isRecord(pkg['scripts'])) return [];
  const out: Finding[] = collectScriptChecks(file.path, text, pkg['scripts']);
  const lines = text.split(/\r?\n/);
  for (const [name, cmd] of Object.entries(pkg['scripts'])) {
    if (typeof cmd !== 'string') continue;
    const hit = SCANNERS.find((s) => s.re.test(cmd));
    if (!hit) continue;
    const idx = lines.findIndex((l) => l.includes(JSON.stringify(name)));
    const line = idx >= 0 ? idx + 1 : undefined;
    out.push({ kind: 'script-scanner', path: file.path, line, excerpt: excerptAt(text, line), data: { script: name, tool: hit.name } });
  }
  return out;
}

function evaluatePipeline(input: EvaluateInput): Signal {
  const id = 'ci.pipeline';
  const pipes = input.findings.filter((f) => f.kind === 'pipeline');
  const broken = input.findings.filter((f) => f.kind === 'parse-error');
  const real = pipes.filter((f) => Number(f.data?.['jobs'] ?? 0) > 0);
  const systems = [...new Set(real.map((f) => String(f.data?.['system'])))];
  if (real.length > 0) {
    return {
      id,
      status: 'pass',
      summary: `CI configured (${systems.join(', ')}): ${plural(real.length, 'pipeline file')} with jobs`,
      confidence: 'high',
      evidence: capEvidence(real.map((f) => evidenceOf(input, f, `${String(f.data?.['system'])}: ${plural(Number(f.data?.['jobs']), 'job')}`))),
      details: { systems },
    };
  }
  if (broken.length > 0) {
    return {
      id,
      status: 'unknown',
      summary: `CI configuration present but unreadable (${plural(broken.length, 'file')})`,
      confidence: 'medium',
      evidence: broken.map((f) => evidenceOf(input, f, `unparseable: ${String(f.data?.['error'])}`)),
    };
  }
  if (pipes.length > 0) {
    return {
      id,
      status: 'fail',
      summary: `CI files exist but declare no jobs (${plural(pipes.length, 'file')})`,
      confidence: 'high',
      evidence: pipes.map((f) => evidenceOf(input, f, 'no jobs or steps')),
    };
  }
  return {
    id,
    status: 'fail',
    summary: 'no CI pipeline configuration found',
    confidence: 'high',
    evidence: [absenceEvidence('looked for .github/workflows, .gitlab-ci.yml, .circleci, azure-pipelines.yml, Jenkinsfile, bitbucket-pipelines.yml, .buildkite, .drone.yml, .travis.yml, .woodpecker')],
  };
}

function evaluateScan(input: EvaluateInput, pipeline: Signal): Signal {
  const id = 'ci.security-scan';
  const realPaths = new Set(pipeline.status === 'pass' ? pipeline.evidence.map((e) => e.path) : []);
  const brokenPaths = new Set(input.findings.filter((f) => f.kind === 'parse-error').map((f) => f.path));
  // Scanner lines count only in files that really run (or might run, if unreadable).
  const inRunning = (f: Finding) => realPaths.has(f.path);
  const direct = input.findings.filter((f) => f.kind === 'scanner' && inRunning(f));
  const scripts = new Map(input.findings.filter((f) => f.kind === 'script-scanner').map((f) => [String(f.data?.['script']), f]));
  const viaScript = input.findings
    .filter((f) => f.kind === 'script-call' && inRunning(f) && scripts.has(String(f.data?.['script'])))
    .flatMap((f) => {
      const s = scripts.get(String(f.data?.['script']));
      return s ? [evidenceOf(input, f, `runs package script "${String(f.data?.['script'])}"`), evidenceOf(input, s, `script runs ${String(s.data?.['tool'])}`)] : [];
    });
  if (direct.length > 0 || viaScript.length > 0) {
    const tools = [...new Set([...direct.map((f) => String(f.data?.['tool'])), ...[...scripts.values()].filter((s) => viaScript.some((e) => e.path === s.path && e.line === s.line)).map((s) => String(s.data?.['tool']))])];
    return {
      id,
      status: 'pass',
      summary: `CI runs ${tools.join(', ')}`,
      confidence: 'high',
      evidence: capEvidence([...direct.map((f) => evidenceOf(input, f, String(f.data?.['tool']))), ...viaScript]),
      details: { tools },
    };
  }
  const brokenScanners = input.findings.filter((f) => f.kind === 'scanner' && brokenPaths.has(f.path));
  if (brokenScanners.length > 0 || (pipeline.status === 'unknown' && brokenPaths.size > 0)) {
    return {
      id,
      status: 'unknown',
      summary: 'CI configuration could not be parsed; cannot tell whether scanners run',
      confidence: 'low',
      evidence: [...brokenScanners, ...input.findings.filter((f) => f.kind === 'parse-error')].map((f) => evidenceOf(input, f, 'in an unreadable CI file')),
    };
  }
  // Without CI nothing in the repository runs scanners: a fail, not "not applicable".
  // Confidence stays medium: scanners configured outside the repository (GitHub's
  // CodeQL default setup, a Snyk app) leave no file to find.
  const evidence: Evidence[] =
    pipeline.status === 'pass'
      ? pipeline.evidence.map((e) => ({ ...e, note: 'pipeline without a security scanner step' }))
      : [absenceEvidence('no CI pipeline, so no scanner runs on changes')];
  return {
    id,
    status: 'fail',
    summary: pipeline.status === 'pass' ? 'CI runs no security scanner (SAST, dependency audit, secret or image scan)' : 'no CI pipeline, so no security scanner runs',
    confidence: 'medium',
    evidence: capEvidence(evidence),
  };
}

export const ciDetector: Detector = {
  id: 'ci',
  signals: [
    { id: 'ci.pipeline', title: 'CI pipeline', passWhen: 'a CI pipeline is configured' },
    { id: 'ci.security-scan', title: 'Security scanning in CI', passWhen: 'CI runs a security scanner (CodeQL, Semgrep, Snyk, Trivy, gitleaks, dependency audit, …)' },
    { id: 'ci.tests', title: 'Tests in CI', passWhen: 'CI runs the test suite on pull requests' },
    { id: 'ci.sbom-image-scan', title: 'SBOM and image/dependency scanning in CI', passWhen: 'CI generates an SBOM or scans images/dependencies for vulnerabilities' },
  ],
  selects: (f) => f.path === 'package.json' || systemOf(f.path) !== undefined,
  collect: collectCi,
  evaluate(input) {
    const pipeline = evaluatePipeline(input);
    return [pipeline, evaluateScan(input, pipeline), evaluateTests(input, pipeline), evaluateSupplyScan(input, pipeline)];
  },
};
