import type { Detector, EvaluateInput, FileEntry, Finding, Signal } from '../types.js';
import { capEvidence, evidenceOf, excerptAt, isRecord, plural, readYaml } from './infra-helpers.js';
import { isDeployedConfigPath } from '../path-role.js';

/**
 * Kubernetes workload hardening: every container runs as non-root, is not
 * privileged, cannot escalate privileges and has resource limits. Manifests are
 * parsed (multi-document); Helm templates that are not YAML until rendered are
 * counted as "cannot tell", never as a crash or a guess.
 */

/** Where each workload kind keeps its pod spec. */
const POD_SPEC: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
const WORKLOAD_KIND = /^\s*kind:\s*["']?(Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)["']?\s*$/m;

export function isManifestCandidate(f: Pick<FileEntry, 'path' | 'ext'>): boolean {
  if (f.ext !== '.yaml' && f.ext !== '.yml') return false;
  // CI and bot configuration are YAML but never Kubernetes.
  return !/^\.github\/|(?:^|\/)(?:\.gitlab-ci|docker-compose|compose|pnpm-lock|pnpm-workspace|mkdocs|codecov)[^/]*$/i.test(f.path);
}

function get(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

interface Issue {
  check: 'nonroot' | 'privileged' | 'escalation' | 'limits';
  explicit: boolean;
  message: string;
}

/** The checks for one container, given its pod's security context. */
export function containerIssues(container: Record<string, unknown>, pod: Record<string, unknown>): Issue[] {
  const csc = isRecord(container['securityContext']) ? container['securityContext'] : {};
  const psc = isRecord(pod['securityContext']) ? pod['securityContext'] : {};
  const out: Issue[] = [];
  const runAsUser = csc['runAsUser'] ?? psc['runAsUser'];
  const runAsNonRoot = csc['runAsNonRoot'] ?? psc['runAsNonRoot'];
  if (runAsUser === 0 || runAsUser === '0') out.push({ check: 'nonroot', explicit: true, message: 'runAsUser: 0 (root)' });
  else if (runAsNonRoot === false) out.push({ check: 'nonroot', explicit: true, message: 'runAsNonRoot: false' });
  else if (!(runAsNonRoot === true || (typeof runAsUser === 'number' && runAsUser > 0))) {
    out.push({ check: 'nonroot', explicit: false, message: 'neither runAsNonRoot: true nor a non-zero runAsUser' });
  }
  if (csc['privileged'] === true) out.push({ check: 'privileged', explicit: true, message: 'privileged: true' });
  if (csc['allowPrivilegeEscalation'] === true) out.push({ check: 'escalation', explicit: true, message: 'allowPrivilegeEscalation: true' });
  else if (csc['allowPrivilegeEscalation'] !== false) out.push({ check: 'escalation', explicit: false, message: 'allowPrivilegeEscalation not set to false' });
  const limits = get(container, ['resources', 'limits']);
  if (!isRecord(limits) || (limits['memory'] === undefined && limits['cpu'] === undefined)) {
    out.push({ check: 'limits', explicit: false, message: 'no resource limits' });
  }
  return out;
}

export function collectManifest(file: FileEntry, text: string): Finding[] {
  if (!WORKLOAD_KIND.test(text)) return [];
  const path = file.path;
  const templated = text.includes('{{');
  const y = readYaml(text);
  if (y.error) {
    const line = text.slice(0, WORKLOAD_KIND.exec(text)?.index ?? 0).split('\n').length;
    return [{ kind: 'unparsed', path, line, excerpt: excerptAt(text, line), data: { templated, error: y.error } }];
  }
  const out: Finding[] = [];
  y.docs.forEach(({ value }, di) => {
    if (!isRecord(value) || typeof value['apiVersion'] !== 'string' || typeof value['kind'] !== 'string') return;
    const specPath = POD_SPEC[value['kind']];
    if (!specPath) return;
    const pod = get(value, specPath);
    // A patch (kustomize) or a partial document has no containers: nothing to judge.
    if (!isRecord(pod) || !Array.isArray(pod['containers'])) return;
    const name = String(get(value, ['metadata', 'name']) ?? '?').slice(0, 80);
    const wline = y.lineOf(['kind'], di);
    out.push({ kind: 'workload', path, line: wline, excerpt: excerptAt(text, wline), data: { workload: `${value['kind']}/${name}`, templated } });
    for (const group of ['initContainers', 'containers'] as const) {
      const list = pod[group];
      if (!Array.isArray(list)) continue;
      list.forEach((c, ci) => {
        if (!isRecord(c)) return;
        const cline = y.lineOf([...specPath, group, ci], di);
        for (const issue of containerIssues(c, pod)) {
          out.push({
            kind: 'violation',
            path,
            line: cline,
            excerpt: excerptAt(text, cline),
            data: { workload: `${value['kind']}/${name}`, container: String(c['name'] ?? ci).slice(0, 80), check: issue.check, explicit: issue.explicit, message: issue.message, templated },
          });
        }
      });
    }
  });
  return out;
}

function evaluate(input: EvaluateInput): Signal {
  const id = 'k8s.security-context';
  const f = input.findings.filter((x) => isDeployedConfigPath(x.path));
  const workloads = f.filter((x) => x.kind === 'workload');
  const unparsed = f.filter((x) => x.kind === 'unparsed');
  if (workloads.length === 0 && unparsed.length === 0) {
    return { id, status: 'not_applicable', summary: 'no Kubernetes workload manifests', confidence: 'high', evidence: [] };
  }
  const violations = f.filter((x) => x.kind === 'violation');
  // In a Helm template a missing field may come from values; only an explicit bad value is proof.
  const definite = violations.filter((x) => x.data?.['explicit'] === true || x.data?.['templated'] !== true);
  const maybe = violations.filter((x) => !definite.includes(x));
  const note = (x: Finding) => `${String(x.data?.['workload'])} container "${String(x.data?.['container'])}": ${String(x.data?.['message'])}`;
  const byCheck = (list: Finding[]) => Object.fromEntries(['nonroot', 'privileged', 'escalation', 'limits'].map((c) => [c, list.filter((x) => x.data?.['check'] === c).length]));
  const details = { workloads: workloads.length, unparsed_templates: unparsed.length, violations: byCheck(definite) };
  if (definite.length > 0) {
    const bad = new Set(definite.map((x) => `${x.path}#${String(x.data?.['workload'])}`));
    return {
      id,
      status: 'fail',
      summary: `${plural(bad.size, 'workload')} of ${workloads.length} not hardened (${plural(definite.length, 'issue')})`,
      confidence: 'high',
      evidence: capEvidence(definite.map((x) => evidenceOf(input, x, note(x)))),
      details,
    };
  }
  if (maybe.length > 0 || unparsed.length > 0) {
    const broken = unparsed.filter((x) => x.data?.['templated'] !== true);
    const templates = unparsed.length - broken.length + new Set(maybe.map((x) => x.path)).size;
    return {
      id,
      status: 'unknown',
      summary: [
        templates > 0 ? `Helm templates decide the security context at render time (${plural(templates, 'file')})` : '',
        broken.length > 0 ? `${plural(broken.length, 'workload manifest')} could not be parsed` : '',
      ].filter(Boolean).join('; '),
      confidence: 'low',
      evidence: capEvidence([
        ...unparsed.map((x) => evidenceOf(input, x, x.data?.['templated'] === true ? 'template is not YAML until rendered' : `not valid YAML: ${String(x.data?.['error'])}`)),
        ...maybe.map((x) => evidenceOf(input, x, `${note(x)} (may be set from values)`)),
      ]),
      details,
    };
  }
  return {
    id,
    status: 'pass',
    summary: `${workloads.length === 1 ? 'the workload runs' : `all ${workloads.length} workloads run`} non-root, unprivileged, without privilege escalation and with limits`,
    confidence: 'high',
    evidence: capEvidence(workloads.map((x) => evidenceOf(input, x, String(x.data?.['workload'])))),
    details,
  };
}

export const kubernetesDetector: Detector = {
  id: 'kubernetes',
  signals: [
    {
      id: 'k8s.security-context',
      title: 'Hardened Kubernetes workloads',
      passWhen: 'every workload sets runAsNonRoot/runAsUser≠0, is not privileged, sets allowPrivilegeEscalation: false and has resource limits',
    },
  ],
  selects: isManifestCandidate,
  prefilter: ['apiVersion'],
  collect: collectManifest,
  evaluate: (input) => [evaluate(input)],
};
