import { describe, expect, it } from 'vitest';
import { envNamesModelEndpoint, envNamesModelKey, matchEndpoint } from '../../source/detect/detectors/llm/endpoints.js';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { judgeModelId } from '../../source/detect/detectors/llm/model-ids.js';
import { moduleResolver } from '../../source/detect/detectors/llm/resolve.js';
import { packageOfSpecifier } from '../../source/detect/detectors/usage/imports.js';
import { observabilityDetector } from '../../source/detect/detectors/observability.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = (files: Record<string, string>) => runDetector(llmDetector, files);
/** A Flask-style app with an OpenAI client: its requirements and `app.py` from the handler lines given. */
const pyApp = (...handler: string[]) => ({ 'requirements.txt': 'openai==1.30.0\nflask\n', 'app.py': ['from openai import OpenAI', 'client = OpenAI(timeout=20)', ...handler].join('\n') });

describe('model endpoints', () => {
  it('knows provider hosts, AI gateways, local servers and OpenAI-shaped paths', () => {
    expect(matchEndpoint('https://ai.gateway.lovable.dev/v1/chat/completions')).toMatchObject({ name: 'Lovable AI Gateway', route: 'gateway', kind: 'chat' });
    expect(matchEndpoint('https://openrouter.ai/api/v1/chat/completions')?.route).toBe('gateway');
    expect(matchEndpoint('https://gateway.ai.cloudflare.com/v1/acc/gw/openai/chat/completions')?.name).toBe('Cloudflare AI Gateway');
    expect(matchEndpoint('https://my-res.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-06-01')?.name).toBe('Azure OpenAI');
    expect(matchEndpoint('https://bedrock-runtime.us-east-1.amazonaws.com/model/x/converse')?.name).toBe('Amazon Bedrock');
    expect(matchEndpoint('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent')?.name).toBe('Google Gemini');
    expect(matchEndpoint('http://localhost:11434/api/chat')?.route).toBe('local');
    expect(matchEndpoint('https://api.openai.com/v1/embeddings')?.kind).toBe('embedding');
    expect(matchEndpoint('\u0000/v1/chat/completions')?.route).toBe('compatible');
  });

  it('does not take the app\'s own routes or Ollama-looking paths elsewhere for a model', () => {
    expect(matchEndpoint('/api/chat')).toBeNull();
    expect(matchEndpoint('/v1/chat/completions')).toBeNull();
    expect(matchEndpoint('https://example.com/api/generate')).toBeNull();
    expect(matchEndpoint('http://localhost:11434/')).toBeNull();
  });

  it('reads environment variable names that say they hold a model endpoint or key', () => {
    expect(envNamesModelEndpoint('OPENAI_BASE_URL')).toBeTruthy();
    expect(envNamesModelEndpoint('AI_GATEWAY_URL')).toBe('AI gateway');
    expect(envNamesModelEndpoint('LLM_API_URL')).toBeTruthy();
    expect(envNamesModelEndpoint('API_URL')).toBeNull();
    expect(envNamesModelEndpoint('OPENAI_API_KEY')).toBeNull();
    expect(envNamesModelKey('OPENAI_API_KEY')).toBe(true);
    expect(envNamesModelKey('LOVABLE_API_KEY')).toBe(true);
    expect(envNamesModelKey('STRIPE_SECRET_KEY')).toBe(false);
  });

  it('reads URL and registry specifiers as package names', () => {
    expect(packageOfSpecifier('npm:openai@4.67.0')).toBe('openai');
    expect(packageOfSpecifier('https://esm.sh/@google/generative-ai@0.21.0')).toBe('@google/generative-ai');
    expect(packageOfSpecifier('https://esm.sh/v135/@anthropic-ai/sdk@0.30.0/resources')).toBe('@anthropic-ai/sdk');
    expect(packageOfSpecifier('https://deno.land/x/openai@v4.20.1/mod.ts')).toBe('openai');
    expect(packageOfSpecifier('jsr:@std/http@1')).toBe('@std/http');
    expect(packageOfSpecifier('https://example.com/lib.js')).toBeNull();
  });
});

describe('model ids', () => {
  it('tells dated snapshots from floating aliases, per provider', () => {
    const pinned = (id: string) => judgeModelId(id)?.pinned;
    expect(pinned('gpt-4o-2024-08-06')).toBe(true);
    expect(pinned('gpt-4o')).toBe(false);
    expect(pinned('openai/gpt-5-mini')).toBe(false);
    expect(pinned('claude-3-5-sonnet-20241022')).toBe(true);
    expect(pinned('claude-3-5-sonnet-latest')).toBe(false);
    expect(pinned('claude-sonnet-4-5')).toBe(false);
    expect(pinned('google/gemini-2.5-flash')).toBe(true);
    expect(pinned('gemini-1.5-flash')).toBe(false);
    expect(pinned('gemini-1.5-flash-002')).toBe(true);
    expect(pinned('gemini-3-flash-preview')).toBe(false);
    expect(pinned('anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe(true);
    expect(pinned('mistral-large-latest')).toBe(false);
    expect(pinned('mistral-large-2411')).toBe(true);
    expect(judgeModelId('text-embedding-3-small')).toBeNull();
    expect(judgeModelId('my-finetune')).toBeNull();
  });

  it('reads the model a Python handler defaults to, not the ids its docstring mentions', async () => {
    const s = await run(
      pyApp(
        'def chat(request):',
        '    """Forwards a message.',
        '',
        '    {"model": "gpt-4o" (optional)}',
        '    """',
        '    data = request.get_json()',
        "    model = data.get('model', 'gpt-3.5-turbo')",
        "    client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'system', 'content': \"\"\"Summarise",
        '    the message."""}])',
        "    r = client.chat.completions.create(model=model, max_tokens=100, messages=[{'role': 'user', 'content': data['m']}])",
        '    return r.choices[0].message.content',
      ),
    );
    const p = s.get('llm.model-pinning');
    expect(p?.status).toBe('fail');
    expect(p?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['app.py:9', 'app.py:10']);
  });
});

describe('output-token caps', () => {
  it('fails a cap the request chooses, in Python and in TS, and passes one the server clamps', async () => {
    const s = await run({
      ...pyApp(
        'def chat(request):',
        '    data = request.get_json()',
        "    max_tokens = int(data.get('max_tokens', 150))",
        "    r = client.chat.completions.create(model='gpt-4o-2024-08-06', max_tokens=max_tokens, messages=[{'role': 'user', 'content': data['m'][:2000]}])",
        '    return r.choices[0].message.content',
        'def clamped(request):',
        '    data = request.get_json()',
        "    cap = min(int(data.get('max_tokens', 150)), 500)",
        "    r = client.chat.completions.create(model='gpt-4o-2024-08-06', max_tokens=cap, messages=[{'role': 'user', 'content': data['m'][:2000]}])",
        '    return r.choices[0].message.content',
      ),
      'package.json': '{"dependencies":{"openai":"4"}}',
      'src/api/chat.ts': [
        "import OpenAI from 'openai';",
        'const openai = new OpenAI({ timeout: 20000 });',
        'export async function POST(req: Request) {',
        '  const { prompt, maxTokens } = await req.json();',
        '  const { tokens } = Body.parse(await req.json());',
        "  await openai.chat.completions.create({ model: 'gpt-4o-2024-08-06', max_tokens: tokens, messages: [{ role: 'user', content: prompt.slice(0, 2000) }] });",
        "  const r = await openai.chat.completions.create({ model: 'gpt-4o-2024-08-06', max_tokens: maxTokens, messages: [{ role: 'user', content: prompt.slice(0, 2000) }] });",
        '  return Response.json(r.choices[0].message.content);',
        '}',
      ].join('\n'),
    });
    const t = s.get('llm.token-limits');
    expect(t?.status).toBe('fail');
    expect(t?.summary).toMatch(/2 of 4 take the cap from the request/);
    expect(t?.evidence.map((e) => `${e.path}:${e.line}`).sort()).toEqual(['app.py:6', 'src/api/chat.ts:7']);
  });
});

describe('token usage', () => {
  const call = "import OpenAI from 'openai';\nconst openai = new OpenAI({ timeout: 20000 });\nexport async function ask(q: string) {\n  const r = await openai.chat.completions.create({ model: 'gpt-4o-2024-08-06', max_tokens: 200, messages: [{ role: 'user', content: q }] });\n  return r.choices[0].message.content;\n}\n";
  it('counts a read of a response\'s usage, not a type or a column that declares token fields', async () => {
    const declared = await run({
      'package.json': '{"dependencies":{"openai":"4"}}',
      'src/ai.ts': call,
      'src/types.ts': 'export interface UsageRow {\n  input_tokens: number | null;\n  output_tokens: number | null;\n  totalTokens?: number;\n}\n',
    });
    expect(declared.get('llm.usage-tracking')?.status).toBe('fail');
    const read = await run({
      'package.json': '{"dependencies":{"openai":"4"}}',
      'src/ai.ts': call.replace('  return r.choices', '  await log({ tokens: r.usage?.total_tokens });\n  return r.choices'),
    });
    expect(read.get('llm.usage-tracking')?.status).toBe('pass');
    expect(read.get('llm.usage-tracking')?.evidence[0]).toMatchObject({ path: 'src/ai.ts', line: 5 });
    const py = await run(pyApp('def chat(q):', "    r = client.chat.completions.create(model='gpt-4o-2024-08-06', max_tokens=100, messages=[{'role': 'user', 'content': q[:2000]}]).model_dump()", "    log(r['usage']['total_tokens'])", "    return r['choices'][0]['message']['content']"));
    expect(py.get('llm.usage-tracking')?.evidence[0]).toMatchObject({ path: 'app.py', line: 5 });
  });
});

describe('module resolution for helper following', () => {
  const texts: Record<string, string> = {
    'web/package.json': '{ "name": "web" }',
    'api/tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@llm/*": ["lib/llm/*"] } } }',
  };
  const resolve = moduleResolver(['supabase/functions/_shared/ai.ts', 'web/package.json', 'web/src/lib/ai.ts', 'web/src/lib/index.ts', 'api/tsconfig.json', 'api/lib/llm/client.ts', 'backend/app/services/llm.py', 'backend/app/__init__.py', 'src/a.ts'], (p) => texts[p] ?? null);
  it('resolves JS through the reachability resolver (tsconfig paths included) and Python packages by path', () => {
    expect(resolve('api/routes/chat.ts', '@llm/client')).toBe('api/lib/llm/client.ts');
    expect(resolve('supabase/functions/x/index.ts', 'npm:openai@4')).toBeNull();
    expect(resolve('supabase/functions/x/index.ts', '../_shared/ai.ts')).toBe('supabase/functions/_shared/ai.ts');
    expect(resolve('web/src/pages/p.tsx', '@/lib/ai')).toBe('web/src/lib/ai.ts');
    expect(resolve('web/src/pages/p.tsx', '../lib')).toBe('web/src/lib/index.ts');
    expect(resolve('src/b.ts', './a.js')).toBe('src/a.ts');
    expect(resolve('backend/app/main.py', 'app.services.llm')).toBe('backend/app/services/llm.py');
    expect(resolve('backend/app/routes/x.py', '..services.llm')).toBe('backend/app/services/llm.py');
    expect(resolve('src/b.ts', 'openai')).toBeNull();
  });
});

describe('model calls by any route', () => {
  it('Lovable style: a gateway called with fetch from a shared helper, output JSON.parsed with fences stripped at each use', async () => {
    const s = await run({
      'supabase/functions/_shared/ai.ts': [
        "const GATEWAY = 'https://ai.gateway.lovable.dev/v1/chat/completions';",
        'export async function callAI(prompt: string): Promise<string> {',
        "  const r = await fetch(GATEWAY, { method: 'POST', headers: { Authorization: `Bearer ${Deno.env.get('LOVABLE_API_KEY')}` }, body: JSON.stringify({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: prompt }] }) });",
        '  const data = await r.json();',
        '  return data.choices[0].message.content;',
        '}',
      ].join('\n'),
      'supabase/functions/tag/index.ts': [
        "import { callAI } from '../_shared/ai.ts';",
        'Deno.serve(async (req) => {',
        '  const { text } = await req.json();',
        '  const raw = await callAI(text);',
        "  const tags = JSON.parse(raw.replace(/```json/g, '').replace(/```/g, ''));",
        '  return new Response(JSON.stringify(tags));',
        '});',
      ].join('\n'),
    });
    expect(s.get('llm.sdk')?.status).toBe('pass');
    expect(s.get('llm.sdk')?.summary).toBe('the code calls a model API: over HTTP to Lovable AI Gateway (AI gateway) (1 call site)');
    const v = s.get('llm.output-validation');
    expect(v?.status).toBe('fail');
    expect(v?.evidence.slice(0, 2).map((e) => `${e.path}:${e.line} ${e.note}`)).toEqual([
      'supabase/functions/tag/index.ts:4 model output from callAI(): free text parsed with JSON.parse/json.loads (not validated)',
      'supabase/functions/_shared/ai.ts:3 the model call whose output reaches supabase/functions/tag/index.ts:4',
    ]);
    expect(s.get('llm.output-handling')?.evidence[0]).toMatchObject({ path: 'supabase/functions/tag/index.ts', line: 5 });
  });

  it('follows output through two helpers in different files', async () => {
    const s = await run({
      'package.json': '{"dependencies":{"openai":"4"}}',
      'lib/model.ts': "import OpenAI from 'openai';\nconst openai = new OpenAI({ timeout: 20000 });\nexport async function complete(p: string) {\n  const r = await openai.chat.completions.create({ model: 'gpt-4o-2024-08-06', max_tokens: 200, messages: [{ role: 'user', content: p }] });\n  return r.choices[0].message.content ?? '';\n}\n",
      'lib/summary.ts': "import { complete } from './model';\nexport async function summarize(t: string) {\n  return complete(`Summarize: ${t}`);\n}\n",
      'app/run.ts': "import { summarize } from '../lib/summary';\nexport async function job(db, t: string) {\n  const s = await summarize(t);\n  eval(s);\n}\n",
    });
    const h = s.get('llm.output-handling');
    expect(h?.status).toBe('fail');
    expect(h?.evidence[0]).toMatchObject({ path: 'app/run.ts', line: 4 });
    expect(h?.evidence[0]?.note).toMatch(/eval\/exec \(call at lib\/model\.ts:4, via app\/run\.ts:3\)/);
    expect(s.get('llm.timeouts')?.status).toBe('pass');
    expect(s.get('llm.model-pinning')?.status).toBe('pass');
  });

  it('finds a fetch wrapper whose callers pass the model URL, and an env var named for the endpoint', async () => {
    const s = await run({
      'src/ai.ts': "const OPENROUTER = 'https://openrouter.ai/api/v1/chat/completions';\nasync function post(url: string, body: object) {\n  return fetch(url, { method: 'POST', body: JSON.stringify(body) });\n}\nexport async function ask(q: string) {\n  const res = await post(OPENROUTER, { model: 'openai/gpt-4o', messages: [{ role: 'user', content: q }] });\n  return res.json();\n}\n",
      'server/llm.py': 'import os\nimport httpx\n\nLLM_URL = os.environ["LLM_API_URL"]\n\ndef ask(q):\n    r = httpx.post(LLM_URL, json={"model": "m", "messages": [{"role": "user", "content": q}]}, timeout=30)\n    return r.json()["choices"][0]["message"]["content"]\n',
    });
    expect(s.get('llm.sdk')?.summary).toMatch(/over HTTP to OpenRouter \(AI gateway\) \(1 call site\)/);
    expect(s.get('llm.sdk')?.summary).toMatch(/over HTTP to Llm endpoint/);
  });

  it('is not fooled by pattern tables or a relative route named like a model API', async () => {
    const s = await run({
      'src/table.ts': "export const HOSTS = ['api.openai.com', 'ai.gateway.lovable.dev'];\n",
      'src/client.ts': "export async function send(m: string) {\n  return fetch('/api/chat', { method: 'POST', body: JSON.stringify({ model: 'x', messages: [m] }) });\n}\n",
    });
    expect(s.get('llm.sdk')?.status).toBe('not_applicable');
  });
});

describe('request-serving code', () => {
  it('counts edge functions, route handlers and Lambda handlers as serving requests', async () => {
    const edge = await runDetector(observabilityDetector, { 'supabase/functions/hello/index.ts': "Deno.serve(async () => new Response('hi'));\n" });
    expect(edge.get('observability.errors')?.status).toBe('fail');
    const next = await runDetector(observabilityDetector, { 'app/api/x/route.ts': 'export async function POST(req: Request) {\n  return Response.json({});\n}\n' });
    expect(next.get('observability.errors')?.status).toBe('fail');
    const lambda = await runDetector(observabilityDetector, { 'handler.py': 'def lambda_handler(event, context):\n    return {"statusCode": 200}\n' });
    expect(lambda.get('observability.errors')?.status).toBe('fail');
    const firebase = await runDetector(observabilityDetector, { 'functions/index.js': "const functions = require('firebase-functions');\nexports.api = functions.https.onRequest(app);\n" });
    expect(firebase.get('observability.errors')?.status).toBe('fail');
    // A detector's own pattern table names these shapes in strings and regexes: not a server.
    const table = await runDetector(observabilityDetector, { 'src/patterns.ts': "export const P = [{ literal: ['eventHandler(', 'firebase-functions'], regex: /\\bon(Request|Call)\\(/ }];\n" });
    expect(table.get('observability.errors')?.status).toBe('unknown');
    const lib = await runDetector(observabilityDetector, { 'src/api/client.ts': 'export function get() {\n  return 1;\n}\n' });
    expect(lib.get('observability.errors')?.status).toBe('unknown');
  });
});

describe('client bundles', () => {
  // A package built with Vite that calls a model from src/: an app shipped to browsers, or a library other packages import.
  const repo = (manifest: Record<string, unknown>) => ({
    'packages/ai/package.json': JSON.stringify({ name: '@acme/ai', private: true, type: 'module', ...manifest, dependencies: { ai: '5.0.0' }, devDependencies: { vite: '6.0.0' } }, null, 2),
    'packages/ai/src/object.ts': "import { generateText } from 'ai';\nexport const run = async (model: never, prompt: string) => (await generateText({ model, prompt })).text;\n",
  });

  it('fails a Vite app that calls the model from its source, and passes a library that publishes its build', async () => {
    expect((await run(repo({}))).get('llm.client-exposure')?.status).toBe('fail');
    expect((await run(repo({ main: './dist/index.js', exports: { '.': { import: './dist/index.js' } } }))).get('llm.client-exposure')?.status).toBe('pass');
    expect((await run(repo({ module: 'dist/index.mjs' }))).get('llm.client-exposure')?.status).toBe('pass');
    // Expo's `main` names its entry module, not a build: still an app.
    expect((await run(repo({ main: 'expo-router/entry' }))).get('llm.client-exposure')?.status).toBe('fail');
  });

  it('passes a browser call authenticated with a key the server minted for the session, and fails one with a lasting key', async () => {
    const app = (auth: string) => ({
      'package.json': JSON.stringify({ name: 'talk', private: true, dependencies: { react: '18.0.0' }, devDependencies: { vite: '6.0.0' } }),
      'src/Talk.tsx': [
        "const REALTIME_URL = 'https://api.openai.com/v1/realtime/calls';",
        'export async function connect(sdp: string) {',
        "  const session = await fetch('/api/session', { method: 'POST' }).then((r) => r.json());",
        '  const clientSecret = session.client_secret.value;',
        `  const answer = await fetch(REALTIME_URL, { method: 'POST', body: sdp, headers: { Authorization: ${auth}, 'Content-Type': 'application/sdp' } });`,
        '  return answer.text();',
        '}',
      ].join('\n'),
    });
    const minted = (await run(app('`Bearer ${clientSecret}`'))).get('llm.client-exposure');
    expect(minted?.status).toBe('pass');
    expect(minted?.summary).toMatch(/1 browser call\(s\) use a key the server mints per session \(src\/Talk\.tsx:5\)/);
    const lasting = (await run(app('`Bearer ${import.meta.env.VITE_OPENAI_API_KEY}`'))).get('llm.client-exposure');
    expect(lasting?.status).toBe('fail');
    // A constant merely named like one is a key written into the bundle.
    const named = app('`Bearer ${clientSecret}`');
    named['src/Talk.tsx'] = named['src/Talk.tsx'].replace('session.client_secret.value', `'sk-proj-${'x'.repeat(40)}'`);
    expect((await run(named)).get('llm.client-exposure')?.status).toBe('fail');
  });
});
