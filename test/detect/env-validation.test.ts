import { describe, expect, it } from 'vitest';
import { envValidationDetector } from '../../source/detect/detectors/env-validation.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(envValidationDetector, files)).get('config.env-validation')!;

describe('config.env-validation', () => {
  it('passes for zod over process.env, envalid, pydantic-settings and envconfig', async () => {
    expect((await run({ 'src/env.ts': "import { z } from 'zod';\nexport const env = z.object({ A: z.string() }).parse(process.env);\n" })).status).toBe('pass');
    expect((await run({ 'package.json': '{"dependencies":{"envalid":"8"}}', 'src/env.ts': "import { cleanEnv, str } from 'envalid';\n" })).status).toBe('pass');
    expect((await run({ 'requirements.txt': 'pydantic-settings\n', 's.py': 'from pydantic_settings import BaseSettings\n' })).status).toBe('pass');
    expect((await run({ 'go.mod': 'module x\n\nrequire github.com/caarlos0/env/v11 v11.2.2\n', 'c.go': 'package c\n\nimport "github.com/caarlos0/env/v11"\n' })).status).toBe('pass');
  });

  it('a pattern table that mentions schema.parse(process.env) in a string is not validation', async () => {
    const table = "export const PATTERNS = [{ label: 'schema.parse(process.env)' }];\nexport const port = process.env.PORT;\n";
    expect((await run({ 'src/patterns.ts': table })).status).toBe('fail');
  });

  it('needs @Validated beside @ConfigurationProperties', async () => {
    const props = 'package a;\n@ConfigurationProperties(prefix = "x")\npublic record P(String a) {}\n';
    expect((await run({ 'src/main/java/a/P.java': props })).status).toBe('not_applicable');
    expect((await run({ 'src/main/java/a/P.java': `@Validated\n${props}` })).status).toBe('pass');
  });

  it('fails with the raw reads as evidence when env is read without a schema', async () => {
    const s = await run({ 'app.py': 'import os\nDEBUG = os.environ.get("DEBUG")\n' });
    expect(s.status).toBe('fail');
    expect(s.evidence[0]).toMatchObject({ path: 'app.py', line: 2 });
  });

  it('a variable named in a string is not a read', async () => {
    const build = "await build({ define: { 'process.env.NODE_ENV': '\"production\"' } });\nconsole.log('set os.getenv(\"HOME\") first');\n";
    expect((await run({ 'scripts/build.ts': build })).status).toBe('not_applicable');
    expect((await run({ 'scripts/build.ts': `${build}export const mode = process.env.MODE;\n` })).evidence.map((e) => e.line)).toEqual([3]);
  });

  it('a build mode the bundler fills in is not configuration; any other read next to it is', async () => {
    const modes = "if (process.env.NODE_ENV === 'development') console.debug('x');\nexport const dev = import.meta.env.DEV && import.meta.env.MODE !== 'test';\n";
    expect((await run({ 'src/debug.tsx': modes })).status).toBe('not_applicable');
    const s = await run({ 'src/debug.tsx': `${modes}export const url = import.meta.env.VITE_API_URL;\nconst { NODE_ENV, PORT } = process.env;\n` });
    expect(s.status).toBe('fail');
    expect(s.evidence.map((e) => e.line)).toEqual([3, 4]);
  });

  it('treats python-decouple and viper as hints, and no env reads as not_applicable', async () => {
    expect((await run({ 'requirements.txt': 'python-decouple\n', 's.py': 'from decouple import config\n' })).status).toBe('unknown');
    expect((await run({ 'src/a.ts': 'export const a = 1;\n' })).status).toBe('not_applicable');
  });
});
