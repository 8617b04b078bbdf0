import type { EvaluateInput, Evidence, Finding, Signal } from '../types.js';
import { absenceEvidence, capEvidence, evidenceOf, excerptAt, isRecord, plural } from './infra-helpers.js';

/**
 * What the CI pipeline does on a change: does it run the tests on pull requests
 * (`ci.tests`), and does it scan images or dependencies or write an SBOM
 * (`ci.sbom-image-scan`)? Commands are data, one line each; a workflow's trigger
 * decides whether its steps run on pull requests.
 */

/** Test runners and the build goals that run tests. A line must not skip them (`-DskipTests`, `-x test`). */
const TEST_COMMAND = /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test(?::[\w:-]+)?\b|\bnpm\s+t\b|\b(?:vitest|jest|mocha|ava|karma\s+start|pytest|tox|nox|gotestsum|phpunit|rspec|ctest)\b|\bplaywright\s+test\b|\bcypress\s+run\b|\bpython[\d.]*\s+-m\s+(?:pytest|unittest)\b|\b(?:go|cargo|deno|bun|dotnet)\s+test\b|\bcargo\s+nextest\b|\brake\s+(?:test|spec)\b|\bmake\s+(?:test|check)\b|\b(?:mvn|mvnw)\b[^\n#]{0,200}\b(?:test|verify|install|package)\b|\b(?:gradle|gradlew)\b[^\n#]{0,200}\b(?:test|check|build)\b|\b(?:turbo|nx|lerna)\b[^\n#]{0,80}\btest\b/;
const SKIPS_TESTS = /-DskipTests|-Dmaven\.test\.skip=true|\s-x\s+test\b|--exclude-task\s+test\b/;
/** The placeholder `npm init` writes: a test script that runs nothing. */
const NPM_PLACEHOLDER = /no test specified/;

export type SupplyKind = 'sbom' | 'image' | 'dependencies';

/** SBOM generators and vulnerability scanners of images and dependencies. */
const SUPPLY_TOOLS: { name: string; kinds: SupplyKind[]; re: RegExp }[] = [
  { name: 'Syft', kinds: ['sbom'], re: /\bsyft\b|anchore\/sbom-action/i },
  { name: 'CycloneDX', kinds: ['sbom'], re: /\bcyclonedx(?:-[\w]+)?\b|\bcdxgen\b|@cyclonedx\//i },
  { name: 'SPDX / sbom-tool', kinds: ['sbom'], re: /\bspdx-sbom-generator\b|microsoft\/sbom-tool|\bsbom-tool\b/i },
  { name: 'BuildKit SBOM attestation', kinds: ['sbom'], re: /--sbom(?:=|\s+)(?:true|1)\b|^\s*sbom\s*:\s*true\b|\bsboms\s*:/i },
  { name: 'Trivy SBOM', kinds: ['sbom'], re: /\btrivy\b[^\n]{0,160}--format\s+(?:cyclonedx|spdx)|format\s*:\s*["']?(?:cyclonedx|spdx-json)\b/i },
  { name: 'Trivy', kinds: ['image', 'dependencies'], re: /\btrivy(?:-action|\s+(?:image|fs|filesystem|repo|rootfs|sbom))\b/i },
  { name: 'Grype', kinds: ['image', 'dependencies'], re: /\bgrype\b|anchore\/scan-action/i },
  { name: 'Snyk container', kinds: ['image'], re: /\bsnyk\s+container\b|snyk\/actions\/docker/i },
  { name: 'Snyk', kinds: ['dependencies'], re: /\bsnyk\s+(?:test|monitor)\b|snyk\/actions\/(?:node|python|golang|maven|gradle|setup)/i },
  { name: 'Docker Scout', kinds: ['image'], re: /\bdocker\s+scout\s+(?:cves|quickview|recommendations)\b|docker\/scout-action/i },
  { name: 'GitLab Container Scanning', kinds: ['image'], re: /Container-Scanning(?:\.latest)?\.gitlab-ci\.yml/i },
  { name: 'GitLab Dependency Scanning', kinds: ['dependencies'], re: /Dependency-Scanning(?:\.latest)?\.gitlab-ci\.yml/i },
  { name: 'npm audit', kinds: ['dependencies'], re: /\b(?:npm|pnpm|bun)\s+audit\b|\byarn\s+(?:npm\s+)?audit\b|\baudit-ci\b|\bbetter-npm-audit\b/i },
  { name: 'pip-audit', kinds: ['dependencies'], re: /\bpip-audit\b/i },
  { name: 'Safety', kinds: ['dependencies'], re: /\bsafety\s+(?:check|scan)\b|pyupio\/safety-action/i },
  { name: 'govulncheck', kinds: ['dependencies'], re: /\bgovulncheck\b/i },
  { name: 'OSV-Scanner', kinds: ['dependencies'], re: /\bosv-scanner\b/i },
  { name: 'OWASP Dependency-Check', kinds: ['dependencies'], re: /dependency-check|dependencyCheck(?:Analyze|Aggregate)/i },
  { name: 'dependency-review', kinds: ['dependencies'], re: /actions\/dependency-review-action/i },
  { name: 'cargo audit', kinds: ['dependencies'], re: /\bcargo\s+(?:audit|deny)\b/i },
  { name: 'bundler-audit', kinds: ['dependencies'], re: /\bbundle(?:r-audit|\s+audit)\b/i },
];

function isComment(line: string, jenkins: boolean): boolean {
  const t = line.trim();
  return t.startsWith('#') || (jenkins && (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')));
}

/** Line facts from one CI file: test commands and supply-chain tools. */
export function collectCiLines(path: string, text: string, jenkins: boolean): Finding[] {
  const out: Finding[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((l, i) => {
    if (l.length > 4000 || isComment(l, jenkins)) return;
    const code = jenkins ? l : l.replace(/\s#.*$/, '');
    if (TEST_COMMAND.test(code) && !SKIPS_TESTS.test(code)) out.push({ kind: 'test-step', path, line: i + 1, excerpt: excerptAt(text, i + 1), data: { npm: /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test\b|\bnpm\s+t\b/.test(code) } });
    for (const t of SUPPLY_TOOLS) {
      if (t.re.test(code)) out.push({ kind: 'supply-tool', path, line: i + 1, excerpt: excerptAt(text, i + 1), data: { tool: t.name, kinds: t.kinds.join(',') } });
    }
    const call = /^\s*(?:-\s+)?uses:\s*\.\/(\.github\/workflows\/[^\s@#]+)/.exec(code);
    if (call) out.push({ kind: 'workflow-call', path, line: i + 1, data: { target: call[1] as string } });
    // `uses: ./…` is an action or a reusable workflow, not a script.
    const file = call || /^\s*(?:-\s+)?uses:/.test(code) ? null : localScript(code);
    if (file) out.push({ kind: 'script-file', path, line: i + 1, excerpt: excerptAt(text, i + 1), data: { file } });
  });
  return out;
}

/** `npm run audit`, `pnpm test:ci`: the package script a command runs (the name is group 1). */
export const SCRIPT_CALL = /\b(?:npm\s+run(?:-script)?|pnpm(?:\s+run)?|yarn(?:\s+run)?|bun\s+run)\s+([\w:.-]+)/g;

/** `bash .ci/run`, `sh scripts/test.sh`, `./ci/test.sh`: a script of this repository that a CI step runs. */
const SHELL_SCRIPT = /(?:^|[\s;&|(:])(?:bash|sh|zsh|source)\s+(?:-[a-z]+\s+){0,3}(\.{0,2}\/?[\w.][\w./-]{0,200})/;
const DIRECT_SCRIPT = /(?:^|[\s;&|(:])(\.\/[\w.-][\w./-]{0,200})/;

function localScript(code: string): string | null {
  const m = SHELL_SCRIPT.exec(code) ?? DIRECT_SCRIPT.exec(code);
  const raw = m?.[1];
  // From the workspace root: `../` leaves it, an absolute path is the runner's.
  if (!raw || raw.startsWith('../') || raw.startsWith('/') || raw.includes('/../')) return null;
  const rel = raw.replace(/^(?:\.\/)+/, '');
  return rel && rel !== '.' && !/\.ya?ml$/i.test(rel) ? rel : null;
}

/** A CI step that runs a repository script whose own lines run the tests (one level deep). */
function testsInScripts(input: EvaluateInput, running: ReadonlySet<string>): { call: Finding; step: Finding }[] {
  const out: { call: Finding; step: Finding }[] = [];
  const testScripts = new Set(input.findings.filter((f) => f.kind === 'script-test').map((f) => String(f.data?.['script'])));
  const byFile = new Map<string, Finding | null>();
  for (const call of input.findings.filter((f) => f.kind === 'script-file' && running.has(f.path))) {
    const file = String(call.data?.['file']);
    if (!byFile.has(file)) byFile.set(file, testLineOf(file, input.readText(file), testScripts));
    const step = byFile.get(file);
    if (step) out.push({ call, step });
  }
  return out;
}

function testLineOf(file: string, text: string | null, testScripts: ReadonlySet<string>): Finding | null {
  if (text === null) return null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.length > 4000 || isComment(l, false)) continue;
    const code = l.replace(/\s#.*$/, '');
    const viaScript = [...code.matchAll(SCRIPT_CALL)].some((m) => testScripts.has(m[1] as string));
    if ((TEST_COMMAND.test(code) && !SKIPS_TESTS.test(code)) || viaScript) return { kind: 'test-step', path: file, line: i + 1, excerpt: excerptAt(text, i + 1) };
  }
  return null;
}

/** A GitHub Actions workflow's triggers: does it run for pull requests? */
export function workflowTriggers(path: string, top: unknown): Finding {
  const on = isRecord(top) ? (top['on'] ?? top['true']) : undefined;
  const events = new Map<string, unknown>();
  if (typeof on === 'string') events.set(on, null);
  else if (Array.isArray(on)) {
    for (const e of on) if (typeof e === 'string') events.set(e, null);
  } else if (isRecord(on)) {
    for (const [k, v] of Object.entries(on)) events.set(k, v);
  }
  const pr = ['pull_request', 'pull_request_target', 'merge_group'].some((e) => events.has(e));
  const push = events.get('push');
  // A push trigger without a branch filter runs for every branch a pull request comes from.
  const pushAll = events.has('push') && !(isRecord(push) && Array.isArray(push['branches']) && !push['branches'].some((b) => typeof b === 'string' && b.includes('*')));
  return { kind: 'triggers', path, line: 1, data: { pr, push_all: pushAll, called: events.has('workflow_call'), events: [...events.keys()].join(',') } };
}

/** package.json scripts that run tests or supply-chain tools, for `npm run <script>` in CI. */
export function collectScriptChecks(path: string, text: string, scripts: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  const lines = text.split(/\r?\n/);
  for (const [name, cmd] of Object.entries(scripts)) {
    if (typeof cmd !== 'string') continue;
    const idx = lines.findIndex((l) => l.includes(JSON.stringify(name)));
    const line = idx >= 0 ? idx + 1 : undefined;
    if (name === 'test' && NPM_PLACEHOLDER.test(cmd)) out.push({ kind: 'script-placeholder', path, line, excerpt: excerptAt(text, line), data: { script: name } });
    else if (TEST_COMMAND.test(cmd) || name === 'test') out.push({ kind: 'script-test', path, line, excerpt: excerptAt(text, line), data: { script: name } });
    for (const t of SUPPLY_TOOLS) if (t.re.test(cmd)) out.push({ kind: 'script-supply', path, line, excerpt: excerptAt(text, line), data: { script: name, tool: t.name, kinds: t.kinds.join(',') } });
  }
  return out;
}

/** Which running CI files trigger on pull requests (GitHub Actions by trigger; other systems run on every branch and merge request). */
function prFiles(input: EvaluateInput, running: ReadonlySet<string>): { pr: Set<string>; notPr: Map<string, string> } {
  const triggers = new Map(input.findings.filter((f) => f.kind === 'triggers').map((f) => [f.path, f]));
  const pr = new Set<string>();
  const notPr = new Map<string, string>();
  for (const p of running) {
    const t = triggers.get(p);
    if (!t) pr.add(p);
    else if (t.data?.['pr'] === true || t.data?.['push_all'] === true) pr.add(p);
    else notPr.set(p, String(t.data?.['events'] ?? ''));
  }
  // A reusable workflow runs when a pull-request workflow calls it.
  for (const c of input.findings.filter((f) => f.kind === 'workflow-call' && pr.has(f.path))) {
    const target = String(c.data?.['target']);
    if (running.has(target) && notPr.has(target)) {
      notPr.delete(target);
      pr.add(target);
    }
  }
  return { pr, notPr };
}

function scriptCalls(input: EvaluateInput, files: ReadonlySet<string>, kind: 'script-test' | 'script-supply'): { call: Finding; script: Finding }[] {
  const scripts = input.findings.filter((f) => f.kind === kind);
  return input.findings
    .filter((f) => f.kind === 'script-call' && files.has(f.path))
    .flatMap((call) => scripts.filter((s) => s.data?.['script'] === call.data?.['script']).map((script) => ({ call, script })));
}

export function evaluateTests(input: EvaluateInput, pipeline: Signal): Signal {
  const id = 'ci.tests';
  if (pipeline.status === 'unknown') {
    return { id, status: 'unknown', summary: 'CI configuration could not be parsed; cannot tell whether tests run', confidence: 'low', evidence: pipeline.evidence };
  }
  if (pipeline.status !== 'pass') {
    return { id, status: 'fail', summary: 'no CI pipeline, so no tests run on pull requests', confidence: 'high', evidence: [absenceEvidence('no CI pipeline configuration')] };
  }
  const running = new Set(pipeline.evidence.map((e) => e.path));
  const { pr, notPr } = prFiles(input, running);
  const placeholder = input.findings.some((f) => f.kind === 'script-placeholder');
  const steps = input.findings.filter((f) => f.kind === 'test-step' && running.has(f.path) && !(placeholder && f.data?.['npm'] === true));
  const viaScripts = scriptCalls(input, running, 'script-test');
  const viaFiles = testsInScripts(input, running);
  const onPr = [...steps.filter((f) => pr.has(f.path)), ...[...viaScripts, ...viaFiles].filter((x) => pr.has(x.call.path)).map((x) => x.call)];
  if (onPr.length > 0) {
    const evidence: Evidence[] = [
      ...steps.filter((f) => pr.has(f.path)).map((f) => evidenceOf(input, f, 'runs tests')),
      ...viaScripts.filter((x) => pr.has(x.call.path)).flatMap((x) => [evidenceOf(input, x.call, `runs package script "${String(x.call.data?.['script'])}"`), evidenceOf(input, x.script, 'script runs tests')]),
      ...viaFiles.filter((x) => pr.has(x.call.path)).flatMap((x) => [evidenceOf(input, x.call, `runs ${x.step.path}`), evidenceOf(input, x.step, 'the script runs tests')]),
    ];
    const files = [...new Set(onPr.map((f) => f.path))];
    return {
      id, status: 'pass', confidence: 'high',
      summary: `CI runs tests on pull requests (${plural(files.length, 'pipeline file')}: ${files.slice(0, 3).join(', ')})`,
      evidence: capEvidence(evidence),
    };
  }
  const elsewhere = [...steps, ...viaScripts.map((x) => x.call), ...viaFiles.map((x) => x.call)].filter((f) => notPr.has(f.path));
  if (elsewhere.length > 0) {
    const f = elsewhere[0] as Finding;
    return {
      id, status: 'fail', confidence: 'high',
      summary: `tests run in CI only on ${notPr.get(f.path) || 'other events'}, not on pull requests`,
      evidence: capEvidence(elsewhere.map((x) => evidenceOf(input, x, `runs on ${notPr.get(x.path) ?? ''}`))),
    };
  }
  return {
    id, status: 'fail', confidence: 'medium',
    summary: placeholder ? 'CI runs no tests (the package test script is the npm placeholder)' : 'CI runs no test command (npm test, vitest, jest, pytest, go test, mvn verify, gradle test, …)',
    evidence: capEvidence(pipeline.evidence.map((e) => ({ ...e, note: 'pipeline without a test step' }))),
  };
}

export function evaluateSupplyScan(input: EvaluateInput, pipeline: Signal): Signal {
  const id = 'ci.sbom-image-scan';
  if (pipeline.status === 'unknown') {
    return { id, status: 'unknown', summary: 'CI configuration could not be parsed; cannot tell whether images or dependencies are scanned', confidence: 'low', evidence: pipeline.evidence };
  }
  if (pipeline.status !== 'pass') {
    return { id, status: 'fail', summary: 'no CI pipeline, so no SBOM is generated and no image or dependency scan runs', confidence: 'medium', evidence: [absenceEvidence('no CI pipeline configuration')] };
  }
  const running = new Set(pipeline.evidence.map((e) => e.path));
  const direct = input.findings.filter((f) => f.kind === 'supply-tool' && running.has(f.path));
  const viaScripts = scriptCalls(input, running, 'script-supply');
  const hits = [...direct.map((f) => ({ f, tool: String(f.data?.['tool']), kinds: String(f.data?.['kinds']).split(',') })), ...viaScripts.map((x) => ({ f: x.call, tool: String(x.script.data?.['tool']), kinds: String(x.script.data?.['kinds']).split(',') }))];
  if (hits.length === 0) {
    return {
      id, status: 'fail', confidence: 'medium',
      // Registry-side image scanning and SBOM export outside CI leave no file to find.
      summary: 'CI generates no SBOM and scans no images or dependencies (Syft, CycloneDX, Trivy, Grype, Docker Scout, npm audit, pip-audit, govulncheck, …)',
      evidence: capEvidence(pipeline.evidence.map((e) => ({ ...e, note: 'pipeline without SBOM or vulnerability scan' }))),
    };
  }
  const by = (k: SupplyKind) => [...new Set(hits.filter((h) => h.kinds.includes(k)).map((h) => h.tool))];
  const sbom = by('sbom');
  const image = by('image');
  const deps = by('dependencies');
  const parts = [
    sbom.length ? `generates an SBOM (${sbom.join(', ')})` : 'generates no SBOM',
    image.length ? `scans images (${image.join(', ')})` : 'scans no images',
    deps.length ? `scans dependencies (${deps.join(', ')})` : 'scans no dependencies',
  ];
  return {
    id, status: 'pass', confidence: 'high',
    summary: `CI ${parts.join('; ')}`,
    evidence: capEvidence([...direct.map((f) => evidenceOf(input, f, String(f.data?.['tool']))), ...viaScripts.flatMap((x) => [evidenceOf(input, x.call, `runs package script "${String(x.call.data?.['script'])}"`), evidenceOf(input, x.script, String(x.script.data?.['tool']))])]),
    details: { sbom, image_scan: image, dependency_scan: deps },
  };
}
