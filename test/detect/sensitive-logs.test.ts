import { describe, expect, it } from 'vitest';
import { loggingDetector } from '../../source/detect/detectors/logging.js';
import { argumentCode } from '../../source/detect/detectors/usage/sensitive-logs.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(loggingDetector, files)).get('logging.sensitive');

describe('logging.sensitive', () => {
  it('fails on a password, a token in a template, a whole request body and request headers', async () => {
    const s = await run({
      'package.json': '{"dependencies":{"express":"4"}}',
      'src/server.ts': [
        "import express from 'express';",
        'const app = express();',
        "app.post('/login', async (req, res) => {",
        "  console.log('login attempt', req.body);",
        '  const { email, password } = req.body;',
        "  logger.info({ email, password }, 'user login');",
        '  console.log(`issued ${token}`);',
        "  console.log('headers', req.headers);",
        '});',
        'app.listen(3000);',
      ].join('\n'),
    });
    expect(s?.status).toBe('fail');
    expect(s?.evidence.map((e) => e.line)).toEqual([4, 6, 7, 8]);
    expect(s?.summary).toContain('request body');
    expect(s?.evidence.every((e) => e.severity === 'high')).toBe(true);
  });

  it('tracks a parsed body variable in an edge function and an f-string in Python', async () => {
    const edge = await run({ 'supabase/functions/chat/index.ts': "Deno.serve(async (req) => {\n  const body = await req.json();\n  console.log('Request:', JSON.stringify(body));\n  return new Response('ok');\n});\n" });
    expect(edge?.status).toBe('fail');
    const py = await run({ 'requirements.txt': 'fastapi\n', 'app/main.py': 'import logging\nfrom fastapi import FastAPI\nlogger = logging.getLogger(__name__)\napp = FastAPI()\n\ndef auth(api_key: str):\n    logger.info(f"checking key {api_key}")\n' });
    expect(py?.status).toBe('fail');
    expect(py?.evidence[0]?.line).toBe(7);
  });

  it('does not flag messages that mention secrets, tests of them, their length, or object keys', async () => {
    const s = await run({
      'package.json': '{"dependencies":{"express":"4"}}',
      'src/server.ts': [
        "import express from 'express';",
        'const app = express();',
        "console.log('Password reset email sent');",
        "console.log('token present:', !!token, token ? 'yes' : 'no', token.length);",
        "logger.warn({ password: '[redacted]', userId });",
        "console.error('Invalid token:', error.message);",
        "console.log('usage', usage.total_tokens, maxTokens);",
        "res.cookie('sid', sid);",
        'app.listen(3000);',
      ].join('\n'),
      'src/server.test.ts': "console.log('pw', password);\n",
    });
    expect(s?.status).toBe('unknown');
    expect(s?.evidence).toEqual([]);
  });

  it('is not applicable without application code', async () => {
    expect((await run({ 'main.tf': 'resource "x" "y" {}\n' }))?.status).toBe('not_applicable');
  });

  it('keeps interpolations and blanks string contents', () => {
    expect(argumentCode("('pw: ' + x, `t=${token}`)")).toMatch(/^\(\s+\+ x,\s+token\s+\)$/);
    expect(argumentCode('(f"key {api_key}", "password")')).toContain('api_key');
    expect(argumentCode('(f"key {api_key}", "password")')).not.toContain('password');
  });
});

describe('logging.sensitive: member chains', () => {
  it('does not flag a property read through a token object or a negated presence check', async () => {
    const s = await run({
      'supabase/functions/x/index.ts': [
        'Deno.serve(async (req) => {',
        "  console.error('mirror failed', { applicant_id: token.applicant_id });",
        "  console.log('Tokens received:', { hasAccessToken: !!tokens.access_token });",
        "  console.log('has auth_token:', !!mcpResult?.auth_token, typeof session.token);",
        "  console.log('session', cookie.sessionId);",
        "  return new Response('ok');",
        '});',
      ].join('\n'),
    });
    expect(s?.status).toBe('unknown');
    const leak = await run({ 'supabase/functions/x/index.ts': "Deno.serve(async (req) => {\n  console.log('tokens', tokens.access_token);\n  return new Response('ok');\n});\n" });
    expect(leak?.status).toBe('fail');
  });
});
