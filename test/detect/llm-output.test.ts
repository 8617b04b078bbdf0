import { describe, expect, it } from 'vitest';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { runDetector } from '../helpers/detector-harness.js';

const JS_PKG = { 'package.json': '{"dependencies":{"openai":"4","ai":"4","@ai-sdk/openai":"1","zod":"3"}}' };
const PY_REQ = { 'requirements.txt': 'openai\nanthropic\npydantic\n' };
const run = async (files: Record<string, string>) => {
  const s = await runDetector(llmDetector, files);
  return { v: s.get('llm.output-validation')!, h: s.get('llm.output-handling')! };
};

describe('llm.output-validation', () => {
  it('passes with the schema inside the call (zodResponseFormat / generateObject / response_model)', async () => {
    const js = await run({ ...JS_PKG, 'src/a.ts': [
      "import OpenAI from 'openai';", "import { zodResponseFormat } from 'openai/helpers/zod';", 'const openai = new OpenAI();',
      'export async function f(x: string) {', '  const r = await openai.chat.completions.create({ model: "m", messages: [], response_format: zodResponseFormat(S, "s") });',
      '  return r.choices[0].message.content;', '}'].join('\n') });
    expect(js.v.status).toBe('pass');
    expect(js.v.confidence).toBe('high');
    const obj = await run({ ...JS_PKG, 'src/b.ts': "import { generateObject } from 'ai';\nexport const f = async () => (await generateObject({ model, schema: S, prompt: 'p' })).object;\n" });
    expect(obj.v.status).toBe('pass');
    const py = await run({ 'requirements.txt': 'openai\ninstructor\n', 'a.py': 'import instructor\nfrom openai import OpenAI\nclient = instructor.from_openai(OpenAI())\n\ndef f(t):\n    return client.chat.completions.create(model="m", response_model=Invoice, messages=[])\n' });
    expect(py.v.status).toBe('pass');
  });

  it('passes (medium) when the result is schema-parsed in the same function', async () => {
    const s = await run({ ...PY_REQ, 'a.py': [
      'from openai import OpenAI', 'client = OpenAI()', '', 'def f(t):',
      '    resp = client.chat.completions.create(model="m", messages=[])',
      '    return Answer.model_validate_json(resp.choices[0].message.content)', ''].join('\n') });
    expect(s.v.status).toBe('pass');
    expect(s.v.confidence).toBe('medium');
    expect(s.h.status).toBe('pass');
  });

  it('fails with the share when some call sites are unvalidated, evidence for both', async () => {
    const s = await run({ ...JS_PKG, 'src/a.ts': [
      "import { generateObject, generateText } from 'ai';",
      'export async function good() {', '  return generateObject({ model, schema: S, prompt: "p" });', '}',
      'export async function bad() {', '  const { text } = await generateText({ model, prompt: "p" });', '  await db.insert(notes).values({ text });', '}'].join('\n') });
    expect(s.v.status).toBe('fail');
    expect(s.v.summary).toMatch(/^1 of 2 model call/);
    expect(s.v.evidence.map((e) => e.line)).toEqual([6, 3]);
    expect(s.v.details).toMatchObject({ calls: 2, unvalidated: 1 });
  });

  it('is unknown when raw text is returned to a caller that cannot be found, and judges it where a caller is found', async () => {
    const lib = "import { generateText } from 'ai';\nexport async function ask(p: string) {\n  const { text } = await generateText({ model, prompt: p });\n  return text;\n}\n";
    const alone = await run({ ...JS_PKG, 'src/ask.ts': lib });
    expect(alone.v.status).toBe('unknown');
    expect(alone.v.summary).toMatch(/return free text to callers that were not found/);
    const used = await run({ ...JS_PKG, 'src/ask.ts': lib, 'src/use.ts': "import { ask } from './ask';\nexport async function plan() {\n  const raw = await ask('plan');\n  return Plan.parse(JSON.parse(raw));\n}\n" });
    expect(used.v.status).toBe('pass');
    expect(used.v.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['src/use.ts:3', 'src/ask.ts:3']);
  });

  it('is unknown, not pass, when only a guardrails library is present', async () => {
    const s = await run({ 'requirements.txt': 'openai\nguardrails-ai\n', 'guard.py': 'from guardrails import Guard\n', 'a.py': 'from openai import OpenAI\nc = OpenAI()\n\ndef f():\n    return c.chat.completions.create(model="m", messages=[])\n' });
    expect(s.v.status).toBe('unknown');
  });

  it('grades LangChain4j AI services by return type', async () => {
    const pom = '<project><dependencies><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j</artifactId></dependency></dependencies></project>';
    const typed = await run({ 'pom.xml': pom, 'src/main/java/a/Triage.java': 'package a;\nimport dev.langchain4j.service.UserMessage;\ninterface Triage {\n  @UserMessage("{{it}}")\n  Result triage(String t);\n}\n' });
    expect(typed.v.status).toBe('pass');
    const text = await run({ 'pom.xml': pom, 'src/main/java/a/Chat.java': 'package a;\nimport dev.langchain4j.service.UserMessage;\ninterface Chat {\n  @UserMessage("{{it}}")\n  String chat(String t);\n}\n' });
    expect(text.v.status).toBe('fail');
  });

  it('ignores model calls in tests and is not_applicable without an SDK', async () => {
    const s = await run({ ...PY_REQ, 'app.py': 'import anthropic\n', 'tests/test_a.py': 'def test():\n    r = client.messages.create(model="claude")  # anthropic\n    eval(r.content[0].text)\n' });
    expect(s.v.status).toBe('unknown');
    expect(s.h.status).toBe('unknown');
    const none = await run({ 'package.json': '{"dependencies":{"express":"4"}}', 'src/a.ts': 'JSON.parse(x);\n' });
    expect(none.v.status).toBe('not_applicable');
    expect(none.h.status).toBe('not_applicable');
  });
});

describe('llm.output-handling', () => {
  it('fails when model text reaches JSON.parse and raw HTML, with evidence at the sinks', async () => {
    const s = await run({ ...JS_PKG, 'app/page.tsx': [
      "import { generateText } from 'ai';",
      'export default async function Page() {',
      '  const { text } = await generateText({ model, prompt: "p" });',
      '  const data = JSON.parse(text);',
      '  return <div dangerouslySetInnerHTML={{ __html: data.html }} />;',
      '}'].join('\n') });
    expect(s.h.status).toBe('fail');
    expect(s.h.evidence.map((e) => [e.line, e.note?.split(' (')[0]])).toEqual([[4, 'model output → JSON parse without schema'], [5, 'model output → raw HTML']]);
  });

  it('accepts JSON.parse followed by a schema parse in the same function', async () => {
    const s = await run({ ...JS_PKG, 'src/m.ts': [
      "import OpenAI from 'openai';", 'const openai = new OpenAI();',
      'export async function m(t: string) {',
      '  const c = await openai.chat.completions.create({ model: "m", messages: [] });',
      '  const raw = JSON.parse(c.choices[0].message.content ?? "{}");',
      '  return Verdict.parse(raw);', '}'].join('\n') });
    expect(s.h.status).toBe('pass');
    expect(s.v.status).toBe('pass');
  });

  it('finds Python SQL f-strings, shell=True and mark_safe fed by model output', async () => {
    const s = await run({ ...PY_REQ, 'views.py': [
      'import subprocess', 'from openai import OpenAI', 'client = OpenAI()', '',
      'def ask(cur):',
      '    answer = client.chat.completions.create(model="m", messages=[])',
      '    where = answer.choices[0].message.content',
      '    cur.execute(f"SELECT * FROM t WHERE {where}")',
      '    subprocess.run(where, shell=True)',
      '    cur.execute("SELECT * FROM t WHERE id = %s", (where,))',
      '    return render("reports/answer.html")', ''].join('\n') });
    expect(s.h.status).toBe('fail');
    expect(s.h.evidence.map((e) => e.line)).toEqual([8, 9]);
  });

  it('finds a Go shell sink and does not flag a sanitised value', async () => {
    const go = await run({ 'go.mod': 'module x\n\nrequire github.com/anthropics/anthropic-sdk-go v0.2.0\n', 'a.go': [
      'package a', '', 'import "github.com/anthropics/anthropic-sdk-go"', '',
      'func Fix(ctx context.Context) error {',
      '\tmsg, err := client.Messages.New(ctx, params)',
      '\tif err != nil {', '\t\treturn err', '\t}',
      '\tcmd := msg.Content[0].Text',
      '\treturn exec.Command("sh", "-c", cmd).Run()', '}'].join('\n') });
    expect(go.h.status).toBe('fail');
    expect(go.h.evidence[0]?.line).toBe(11);
    const clean = await run({ ...JS_PKG, 'src/x.ts': [
      "import OpenAI from 'openai';",
      'export async function f(el: HTMLElement) {',
      '  const c = await openai.chat.completions.create({ model: "m", messages: [] });',
      '  const html = DOMPurify.sanitize(c.choices[0].message.content);',
      '  el.innerHTML = html;', '}'].join('\n') });
    expect(clean.h.status).toBe('pass');
  });

  it('does not flag a plain string that happens to share a tainted name', async () => {
    const s = await run({ ...PY_REQ, 'a.py': 'from openai import OpenAI\nc = OpenAI()\n\ndef f():\n    answer = c.chat.completions.create(model="m", messages=[])\n    return Markup("answer")\n' });
    expect(s.h.status).toBe('pass');
  });
});
