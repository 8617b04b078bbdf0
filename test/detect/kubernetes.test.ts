import { describe, expect, it } from 'vitest';
import { kubernetesDetector } from '../../source/detect/detectors/kubernetes.js';
import { runDetector } from '../helpers/detector-harness.js';

const hardened = `apiVersion: v1
kind: Service
metadata: { name: api }
spec: { ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
          resources:
            limits: { cpu: 500m, memory: 256Mi }
`;

const privileged = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: dump
              image: postgres:16
              securityContext:
                privileged: true
`;

describe('kubernetes detector', () => {
  it('passes a hardened Deployment in a multi-document file', async () => {
    const s = await runDetector(kubernetesDetector, { 'deploy/api.yaml': hardened });
    const k = s.get('k8s.security-context');
    expect(k?.status).toBe('pass');
    expect(k?.evidence[0]).toMatchObject({ path: 'deploy/api.yaml', line: 7 });
  });

  it('fails a privileged CronJob container with each issue at the container line', async () => {
    const s = await runDetector(kubernetesDetector, { 'k8s/backup.yml': privileged, 'k8s/api.yaml': hardened });
    const k = s.get('k8s.security-context');
    expect(k?.status).toBe('fail');
    expect(k?.details).toMatchObject({ workloads: 2, violations: { nonroot: 1, privileged: 1, escalation: 1, limits: 1 } });
    expect(new Set(k?.evidence.map((e) => e.line))).toEqual(new Set([11]));
  });

  it('leaves manifests under examples/ and test/ out: only what this repository deploys is judged', async () => {
    const s = await runDetector(kubernetesDetector, { 'examples/backup.yml': privileged, 'test/e2e/backup.yml': privileged, 'k8s/api.yaml': hardened });
    expect(s.get('k8s.security-context')?.status).toBe('pass');
  });

  it('fails a container that overrides the pod with runAsUser 0', async () => {
    const doc = hardened.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n            runAsUser: 0');
    const s = await runDetector(kubernetesDetector, { 'a.yaml': doc });
    expect(s.get('k8s.security-context')?.evidence[0]?.note).toMatch(/runAsUser: 0/);
  });

  it('is unknown for Helm templates that do not parse, and never throws', async () => {
    const tpl = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            {{- toYaml .Values.securityContext | nindent 12 }}\n`;
    const s = await runDetector(kubernetesDetector, { 'chart/templates/deployment.yaml': tpl });
    expect(s.get('k8s.security-context')?.status).toBe('unknown');
  });

  it('is not applicable without workloads (config YAML, kustomize patches, fixtures)', async () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec: { replicas: 3 }\n';
    const s = await runDetector(kubernetesDetector, {
      'config.yaml': 'apiVersion: 1\nname: not k8s\n',
      'overlays/prod/replicas.yaml': patch,
      'test/fixtures/bad/pod.yaml': privileged,
    });
    expect(s.get('k8s.security-context')?.status).toBe('not_applicable');
  });
});
