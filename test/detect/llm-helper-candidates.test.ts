import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { CANDIDATE_KIND, expandCandidates } from '../../source/detect/detectors/llm/helper-candidates.js';
import { moduleResolver } from '../../source/detect/detectors/llm/resolve.js';
import { analyseJs } from '../../source/detect/detectors/llm/js-ast.js';
import { parseJs } from '../../source/detect/detectors/llm/js-parse.js';
import { candidateMarker } from '../../source/detect/detectors/llm/helper-candidates.js';
import type { FileEntry, Finding } from '../../source/detect/types.js';

const entry = (p: string, text: string): FileEntry => ({ path: p, base: path.posix.basename(p), ext: path.posix.extname(p), size: text.length, tracked: true });

const TREE: Record<string, string> = {
  'src/lib/ai.ts': [
    "import OpenAI from 'openai';",
    'const openai = new OpenAI();',
    'export async function ask(q: string) {',
    "  const r = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });",
    '  return r.choices[0].message.content;',
    '}',
  ].join('\n'),
  // Calls the model helper and hands its result on: a helper of a helper.
  'src/lib/summary.ts': "import { ask } from './ai';\nexport async function summary(t: string) {\n  return await ask(`Summarise ${t}`);\n}\n",
  'src/pages/report.ts': "import { summary } from '../lib/summary';\nexport async function render(el, t: string) {\n  const s = await summary(t);\n  el.innerHTML = s;\n}\n",
  // Calls a helper that has nothing to do with a model.
  'src/pages/date.ts': "import { format } from '../lib/dates';\nexport async function show(d: Date) {\n  const s = await format(d);\n  return s;\n}\n",
  'src/lib/dates.ts': 'export async function format(d: Date) {\n  return d.toISOString();\n}\n',
  // Outside application code: the join never reads it.
  'test/report.test.ts': "import { summary } from '../src/lib/summary';\nit('x', async () => {\n  const s = await summary('t');\n  expect(s).toBeTruthy();\n});\n",
};

function collectAll(tree: Record<string, string>): Finding[] {
  return Object.keys(tree)
    .sort()
    .flatMap((p) => llmDetector.collect(entry(p, tree[p] as string), tree[p] as string));
}

describe('helper candidates', () => {
  it('are marked at collect time, not parsed, unless the file could make a model call or define a tool', () => {
    const marked = llmDetector.collect(entry('src/pages/report.ts', TREE['src/pages/report.ts'] as string), TREE['src/pages/report.ts'] as string);
    expect(marked.map((f) => f.kind)).toEqual([CANDIDATE_KIND]);
    expect(marked[0]?.data?.['specs']).toBe('../lib/summary');

    // Naming a provider is not a model call: a page that only shows what a helper returns waits too.
    const page = "// Answers come from Gemini.\nimport { answer } from '@/lib/answer';\nexport async function Card(q: string) {\n  const a = await answer(q);\n  return a;\n}\n";
    const named = llmDetector.collect(entry('src/pages/card.ts', page), page);
    expect(named.map((f) => [f.kind, f.data?.['sdk']])).toEqual([[CANDIDATE_KIND, true]]);
    // With a model call in sight it is parsed now.
    const caller = `${page}export async function direct(ai) {\n  return ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });\n}\n`;
    expect(llmDetector.collect(entry('src/pages/card.ts', caller), caller).map((f) => f.kind)).toContain('llm-call');

    // A tool definition (no model library named in the file) is read now: its facts do not depend on any helper.
    const tools = "import { load } from './db';\nexport const lookup = createTool({ id: 'lookup', execute: async ({ q }) => await load(q) });\n";
    const kinds = llmDetector.collect(entry('src/tools.ts', tools), tools).map((f) => f.kind);
    expect(kinds).toContain('llm-tool');
    expect(kinds).not.toContain(CANDIDATE_KIND);
  });

  it('are parsed at evaluate time only when they import code that returns model output, through helpers of helpers', () => {
    const findings = collectAll(TREE);
    const files = Object.keys(TREE).map((p) => entry(p, TREE[p] as string));
    const reads: string[] = [];
    const readText = (p: string) => {
      reads.push(p);
      return TREE[p] ?? null;
    };
    const { findings: out, notKept } = expandCandidates(findings, files, readText, moduleResolver(Object.keys(TREE), readText), 1000);
    const parsed = reads.filter((p) => p.endsWith('.ts') && !p.endsWith('tsconfig.json'));
    expect(parsed.sort()).toEqual(['src/lib/summary.ts', 'src/pages/report.ts']);
    expect(out.some((f) => f.kind === CANDIDATE_KIND)).toBe(false);
    // The facts sit where collect would have put them: in path order.
    const paths = out.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(out.filter((f) => f.kind === 'llm-use').map((f) => `${f.path}:${f.line}`)).toEqual(['src/lib/summary.ts:3', 'src/pages/report.ts:3']);
    expect(out.some((f) => f.path.startsWith('test/') || f.path === 'src/pages/date.ts')).toBe(false);
    expect(notKept).toBeNull();
  });

  it('are not read at all when no code returns model output', () => {
    const tree = { ...TREE, 'src/lib/ai.ts': 'export async function ask(q: string) {\n  return q.toUpperCase();\n}\n' };
    const findings = collectAll(tree);
    expect(findings.filter((f) => f.kind === CANDIDATE_KIND).length).toBe(4);
    let reads = 0;
    const readText = (p: string) => {
      reads += 1;
      return tree[p as keyof typeof tree] ?? null;
    };
    const { findings: out } = expandCandidates(findings, Object.keys(tree).map((p) => entry(p, tree[p as keyof typeof tree])), readText, moduleResolver(Object.keys(tree), readText), 1000);
    expect(reads).toBe(0);
    expect(out.some((f) => f.kind === CANDIDATE_KIND)).toBe(false);
  });

  it('are only files whose syntax tree can say nothing but helper uses (every JS fixture, and the HTTP call forms)', () => {
    const root = path.join(import.meta.dirname, '..', 'fixtures', 'repos');
    const files: string[] = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(?:[cm]?[jt]sx?)$/.test(f)).map((f) => path.join(root, f));
    const texts = files.map((f) => [path.relative(root, f), readFileSync(f, 'utf8')] as const);
    // Calls a text screen could miss: generics, Nuxt's $fetch, a comment before the parenthesis.
    const call = "('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages }) })";
    for (const form of ['$fetch<any>', 'fetch<Reply>', 'fetch /* c */ ']) texts.push([`server/${form.length}.ts`, `export default async (messages: unknown[]) => {\n  const r = await ${form}${call};\n  return r;\n};\n`]);
    let checked = 0;
    for (const [rel, text] of texts) {
      for (const sdk of [true, false]) {
        if (!candidateMarker(entry(rel, text), text, sdk)) continue;
        const parsed = parseJs(rel, text);
        if (!parsed) continue;
        checked += 1;
        const kinds = new Set(analyseJs({ file: entry(rel, text), text, lines: text.split('\n'), sdkImported: sdk }, parsed).map((f) => f.kind));
        expect([...kinds].filter((k) => k !== 'llm-use' && k !== 'llm-sink'), rel).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('leave the judged sink where the helper chain ends', async () => {
    const { runDetector } = await import('../helpers/detector-harness.js');
    const s = await runDetector(llmDetector, TREE);
    const h = s.get('llm.output-handling');
    expect(h?.status).toBe('fail');
    expect(h?.evidence[0]).toMatchObject({ path: 'src/pages/report.ts', line: 4 });
  });
});
