import { describe, expect, it } from 'vitest';
import { loggingDetector } from '../../source/detect/detectors/logging.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(loggingDetector, files)).get('logging.structured')!;

describe('logging.structured', () => {
  it('passes for structlog declared in pyproject and imported', async () => {
    const s = await run({ 'pyproject.toml': '[project]\ndependencies = ["structlog>=24"]\n', 'app/log.py': 'import structlog\nlog = structlog.get_logger()\n' });
    expect(s.status).toBe('pass');
    expect(s.confidence).toBe('high');
  });

  it('passes for Go log/slog from the standard library without a manifest entry', async () => {
    const s = await run({ 'go.mod': 'module x\n', 'main.go': 'package main\n\nimport "log/slog"\n\nfunc main() { slog.Info("hi", "k", 1) }\n' });
    expect(s.status).toBe('pass');
    expect(s.confidence).toBe('high');
  });

  it('fails for plain Python logging (stdlib logging is not structured by itself)', async () => {
    const s = await run({ 'requirements.txt': 'flask\n', 'app.py': 'import logging\nlogging.basicConfig()\n' });
    expect(s.status).toBe('fail');
    expect(s.summary).toMatch(/no structured logger/);
  });

  it('passes for logback with the logstash encoder configured in logback.xml', async () => {
    const s = await run({
      'build.gradle': "dependencies {\n  implementation 'net.logstash.logback:logstash-logback-encoder:8.0'\n}\n",
      'src/main/resources/logback.xml': '<configuration>\n  <appender name="J" class="ch.qos.logback.core.ConsoleAppender">\n    <encoder class="net.logstash.logback.encoder.LogstashEncoder"/>\n  </appender>\n</configuration>\n',
    });
    expect(s.status).toBe('pass');
    expect(s.evidence.some((e) => e.path.endsWith('logback.xml') && e.line === 3)).toBe(true);
  });

  it('is unknown for plain SLF4J/logback without a JSON encoder (layout may live elsewhere)', async () => {
    const s = await run({
      'build.gradle.kts': 'dependencies {\n  implementation("ch.qos.logback:logback-classic:1.5.12")\n}\n',
      'src/main/kotlin/App.kt': 'import org.slf4j.LoggerFactory\nval log = LoggerFactory.getLogger("x")\n',
      'src/main/resources/logback.xml': '<configuration>\n  <!-- <encoder class="net.logstash.logback.encoder.LogstashEncoder"/> -->\n</configuration>\n',
    });
    expect(s.status).toBe('unknown');
  });

  it('does not count a logger used only in tests', async () => {
    const s = await run({ 'package.json': '{"dependencies": {"express": "5"}, "devDependencies": {"pino": "9"}}', 'src/app.ts': "import express from 'express';\n", 'test/log.test.ts': "import pino from 'pino';\n" });
    expect(s.status).toBe('fail');
  });

  it('asks a person instead of failing when nothing serves requests (a CLI or a library may need no logger; a worker does)', async () => {
    const s = await run({ 'package.json': '{"bin": {"fixit": "cli.js"}, "dependencies": {"commander": "14"}}', 'cli.js': "import { program } from 'commander';\nconsole.log('done');\n" });
    expect(s.status).toBe('unknown');
    expect(s.summary).toMatch(/nothing here serves requests/);
  });
});
