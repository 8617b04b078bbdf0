import { describe, expect, it } from 'vitest';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { runDetector } from '../helpers/detector-harness.js';

const ROUTE = `import { openai } from '@ai-sdk/openai';
import { streamText } from 'ai';

export async function POST(req: Request) {
  const { messages, persona, language } = await req.json();
  const result = streamText({
    model: openai('gpt-4o-2024-08-06'),
    system: \`You are \${persona}. Always answer in \${language}.\`,
    messages,
  });
  return result.toDataStreamResponse();
}
`;

describe('llm.prompt-injection-surface', () => {
  it('names a place once, with every request input that reaches it', async () => {
    const s = (await runDetector(llmDetector, { 'package.json': '{"dependencies":{"ai":"4","@ai-sdk/openai":"1"}}', 'app/api/chat/route.ts': ROUTE })).get('llm.prompt-injection-surface');
    expect(s?.status).toBe('fail');
    expect(s?.summary.match(/route\.ts:8/g)).toHaveLength(1);
    expect(s?.evidence).toHaveLength(1);
    expect(s?.evidence[0]?.note).toMatch(/request input \((persona, language|language, persona)\)/);
  });
});
