import { describe, expect, it } from 'vitest';
import { authDetector } from '../../source/detect/detectors/auth.js';
import { dockerfileDetector } from '../../source/detect/detectors/dockerfile.js';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { analyseLines } from '../../source/detect/detectors/llm/lines.js';
import { mask } from '../../source/detect/detectors/usage/mask.js';
import { loggingDetector } from '../../source/detect/detectors/logging.js';
import { resilienceDetector } from '../../source/detect/detectors/resilience.js';
import { collectEnvFile, valuesIn } from '../../source/detect/detectors/secrets/env-files.js';
import { scanGenericLine } from '../../source/detect/detectors/secrets/generic.js';
import { isPlaceholderValue } from '../../source/detect/detectors/secrets/false-positives.js';
import { isTestPath, pathRole } from '../../source/detect/path-role.js';
import { runDetector } from '../helpers/detector-harness.js';

/**
 * Regressions found by scanning real public repositories: each case is a small
 * hand-written snippet with the shape that misled a detector there.
 */

describe('JVM package folders are not path roles', () => {
  it('reads com/example/demo and …/samples/… under src/main as application code', () => {
    expect(pathRole('src/main/java/com/example/demo/DemoApplication.java')).toBe('app');
    expect(pathRole('src/main/java/org/acme/samples/shop/ShopApplication.java')).toBe('app');
    expect(pathRole('service/src/main/kotlin/com/acme/test/Clock.kt')).toBe('app');
    expect(pathRole('src/test/java/com/example/demo/DemoApplicationTests.java')).toBe('test');
    expect(pathRole('src/integrationTest/java/com/acme/Flow.java')).toBe('test');
    expect(pathRole('examples/shop/src/main/java/com/acme/Shop.java')).toBe('example');
  });

  it('does not file a production class in a `test` package as a secrets test fixture', () => {
    expect(isTestPath('src/main/java/com/acme/test/Keys.java')).toBe(false);
    expect(isTestPath('src/test/java/com/acme/KeysTest.java')).toBe(true);
    expect(isTestPath('src/test/resources/application.yml')).toBe(true);
  });

  it('sees a Spring MVC app under a `samples` package as a server with a cache', async () => {
    const files = {
      'build.gradle': "dependencies {\n  implementation 'org.springframework.boot:spring-boot-starter-webmvc'\n  implementation 'org.springframework.boot:spring-boot-starter-cache'\n}\n",
      'src/main/java/org/acme/samples/shop/CacheConfig.java': 'package org.acme.samples.shop;\n\nimport org.springframework.cache.annotation.EnableCaching;\n\n@EnableCaching\nclass CacheConfig {}\n',
      'src/main/java/org/acme/samples/shop/OwnerController.java': 'package org.acme.samples.shop;\n\nimport org.springframework.web.bind.annotation.GetMapping;\nimport org.springframework.stereotype.Controller;\n\n@Controller\nclass OwnerController {\n  @GetMapping("/owners")\n  String list() { return "owners"; }\n}\n',
    };
    const auth = await runDetector(authDetector, files);
    expect(auth.get('auth.library')?.status).toBe('fail');
    const res = await runDetector(resilienceDetector, files);
    expect(res.get('resilience.cache')?.status).toBe('pass');
    expect(res.get('resilience.rate-limit')?.status).toBe('fail');
  });

  it('takes Spring Boot 4\'s spring-boot-starter-webmvc as a server framework', async () => {
    const s = await runDetector(authDetector, { 'pom.xml': '<project><dependencies>\n<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-webmvc</artifactId></dependency>\n</dependencies></project>\n' });
    expect(s.get('auth.library')?.status).toBe('fail');
  });
});

describe('patterns that span wrapped call arguments', () => {
  const app = (decode: string) => ({
    'pyproject.toml': '[project]\ndependencies = ["fastapi", "pyjwt"]\n',
    'app/deps.py': `import jwt\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\ndef current_user(token: str):\n${decode}\n`,
  });

  it('sees jwt.decode with its key and algorithms on the following lines', async () => {
    const s = await runDetector(authDetector, app('    payload = jwt.decode(\n        token, settings.SECRET_KEY, algorithms=[ALGORITHM]\n    )\n    return payload'));
    expect(s.get('auth.library')?.status).toBe('pass');
    expect(s.get('auth.library')?.evidence.some((e) => e.path === 'app/deps.py' && e.line === 8)).toBe(true);
  });

  it('still refuses a decode that does not verify, and says why in a readable hint', async () => {
    const s = await runDetector(authDetector, app('    claims = jwt.decode(\n        token,\n        options={"verify_signature": False},\n    )\n    return claims'));
    expect(s.get('auth.library')?.status).toBe('unknown');
    expect(s.get('auth.library')?.summary).toContain('PyJWT (decode) imported, but a token verification call was not found');
  });

  it('does not borrow a verify call from several lines further down', async () => {
    const s = await runDetector(authDetector, app('    header = jwt.get_unverified_header(token)\n    kid = header["kid"]\n    alg = header["alg"]\n    print(kid, alg)\n    x = 1\n    return jwt.decode'));
    expect(s.get('auth.library')?.status).toBe('unknown');
  });
});

describe('model call sites', () => {
  const sites = (text: string, lang: 'js' | 'py') => {
    const file = { path: `a.${lang}`, base: `a.${lang}`, ext: `.${lang}`, size: text.length, tracked: true };
    return analyseLines({ file, text, lang, masked: mask(text, lang), lines: text.split('\n') }).filter((f) => f.kind === 'llm-call').map((c) => `${c.line}:${String(c.data?.validation)}`);
  };

  it('does not take a prompt template, a retriever or a tool executor for a model call', () => {
    const py = [
      'from langchain_core.prompts import ChatPromptTemplate',
      '',
      'async def answer(question, llm, retriever, tool_executor, action):',
      '    prompt = await rewrite_prompt.ainvoke({"q": question})',
      '    docs = await retriever.ainvoke(question)',
      '    observation = await tool_executor.ainvoke(action)',
      '    reply = await llm.ainvoke(prompt)',
      '    chained = await (template | llm).ainvoke({"q": question})',
      '    return reply, docs, observation, chained',
    ].join('\n');
    // Returned to the caller: judged where the caller uses it.
    expect(sites(py, 'py')).toEqual(['7:passed-on', '8:passed-on']);
  });

  it('counts AI SDK Output.array / Output.choice as a schema in the call', () => {
    const js = [
      "import { streamText, Output } from 'ai';",
      "import { z } from 'zod';",
      'export function suggest(model, text) {',
      '  const { partialOutputStream } = streamText({',
      '    model,',
      '    prompt: text,',
      '    output: Output.array({ element: z.object({ original: z.string(), suggested: z.string() }) }),',
      '  });',
      '  return partialOutputStream;',
      '}',
    ].join('\n');
    expect(sites(js, 'js')).toEqual(['4:in-call']);
  });

  it('a chat reply streamed straight to the client is not an unvalidated output: a person says whether it drives an action', async () => {
    const route = "import { streamText } from 'ai';\nexport async function POST(req) {\n  const { messages } = await req.json();\n  const result = streamText({ model, messages });\n  return result.toUIMessageStreamResponse();\n}\n";
    expect(sites(route, 'js')).toEqual(['4:shown']);
    const only = (await runDetector(llmDetector, { 'package.json': '{"dependencies":{"ai":"5"}}', 'app/api/chat/route.ts': route })).get('llm.output-validation');
    expect(only?.status).toBe('unknown');
    expect(only?.summary).toMatch(/send free text straight to the client/);
    // Beside an unvalidated call that parses JSON, it is still a fail, and the count says which is which.
    const parsed = "import { generateText } from 'ai';\nexport async function f(m) {\n  const { text } = await generateText({ model: m, prompt: 'p' });\n  return JSON.parse(text);\n}\n";
    const both = (await runDetector(llmDetector, { 'package.json': '{"dependencies":{"ai":"5"}}', 'app/api/chat/route.ts': route, 'lib/f.ts': parsed })).get('llm.output-validation');
    expect(both?.status).toBe('fail');
    expect(both?.summary).toMatch(/^0 of 2 model call\(s\) validate output, 1 of them sending a chat reply to the client;/);
  });

  it('says how many unvalidated calls the summary leaves out', async () => {
    const call = (n: number) => `export async function f${n}(m) {\n  const { text } = await generateText({ model: m, prompt: 'p' });\n  await save(text);\n}\n`;
    const s = await runDetector(llmDetector, {
      'package.json': '{"dependencies":{"ai":"5"}}',
      'src/a.ts': `import { generateText } from 'ai';\n${[1, 2, 3, 4, 5].map(call).join('')}`,
    });
    expect(s.get('llm.output-validation')?.status).toBe('fail');
    expect(s.get('llm.output-validation')?.summary).toMatch(/unvalidated \(used with no schema\) at src\/a\.ts:3, src\/a\.ts:7, src\/a\.ts:11 \(\+2 more\)$/);
  });
});

describe('dev-container images', () => {
  it('leaves a .devcontainer Dockerfile out of the production verdicts', async () => {
    const only = await runDetector(dockerfileDetector, { '.devcontainer/Dockerfile': 'ARG VARIANT=17\nFROM mcr.microsoft.com/devcontainers/java:${VARIANT}\nRUN apt-get update\n' });
    expect(only.get('container.dockerfile')?.status).toBe('not_applicable');
    expect(only.get('container.nonroot')?.status).toBe('not_applicable');
    expect(only.get('container.nonroot')?.summary).toBe('no Dockerfile (1 dev-container Dockerfile ignored)');
    const both = await runDetector(dockerfileDetector, {
      '.devcontainer/Dockerfile': 'FROM node:22\nRUN npm i -g pnpm\n',
      'Dockerfile': 'FROM node:22-alpine\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
    });
    expect(both.get('container.nonroot')?.status).toBe('pass');
    expect(both.get('container.dockerfile')?.summary).toBe('1 Dockerfile found (1 dev-container Dockerfile ignored)');
  });
});

describe('committed env files of project templates', () => {
  it('takes changethis / changeit as placeholders', () => {
    expect(isPlaceholderValue('changethis')).toBe(true);
    expect(isPlaceholderValue('change-this')).toBe(true);
    expect(isPlaceholderValue('changeit')).toBe(true);
    expect(isPlaceholderValue('c4ng3-th1s-Q9x')).toBe(false);
  });

  it('does not count plain settings (words, numbers, loopback URLs) as held values', () => {
    const text = '# dev defaults\nSTACK_ENV=development\nPROJECT_NAME="Shop Backend"\nSMTP_PORT=1025\nSMTP_TLS=False\nMAIL_UI=http://localhost:8025\nSECRET_KEY=changethis\nDB_PASSWORD=changethis\n';
    expect(valuesIn(text)).toEqual([]);
  });

  it('still counts real-looking values, and points the evidence at the secret-named key', () => {
    const text = 'STACK_ENV=development\nAPI_BASE=https://api.internal.acme.io\nSESSION_SECRET=Zq8vN2kLp0Wm4Rt7\n';
    expect(valuesIn(text).map((v) => v.key)).toEqual(['API_BASE', 'SESSION_SECRET']);
    const [f] = collectEnvFile({ path: '.env', base: '.env', ext: '', size: text.length, tracked: true }, text);
    expect(f?.line).toBe(3);
    expect(f?.excerpt).toMatch(/^SESSION_SECRET=/);
    expect(f?.excerpt).not.toContain('Zq8vN2kLp0Wm4Rt7');
  });
});

describe('fails without a manifest', () => {
  it('still carry evidence: the root that was searched', async () => {
    const s = await runDetector(loggingDetector, { 'hooks/post_tool.py': 'import json, sys\nfrom http.server import HTTPServer\nHTTPServer(("", 8000), None)\nprint(json.dumps({"ok": True}))\n' });
    const sig = s.get('logging.structured');
    expect(sig?.status).toBe('fail');
    expect(sig?.evidence).toEqual([{ path: '.', sha256: '', note: 'no package manifest; searched the source files' }]);
  });
});

describe('dependency versions under secret-sounding package names', () => {
  it('does not read a version as a token', () => {
    expect(scanGenericLine('    "tokenlens": "1.3.0-canary.5",', false)).toEqual([]);
    expect(scanGenericLine('    "secretlint": "^9.2.1",', false)).toEqual([]);
    expect(scanGenericLine('passkit-token = "v0.4.1+build.7"', true)).toEqual([]);
  });
  it('still flags a token that merely starts with digits', () => {
    expect(scanGenericLine('  "api_token": "1.3f9Kq2ZxW8pL0vN7",', false).map((h) => h.name)).toEqual(['api_token']);
  });
});
