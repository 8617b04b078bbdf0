import type { Detector, Signal, SignalMeta } from '../types.js';
import { pathRole } from '../path-role.js';
import { hasApplicationCode, NO_APPLICATION, operationalAbsence } from './usage/applicability.js';
import { createUsageDetector, usageSignal, type UsageContext } from './usage/detector.js';
import { collectSensitiveLogs } from './usage/sensitive-logs.js';
import { SERVER_LIBS, SERVER_PATTERNS } from './usage/servers.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'logging.structured', title: 'Structured logging', passWhen: 'a structured logger is in use (pino, winston, structlog, loguru, zap, zerolog, slog, logback, serilog, …)' };
const SENSITIVE: SignalMeta = { id: 'logging.sensitive', title: 'Sensitive values in logs', passWhen: 'no password, token or whole request body is passed to a logger (fail-only)' };

/**
 * Fail-only: a logger call passing a secret-named value or a whole request body is
 * a finding; finding none proves nothing (serializers, redaction and what error
 * reporters attach cannot be read from call sites), so it is unknown, never a pass.
 */
function sensitiveSignal(ctx: UsageContext): Signal {
  const id = SENSITIVE.id;
  if (!hasApplicationCode(ctx)) return { id, ...NO_APPLICATION, confidence: 'high', evidence: [] };
  const hits = ctx.findings.filter((f) => f.kind === 'sensitive-log' && pathRole(f.path) === 'app' && ctx.place(f.path, 'sensitive') === 'runs');
  if (hits.length === 0) {
    return { id, status: 'unknown', confidence: 'low', summary: 'no logger call in application code passes a password, token, key or whole request body; redaction and error-reporter payloads cannot be read from call sites', evidence: [] };
  }
  const files = new Set(hits.map((f) => f.path));
  const kinds = [...new Set(hits.map((f) => String(f.data?.what)))];
  return {
    id, status: 'fail', confidence: 'medium',
    summary: `${hits.length} logger call${hits.length === 1 ? '' : 's'} in ${files.size} file${files.size === 1 ? '' : 's'} pass${hits.length === 1 ? 'es' : ''} sensitive values (${kinds.slice(0, 6).join(', ')})`,
    evidence: hits.slice(0, 12).map((f) => ({ ...ctx.evidence(f, `logs ${String(f.data?.what)}`), severity: 'high' as const })),
    details: { calls: hits.length, files: files.size, values: kinds },
  };
}

/**
 * Deliberate choices: Python's stdlib `logging` alone is plain text (not listed);
 * Go's `log/slog` is structured by design (stdlib, counts on import). Logback and
 * Log4j2 only emit structured records with a JSON encoder/layout, which is often
 * configured in the repo (logback.xml, log4j2.xml, Spring's `logging.structured`):
 * with that config they pass, without it they are a hint (unknown), not a fail,
 * because the layout may live in deployment config.
 */
const LIBS: Lib[] = [
  { name: 'pino', npm: ['pino', 'pino-http', 'nestjs-pino', 'express-pino-logger', 'hono-pino'] },
  { name: 'winston', npm: ['winston', 'nest-winston', 'express-winston'] },
  { name: 'bunyan', npm: ['bunyan'] },
  { name: 'roarr', npm: ['roarr'] },
  { name: 'tslog', npm: ['tslog'] },
  { name: 'LogTape', npm: ['@logtape/logtape'] },
  { name: 'Powertools Logger', npm: ['@aws-lambda-powertools/logger'], pypi: ['aws-lambda-powertools'], py: ['aws_lambda_powertools.logging', 'aws_lambda_powertools.Logger'] },
  { name: 'structlog', pypi: ['structlog'] },
  { name: 'loguru', pypi: ['loguru'] },
  { name: 'python-json-logger', pypi: ['python-json-logger'], py: ['pythonjsonlogger'], config: ['pythonjsonlogger'] },
  { name: 'json-logging', pypi: ['json-logging'] },
  { name: 'ecs-logging', pypi: ['ecs-logging'] },
  { name: 'logfire', pypi: ['logfire'] },
  { name: 'eliot', pypi: ['eliot'] },
  { name: 'zap', go: ['go.uber.org/zap'] },
  { name: 'zerolog', go: ['github.com/rs/zerolog'] },
  { name: 'slog', goImports: ['log/slog', 'golang.org/x/exp/slog'], stdlib: true },
  { name: 'logrus', go: ['github.com/sirupsen/logrus'] },
  { name: 'go-kit log', go: ['github.com/go-kit/log', 'github.com/go-kit/kit/log'] },
  { name: 'hclog', go: ['github.com/hashicorp/go-hclog'] },
  { name: 'apex/log', go: ['github.com/apex/log'] },
  { name: 'log15', go: ['github.com/inconshreveable/log15'] },
  { name: 'logstash-logback-encoder', maven: ['net.logstash.logback:logstash-logback-encoder'], jvm: ['net.logstash.logback'], config: ['net.logstash.logback'] },
  { name: 'logback ECS encoder', maven: ['co.elastic.logging:logback-ecs-encoder', 'co.elastic.logging:log4j2-ecs-layout'], config: ['co.elastic.logging'] },
  { name: 'Log4j2 JSON layout', maven: ['org.apache.logging.log4j:log4j-layout-template-json'], config: ['JsonTemplateLayout', '<JsonLayout', 'JsonLayout'] },
  { name: 'Logback/Log4j2 (no JSON layout found)', maven: ['ch.qos.logback:*', 'org.apache.logging.log4j:log4j-core', 'org.slf4j:*', 'io.github.oshai:kotlin-logging*', 'io.github.microutils:kotlin-logging*'], jvm: ['org.slf4j', 'ch.qos.logback', 'org.apache.logging.log4j', 'mu', 'io.github.oshai.kotlinlogging'], weak: true },
];

const PATTERNS: CodePattern[] = [
  // Spring Boot ≥ 3.4 writes ECS/Logstash/GELF JSON from one property.
  { id: 'spring-structured-logging', label: 'logging.structured.format', langs: ['config'], literal: ['structured'], regex: /logging\.structured\.format|^\s+structured:\s*$/, fileAlso: /logging\.structured\.format|\b(console|file):\s*(ecs|logstash|gelf)\b/ },
];

export const loggingDetector: Detector = createUsageDetector({
  id: 'logging',
  signals: [META, SENSITIVE],
  libs: [...LIBS, ...SERVER_LIBS],
  patterns: [...PATTERNS, ...SERVER_PATTERNS],
  reach: {},
  prefilter: ['console.', 'logger', 'log.', 'logging.', 'LOG', 'Log'],
  collectExtra: collectSensitiveLogs,
  evaluate: (ctx) => [
    usageSignal(ctx, {
      meta: META,
      what: 'structured logger',
      looked: 'pino, winston, bunyan, structlog, loguru, python-json-logger, zap, zerolog, slog, logrus, logback/log4j2 with a JSON encoder, …',
      absent: operationalAbsence(ctx, 'structured logger'),
    }),
    sensitiveSignal(ctx),
  ],
});
