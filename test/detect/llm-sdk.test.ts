import { describe, expect, it } from 'vitest';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(llmDetector, files)).get('llm.sdk')!;

describe('llm.sdk', () => {
  it('finds SDKs across ecosystems', async () => {
    expect((await run({ 'package.json': '{"dependencies":{"@anthropic-ai/sdk":"0.30"}}', 'src/a.ts': "import Anthropic from '@anthropic-ai/sdk';\n" })).status).toBe('pass');
    expect((await run({ 'requirements.txt': 'google-genai\n', 'a.py': 'from google import genai\n' })).summary).toContain('Google Gemini');
    expect((await run({ 'go.mod': 'module x\n\nrequire github.com/sashabaranov/go-openai v1.35.6\n', 'a.go': 'package a\n\nimport openai "github.com/sashabaranov/go-openai"\n' })).status).toBe('pass');
    expect((await run({ 'build.gradle.kts': 'dependencies {\n  implementation("dev.langchain4j:langchain4j-open-ai:0.36.0")\n}\n', 'src/main/kotlin/A.kt': 'import dev.langchain4j.model.openai.OpenAiChatModel\n' })).status).toBe('pass');
  });

  it('is not_applicable when no SDK is anywhere', async () => {
    const s = await run({ 'package.json': '{"dependencies":{"express":"4"}}', 'src/a.ts': "import express from 'express';\n" });
    expect(s.status).toBe('not_applicable');
  });

  it('is unknown when declared but never imported, or only used in examples', async () => {
    expect((await run({ 'requirements.txt': 'openai==1.54\n', 'app.py': 'import os\n' })).status).toBe('unknown');
    const ex = await run({ 'examples/chat.py': 'import openai\n' });
    expect(ex.status).toBe('unknown');
    expect(ex.summary).toContain('examples');
  });

  it('does not count an SDK imported only in tests and declared only for development', async () => {
    const s = await run({ 'package.json': '{"devDependencies":{"openai":"4"}}', 'test/fake.test.ts': "import OpenAI from 'openai';\n" });
    expect(s.status).toBe('not_applicable');
  });

  it('needs bedrock-runtime before boto3 counts as an LLM SDK', async () => {
    expect((await run({ 'requirements.txt': 'boto3\n', 'a.py': 'import boto3\ns3 = boto3.client("s3")\n' })).status).toBe('not_applicable');
    expect((await run({ 'requirements.txt': 'boto3\n', 'a.py': 'import boto3\nbr = boto3.client("bedrock-runtime")\n' })).status).toBe('pass');
  });
});
