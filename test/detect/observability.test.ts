import { describe, expect, it } from 'vitest';
import { observabilityDetector } from '../../source/detect/detectors/observability.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = (files: Record<string, string>) => runDetector(observabilityDetector, files);

describe('observability signals', () => {
  it('finds OpenTelemetry, Sentry and prometheus_client in a Python service', async () => {
    const s = await run({
      'requirements.txt': 'opentelemetry-sdk\nopentelemetry-instrumentation-fastapi\nsentry-sdk[fastapi]\nprometheus-client\n',
      'app/main.py': 'import sentry_sdk\nfrom opentelemetry import trace\nfrom prometheus_client import Counter\n',
    });
    expect(s.get('observability.tracing')?.status).toBe('pass');
    expect(s.get('observability.errors')?.status).toBe('pass');
    expect(s.get('observability.metrics')?.status).toBe('pass');
    expect(s.get('observability.errors')?.evidence.map((e) => e.path)).toEqual(['app/main.py', 'requirements.txt']);
  });

  it('ignores a commented-out Sentry import and a README that names tools', async () => {
    const s = await run({
      'requirements.txt': 'flask\n',
      'app.py': '# import sentry_sdk\n# sentry_sdk.init(dsn="...", traces_sample_rate=1.0)\nfrom flask import Flask\n',
      'README.md': 'We should add sentry_sdk and opentelemetry and prometheus_client.\n',
    });
    expect(s.get('observability.errors')?.status).toBe('fail');
    expect(s.get('observability.tracing')?.status).toBe('fail');
    expect(s.get('observability.metrics')?.status).toBe('fail');
  });

  it('treats Spring Boot starters as auto-configured (declared = in use)', async () => {
    const pom = ['<project><dependencies>',
      '<dependency><groupId>io.micrometer</groupId><artifactId>micrometer-registry-prometheus</artifactId></dependency>',
      '<dependency><groupId>io.micrometer</groupId><artifactId>micrometer-tracing-bridge-otel</artifactId></dependency>',
      '<dependency><groupId>io.sentry</groupId><artifactId>sentry-spring-boot-starter-jakarta</artifactId></dependency>',
      '</dependencies></project>'].join('\n');
    const s = await run({ 'pom.xml': pom });
    expect(s.get('observability.metrics')?.status).toBe('pass');
    expect(s.get('observability.tracing')?.status).toBe('pass');
    expect(s.get('observability.errors')?.status).toBe('pass');
    expect(s.get('observability.metrics')?.confidence).toBe('medium');
  });

  it('counts zero-code tracing agents in a Dockerfile', async () => {
    const s = await run({ 'requirements.txt': 'opentelemetry-distro\n', Dockerfile: 'FROM python:3.12-slim\nCMD ["opentelemetry-instrument", "uvicorn", "app:app"]\n' });
    expect(s.get('observability.tracing')?.status).toBe('pass');
  });

  it('is unknown when a tracer is declared in one workspace package but never imported', async () => {
    const s = await run({ 'packages/worker/package.json': '{"dependencies": {"@opentelemetry/api": "1.9.0"}}', 'packages/worker/src/index.ts': 'export const x = 1;\n' });
    expect(s.get('observability.tracing')?.status).toBe('unknown');
    expect(s.get('observability.tracing')?.evidence[0]?.path).toBe('packages/worker/package.json');
  });

  it('ignores go.mod requirements marked indirect', async () => {
    const server = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
    const s = await run({ 'go.mod': 'module x\n\nrequire (\n\tgithub.com/getsentry/sentry-go v0.29.1 // indirect\n)\n', 'main.go': server });
    expect(s.get('observability.errors')?.status).toBe('fail');
    // The same without a server: a CLI may need no error monitoring, so a person decides.
    const cli = await run({ 'go.mod': 'module x\n', 'main.go': 'package main\n\nfunc main() {}\n' });
    expect(['observability.errors', 'observability.metrics', 'observability.tracing'].map((id) => cli.get(id)?.status)).toEqual(['unknown', 'unknown', 'unknown']);
  });
});
