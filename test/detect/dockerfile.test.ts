import { describe, expect, it } from 'vitest';
import { dockerfileDetector, parseInstructions, pinStatus } from '../../source/detect/detectors/dockerfile.js';
import { runDetector } from '../helpers/detector-harness.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('dockerfile detector', () => {
  it('passes a multi-stage build with ARG-substituted tag and a non-root final USER', async () => {
    const df = [
      'ARG NODE_VERSION=20.11',
      `FROM node:\${NODE_VERSION}-alpine AS build`,
      'USER root',
      'RUN npm ci \\',
      '  # a comment inside a continuation',
      '  && npm run build',
      `FROM node:20.11-alpine@${DIGEST}`,
      'COPY --from=build /app /app',
      'USER root',
      'RUN chown -R node /app',
      'USER node',
      'CMD ["node", "/app/server.js"]',
    ].join('\n');
    const s = await runDetector(dockerfileDetector, { Dockerfile: df });
    expect(s.get('container.dockerfile')?.status).toBe('pass');
    const nr = s.get('container.nonroot');
    expect(nr?.status).toBe('pass');
    expect(nr?.evidence[0]).toMatchObject({ path: 'Dockerfile', line: 11 });
    const pin = s.get('container.pinned-base');
    expect(pin?.status).toBe('pass');
    expect(pin?.details).toMatchObject({ digest: 1, tag: 1 });
  });

  it('fails latest/untagged bases and a final stage without USER', async () => {
    const df = 'FROM python AS deps\nUSER app\nFROM deps\nFROM nginx:latest\nCOPY . /usr/share/nginx/html\n';
    const s = await runDetector(dockerfileDetector, { 'docker/web.Dockerfile': df });
    const nr = s.get('container.nonroot');
    expect(nr?.status).toBe('fail');
    expect(nr?.evidence[0]?.line).toBe(4);
    const pin = s.get('container.pinned-base');
    expect(pin?.status).toBe('fail');
    expect(pin?.evidence.map((e) => e.line)).toEqual([1, 4]);
  });

  it('inherits USER through FROM <stage> and accepts distroless :nonroot and scratch', async () => {
    const a = 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
    const b = 'FROM alpine:3.20 AS base\nUSER 10001:10001\nFROM base\nCMD ["x"]\n';
    const c = 'FROM scratch\nCOPY app /\nUSER 65532\n';
    const s = await runDetector(dockerfileDetector, { 'a/Dockerfile': a, 'b/Dockerfile': b, 'c/Containerfile': c });
    expect(s.get('container.nonroot')?.status).toBe('pass');
    expect(s.get('container.pinned-base')?.status).toBe('pass');
  });

  it('fails USER root / 0 as the last USER', async () => {
    const s = await runDetector(dockerfileDetector, { Dockerfile: 'FROM debian:12\nUSER app\nUSER 0:0\n' });
    expect(s.get('container.nonroot')?.status).toBe('fail');
  });

  it('is unknown for a plain Dockerfile without FROM', async () => {
    const s = await runDetector(dockerfileDetector, { Dockerfile: 'RUN echo hi\n' });
    expect(s.get('container.nonroot')?.status).toBe('unknown');
  });

  it('is unknown when the image comes from an ARG without default', async () => {
    const s = await runDetector(dockerfileDetector, { Dockerfile: 'ARG BASE\nFROM ${BASE}\nUSER app\n' });
    expect(s.get('container.pinned-base')?.status).toBe('unknown');
    expect(s.get('container.nonroot')?.status).toBe('pass');
  });

  it('is not applicable without Dockerfiles, and ignores fixtures and look-alikes', async () => {
    const s = await runDetector(dockerfileDetector, {
      'test/fixtures/bad/Dockerfile': 'FROM ubuntu\n',
      'Dockerfile.dockerignore': 'node_modules\n',
      'docs/Dockerfile.md': '# notes',
      'src/dockerfile.ts': 'export const USER = 1;\n',
      'deploy/Dockerfile.notes': 'remember to bump the base\n',
    });
    expect(s.get('container.dockerfile')?.status).toBe('not_applicable');
    expect(s.get('container.nonroot')?.status).toBe('not_applicable');
  });

  it('leaves Dockerfiles under examples/ and tests out, and says so', async () => {
    const s = await runDetector(dockerfileDetector, { 'examples/demo/Dockerfile': 'FROM ubuntu\n', 'test/e2e/Dockerfile': 'FROM node\n' });
    expect(s.get('container.nonroot')?.status).toBe('not_applicable');
    expect(s.get('container.dockerfile')?.summary).toBe('no Dockerfile (2 Dockerfiles in examples or tests ignored)');
    const shipped = await runDetector(dockerfileDetector, { Dockerfile: 'FROM debian:12\nUSER app\n', 'examples/demo/Dockerfile': 'FROM ubuntu\n' });
    expect(shipped.get('container.nonroot')?.status).toBe('pass');
  });

  it('parses heredocs and the escape directive', () => {
    const ins = parseInstructions('# escape=`\nFROM alpine:3.20\nRUN <<EOF\nUSER root\nEOF\nRUN echo a `\n  b\nUSER app\n');
    expect(ins.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'RUN', 'USER']);
    expect(ins[2]).toMatchObject({ line: 6, args: 'echo a  b' });
  });

  it('classifies image references', () => {
    expect(pinStatus('localhost:5000/app')).toBe('untagged');
    expect(pinStatus('localhost:5000/app:1.2')).toBe('tag');
    expect(pinStatus('node:lts')).toBe('floating');
    expect(pinStatus(`redis@${DIGEST}`)).toBe('digest');
  });
});
