import { describe, expect, it } from 'vitest';
import { authDetector } from '../../source/detect/detectors/auth.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(authDetector, files)).get('auth.library')!;
const pkg = (deps: Record<string, string>) => JSON.stringify({ dependencies: deps }, null, 2);

describe('auth.library', () => {
  it('passes when a declared auth library is imported by app code, with both as evidence', async () => {
    const s = await run({
      'package.json': pkg({ express: '4', 'next-auth': '5' }),
      'src/auth.ts': "import NextAuth from 'next-auth';\nexport const { handlers } = NextAuth({ providers: [] });\n",
    });
    expect(s.status).toBe('pass');
    expect(s.confidence).toBe('high');
    expect(s.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['src/auth.ts:1', 'package.json:4']);
    expect(s.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores a fixture project\'s manifest inside the tests (Spring starters count from the manifest alone)', async () => {
    const pom = '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-security</artifactId></dependency></dependencies></project>\n';
    const fixture = await run({ 'package.json': pkg({ express: '4' }), 'src/server.ts': "import express from 'express';\n", 'test/fixtures/repos/java/pom.xml': pom });
    expect(fixture.status).toBe('fail');
    const real = await run({ 'pom.xml': pom, 'src/main/java/App.java': 'package app;\nclass App {}\n' });
    expect(real.status).toBe('pass');
  });

  it('is unknown when the library is declared but never imported', async () => {
    const s = await run({ 'package.json': pkg({ express: '4', passport: '0.7' }), 'src/server.ts': "import express from 'express';\nexpress().listen(3000);\n" });
    expect(s.status).toBe('unknown');
    expect(s.summary).toContain('Passport declared but not imported');
  });

  it('counts jsonwebtoken only when something verifies tokens', async () => {
    const base = { 'package.json': pkg({ express: '4', jsonwebtoken: '9' }) };
    const signOnly = await run({ ...base, 'src/t.ts': "import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({}, 'k');\n" });
    expect(signOnly.status).toBe('unknown');
    const verifies = await run({ ...base, 'src/t.ts': "import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, key);\n" });
    expect(verifies.status).toBe('pass');
  });

  it('fails for a server without auth, and is not_applicable without a server', async () => {
    const server = await run({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(server.status).toBe('fail');
    expect(server.evidence[0]?.path).toBe('requirements.txt');
    const cli = await run({ 'go.mod': 'module x\n\nrequire github.com/spf13/cobra v1.8.1\n', 'main.go': 'package main\n\nimport "github.com/spf13/cobra"\n' });
    expect(cli.status).toBe('not_applicable');
  });

  it('does not count a broad package (hono) unless its auth module is imported', async () => {
    const files = { 'package.json': pkg({ hono: '4' }), 'src/app.ts': "import { Hono } from 'hono';\nconst app = new Hono();\n" };
    expect((await run(files)).status).toBe('fail');
    expect((await run({ ...files, 'src/mw.ts': "import { jwt } from 'hono/jwt';\n" })).status).toBe('pass');
  });

  it('recognises Spring Security from the starter and Django auth from settings', async () => {
    const pom = '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-security</artifactId></dependency></dependencies></project>';
    expect((await run({ 'pom.xml': pom })).status).toBe('pass');
    const django = await run({ 'requirements.txt': 'Django==5.1\n', 'app/settings.py': 'INSTALLED_APPS = [\n    "django.contrib.auth",\n]\n' });
    expect(django.status).toBe('pass');
  });

  it('ignores commented-out imports and imports in tests', async () => {
    const s = await run({
      'go.mod': 'module x\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n)\n',
      'main.go': 'package main\n\nimport (\n\t"github.com/gin-gonic/gin"\n\t// "github.com/golang-jwt/jwt/v5"\n)\n',
      'auth_test.go': 'package main\n\nimport "github.com/golang-jwt/jwt/v5"\n',
    });
    expect(s.status).toBe('fail');
  });
});
