import { describe, expect, it } from 'vitest';
import { healthDetector } from '../../source/detect/detectors/health.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(healthDetector, files)).get('health.endpoint')!;

describe('health.endpoint', () => {
  it('finds health routes in each ecosystem', async () => {
    expect((await run({ 'src/s.ts': "app.get('/healthz', (_q, r) => r.send('ok'));\n" })).status).toBe('pass');
    expect((await run({ 'main.py': '@app.get("/api/v1/health")\nasync def health():\n    return {}\n' })).status).toBe('pass');
    expect((await run({ 'main.go': 'package main\n\nfunc main() {\n\tmux.HandleFunc("/readyz", ready)\n}\n' })).status).toBe('pass');
    expect((await run({ 'urls.py': 'urlpatterns = [path("health/", views.health)]\n' })).status).toBe('pass');
  });

  it('finds a file-system route (Next.js app/api/health/route.ts)', async () => {
    const s = await run({ 'package.json': '{"dependencies":{"next":"15"}}', 'app/api/health/route.ts': "export async function GET() {\n  return Response.json({ ok: true });\n}\n" });
    expect(s.status).toBe('pass');
    expect(s.evidence.some((e) => e.path === 'app/api/health/route.ts')).toBe(true);
  });

  it('points a missing endpoint at the root manifest before nested ones', async () => {
    const s = await run({
      'android/app/build.gradle': "dependencies {\n  implementation 'androidx.core:core:1.12.0'\n}\n",
      'package.json': '{"dependencies":{"express":"4"}}',
      'src/server.ts': "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
    });
    expect(s.status).toBe('fail');
    expect(s.evidence.map((e) => e.path)).toEqual(['package.json', 'android/app/build.gradle']);
  });

  it('passes for Spring Boot Actuator on the classpath', async () => {
    const s = await run({ 'build.gradle': "dependencies {\n  implementation 'org.springframework.boot:spring-boot-starter-actuator'\n}\n" });
    expect(s.status).toBe('pass');
  });

  it('treats /ping as a hint only, and a health word in a comment or non-route string as nothing', async () => {
    expect((await run({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\n@app.route("/ping")\ndef ping():\n    return "pong"\n' })).status).toBe('unknown');
    const s = await run({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\n# app.route("/healthz")\nkind = "health"\n' });
    expect(s.status).toBe('fail');
  });

  it('is not_applicable for a library with no server', async () => {
    expect((await run({ 'package.json': '{"dependencies":{"lodash":"4"}}', 'src/index.ts': 'export const x = 1;\n' })).status).toBe('not_applicable');
  });
});
