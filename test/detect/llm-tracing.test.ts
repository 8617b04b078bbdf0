import { describe, expect, it } from 'vitest';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(llmDetector, files)).get('llm.tracing')!;
const openaiApp = { 'package.json': '{"dependencies":{"openai":"4","langfuse":"3"}}', 'src/llm.ts': "import OpenAI from 'openai';\nexport const client = new OpenAI();\n" };

describe('llm.tracing', () => {
  it('passes with Langfuse imported next to the SDK', async () => {
    const s = await run({ ...openaiApp, 'src/trace.ts': "import { observeOpenAI } from 'langfuse';\n" });
    expect(s.status).toBe('pass');
  });

  it('passes for a Helicone proxy base URL without any tracing package', async () => {
    const s = await run({ 'requirements.txt': 'openai\n', 'llm.py': 'from openai import OpenAI\nclient = OpenAI(base_url="https://oai.helicone.ai/v1")\n' });
    expect(s.status).toBe('pass');
    expect(s.evidence[0]?.line).toBe(2);
  });

  it('fails when an SDK is used and no tracer is, and is unknown for a declared-only tracer', async () => {
    expect((await run({ ...openaiApp, 'package.json': '{"dependencies":{"openai":"4"}}' })).status).toBe('fail');
    expect((await run(openaiApp)).status).toBe('unknown');
  });

  it('treats LANGCHAIN_TRACING_V2 alone as a hint', async () => {
    const s = await run({ 'requirements.txt': 'langchain-openai\n', 'app.py': 'from langchain_openai import ChatOpenAI\n', 'docker-compose.yml': 'services:\n  app:\n    environment:\n      LANGCHAIN_TRACING_V2: "true"\n' });
    expect(s.status).toBe('unknown');
  });

  it('is not_applicable without an LLM SDK', async () => {
    expect((await run({ 'package.json': '{"dependencies":{"langfuse":"3"}}' })).status).toBe('not_applicable');
  });
});
