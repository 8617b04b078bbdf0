import { describe, expect, it } from 'vitest';
import { resilienceDetector } from '../../source/detect/detectors/resilience.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = (files: Record<string, string>) => runDetector(resilienceDetector, files);

describe('resilience signals', () => {
  it('finds rate limiting, retries and a cache in a Go service', async () => {
    const s = await run({
      'go.mod': 'module x\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.1.0\n\tgithub.com/go-chi/httprate v0.14.1\n\tgithub.com/avast/retry-go/v4 v4.6.0\n\tgithub.com/dgraph-io/ristretto v0.2.0\n)\n',
      'main.go': 'package main\n\nimport (\n\t"github.com/go-chi/chi/v5"\n\t"github.com/go-chi/httprate"\n\t"github.com/avast/retry-go/v4"\n\t"github.com/dgraph-io/ristretto"\n)\n',
    });
    expect(s.get('resilience.rate-limit')?.status).toBe('pass');
    expect(s.get('resilience.retry')?.status).toBe('pass');
    expect(s.get('resilience.cache')?.status).toBe('pass');
  });

  it('counts retries configured on an SDK client and Spring annotations', async () => {
    const js = await run({ 'package.json': '{"dependencies":{"openai":"4"}}', 'src/c.ts': "import OpenAI from 'openai';\nexport const c = new OpenAI({ maxRetries: 3 });\n" });
    expect(js.get('resilience.retry')?.status).toBe('pass');
    const zero = await run({ 'src/c.ts': 'export const c = new OpenAI({ maxRetries: 0 });\n' });
    expect(zero.get('resilience.retry')?.status).toBe('fail');
    const java = await run({ 'src/main/java/a/S.java': 'class S {\n  @Retryable(maxAttempts = 3)\n  @Cacheable("x")\n  void f() {}\n}\n' });
    expect(java.get('resilience.retry')?.status).toBe('pass');
    expect(java.get('resilience.cache')?.status).toBe('pass');
  });

  it('treats a Django CACHES backend as a cache, but not the word redis in a README', async () => {
    const dj = await run({ 'requirements.txt': 'Django\ndjango-redis\n', 'app/settings.py': 'CACHES = {\n    "default": {"BACKEND": "django_redis.cache.RedisCache"}\n}\n' });
    expect(dj.get('resilience.cache')?.status).toBe('pass');
    const readme = await run({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\n', 'README.md': 'TODO: use redis for caching\n' });
    expect(readme.get('resilience.cache')?.status).toBe('fail');
  });

  it('is unknown for a cache declared but never imported; indirect Go deps are ignored', async () => {
    const s = await run({ 'package.json': '{"dependencies":{"ioredis":"5","express":"4"}}', 'src/a.ts': "import express from 'express';\n// import Redis from 'ioredis';\n" });
    expect(s.get('resilience.cache')?.status).toBe('unknown');
    const go = await run({ 'go.mod': 'module x\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgolang.org/x/time v0.8.0 // indirect\n)\n', 'main.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n' });
    expect(go.get('resilience.rate-limit')?.status).toBe('fail');
  });

  it('rate limiting is not_applicable when nothing serves requests', async () => {
    const s = await run({ 'pyproject.toml': '[project]\ndependencies = ["click"]\n', 'cli.py': 'import click\n' });
    expect(s.get('resilience.rate-limit')?.status).toBe('not_applicable');
    expect(s.get('resilience.retry')?.status).toBe('fail');
  });

  it('redacts a credential and strips escape sequences from evidence excerpts', async () => {
    // Built at run time so this test file holds no key-shaped literal.
    const key = ['sk', 'proj', 'Q7vX2mPz9LkR4tYw8NbC3dHf6JgS1aUe5VqT0oIx'].join('-');
    const s = await run({ 'src/c.ts': `export const c = new OpenAI({ apiKey: '${key}', maxRetries: 3 }); // \u001b[31mred\n` });
    const retry = s.get('resilience.retry')!;
    expect(retry.status).toBe('pass');
    const excerpt = retry.evidence[0]?.excerpt ?? '';
    expect(excerpt).not.toContain(key);
    expect(excerpt).toContain('maxRetries');
    expect(excerpt).not.toMatch(/\u001b/);
  });

  it('counts nginx limit_req in config', async () => {
    const s = await run({ 'deploy/nginx.conf': 'http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;\n}\n' });
    expect(s.get('resilience.rate-limit')?.status).toBe('pass');
  });
});
