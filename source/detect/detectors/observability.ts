import type { Detector, SignalMeta } from '../types.js';
import { operationalAbsence } from './usage/applicability.js';
import { createUsageDetector, usageSignal } from './usage/detector.js';
import { SERVER_LIBS, SERVER_PATTERNS } from './usage/servers.js';
import type { CodePattern, Lib } from './usage/spec.js';

const TRACING: SignalMeta = { id: 'observability.tracing', title: 'Distributed tracing', passWhen: 'distributed tracing (OpenTelemetry or a vendor tracer) is set up' };
const ERRORS: SignalMeta = { id: 'observability.errors', title: 'Error monitoring', passWhen: 'error monitoring (Sentry, Bugsnag, Rollbar, Datadog, …) is set up' };
const METRICS: SignalMeta = { id: 'observability.metrics', title: 'Application metrics', passWhen: 'application metrics are exported (Prometheus client, StatsD, Micrometer, …)' };

/**
 * Platform distros export all three: the Azure Monitor OpenTelemetry distro
 * (`configure_azure_monitor`, `useAzureMonitor`) and the Application Insights SDKs
 * send exceptions, metrics and traces to Application Insights.
 */
const AZURE_MONITOR: Lib[] = [
  {
    name: 'Azure Monitor / Application Insights',
    npm: ['@azure/monitor-opentelemetry', '@azure/monitor-opentelemetry-exporter', 'applicationinsights', '@microsoft/applicationinsights-web'],
    pypi: ['azure-monitor-opentelemetry', 'azure-monitor-opentelemetry-exporter', 'opencensus-ext-azure', 'applicationinsights'],
    py: ['azure.monitor.opentelemetry', 'opencensus.ext.azure', 'applicationinsights'],
    go: ['github.com/microsoft/ApplicationInsights-Go'],
    maven: ['com.microsoft.azure:applicationinsights-*', 'com.azure:azure-monitor-opentelemetry-*'],
    jvm: ['com.microsoft.applicationinsights', 'com.azure.monitor.opentelemetry'],
    config: ['applicationinsights-agent'],
  },
];

const tracing: Lib[] = [
  { name: 'OpenTelemetry', npm: ['@opentelemetry/*', '@vercel/otel', '@honeycombio/opentelemetry-node'], pypi: ['opentelemetry-*'], py: ['opentelemetry'], go: ['go.opentelemetry.io/otel', 'go.opentelemetry.io/contrib'], maven: ['io.opentelemetry:*', 'io.opentelemetry.instrumentation:*'], jvm: ['io.opentelemetry'] },
  { name: 'OpenTelemetry Spring Boot starter', maven: ['io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter'], autoUse: true },
  { name: 'Micrometer Tracing', maven: ['io.micrometer:micrometer-tracing-bridge-otel', 'io.micrometer:micrometer-tracing-bridge-brave', 'org.springframework.boot:spring-boot-starter-zipkin', 'org.springframework.boot:spring-boot-starter-opentelemetry'], jvm: ['io.micrometer.tracing'], autoUse: true },
  { name: 'Spring Cloud Sleuth', maven: ['org.springframework.cloud:spring-cloud-starter-sleuth'], autoUse: true },
  { name: 'Datadog APM', npm: ['dd-trace'], pypi: ['ddtrace'], go: ['gopkg.in/DataDog/dd-trace-go.v1', 'github.com/DataDog/dd-trace-go'], maven: ['com.datadoghq:dd-trace-api', 'com.datadoghq:dd-trace-ot'], jvm: ['datadog.trace'] },
  { name: 'New Relic', npm: ['newrelic'], pypi: ['newrelic'], go: ['github.com/newrelic/go-agent'], maven: ['com.newrelic.agent.java:*'], jvm: ['com.newrelic.api'] },
  { name: 'Elastic APM', npm: ['elastic-apm-node'], pypi: ['elastic-apm'], py: ['elasticapm'], go: ['go.elastic.co/apm'], maven: ['co.elastic.apm:*'], jvm: ['co.elastic.apm'] },
  { name: 'AWS X-Ray', npm: ['aws-xray-sdk', 'aws-xray-sdk-core', '@aws-lambda-powertools/tracer'], pypi: ['aws-xray-sdk'], py: ['aws_xray_sdk'], go: ['github.com/aws/aws-xray-sdk-go'], maven: ['com.amazonaws:aws-xray-recorder-sdk-core'], jvm: ['com.amazonaws.xray'] },
  { name: 'Jaeger/Zipkin/OpenTracing', npm: ['jaeger-client', 'zipkin', 'opentracing'], pypi: ['jaeger-client', 'opentracing', 'py-zipkin'], py: ['jaeger_client', 'opentracing', 'py_zipkin'], go: ['github.com/uber/jaeger-client-go', 'github.com/opentracing/opentracing-go', 'github.com/openzipkin/zipkin-go'], maven: ['io.zipkin.brave:*', 'io.opentracing:*'], jvm: ['brave', 'io.opentracing'] },
  { name: 'Logfire', pypi: ['logfire'] },
  { name: 'Google Cloud Trace', npm: ['@google-cloud/trace-agent', '@google-cloud/opentelemetry-cloud-trace-exporter'], pypi: ['google-cloud-trace', 'opentelemetry-exporter-gcp-trace'], py: ['google.cloud.trace', 'opentelemetry.exporter.cloud_trace'], go: ['github.com/GoogleCloudPlatform/opentelemetry-operations-go/exporter/trace'], maven: ['com.google.cloud.opentelemetry:exporter-trace'] },
  ...AZURE_MONITOR,
].map((l) => ({ ...l, group: 'tracing' }));

const errors: Lib[] = [
  { name: 'Sentry', npm: ['@sentry/*', 'raven', 'raven-js'], pypi: ['sentry-sdk', 'raven'], py: ['sentry_sdk', 'raven'], go: ['github.com/getsentry/sentry-go', 'github.com/getsentry/raven-go'], maven: ['io.sentry:*'], jvm: ['io.sentry'] },
  { name: 'Sentry Spring Boot starter', maven: ['io.sentry:sentry-spring-boot-starter*'], autoUse: true },
  { name: 'Bugsnag', npm: ['@bugsnag/*', 'bugsnag'], pypi: ['bugsnag'], go: ['github.com/bugsnag/bugsnag-go'], maven: ['com.bugsnag:*'], jvm: ['com.bugsnag'] },
  { name: 'Rollbar', npm: ['rollbar'], pypi: ['rollbar'], go: ['github.com/rollbar/rollbar-go'], maven: ['com.rollbar:*'], jvm: ['com.rollbar'] },
  { name: 'Honeybadger', npm: ['@honeybadger-io/*'], pypi: ['honeybadger'], go: ['github.com/honeybadger-io/honeybadger-go'], maven: ['io.honeybadger:*'], jvm: ['io.honeybadger'] },
  { name: 'Airbrake', npm: ['@airbrake/*', 'airbrake'], pypi: ['pybrake', 'airbrake'], go: ['github.com/airbrake/gobrake'], maven: ['io.airbrake:*'], jvm: ['io.airbrake'] },
  { name: 'Raygun', npm: ['raygun', 'raygun4js'], pypi: ['raygun4py'], maven: ['com.mindscapehq:*'], jvm: ['com.mindscapehq'] },
  { name: 'AppSignal', npm: ['@appsignal/*'], pypi: ['appsignal'], maven: [] },
  { name: 'Highlight', npm: ['@highlight-run/*'], pypi: ['highlight-io'], py: ['highlight_io'] },
  { name: 'TrackJS', npm: ['trackjs', 'trackjs-node'] },
  // APM agents report exceptions too (Datadog Error Tracking, New Relic errors inbox).
  { name: 'Datadog', npm: ['dd-trace'], pypi: ['ddtrace'], go: ['gopkg.in/DataDog/dd-trace-go.v1', 'github.com/DataDog/dd-trace-go'], maven: ['com.datadoghq:dd-trace-api'], jvm: ['datadog.trace'] },
  { name: 'New Relic', npm: ['newrelic'], pypi: ['newrelic'], go: ['github.com/newrelic/go-agent'], maven: ['com.newrelic.agent.java:*'], jvm: ['com.newrelic.api'] },
  { name: 'Elastic APM', npm: ['elastic-apm-node'], pypi: ['elastic-apm'], py: ['elasticapm'], go: ['go.elastic.co/apm'], maven: ['co.elastic.apm:*'], jvm: ['co.elastic.apm'] },
  { name: 'Google Cloud Error Reporting', npm: ['@google-cloud/error-reporting'], pypi: ['google-cloud-error-reporting'], py: ['google.cloud.error_reporting'], go: ['cloud.google.com/go/errorreporting'], maven: ['com.google.cloud:google-cloud-errorreporting'], jvm: ['com.google.cloud.errorreporting', 'com.google.devtools.clouderrorreporting'] },
  // PostHog is product analytics first: it monitors errors only with exception capture switched on.
  { name: 'PostHog exception capture', broad: true, npm: ['posthog-js', 'posthog-node', 'posthog-react-native'], pypi: ['posthog'], requires: 'posthog-exceptions' },
  ...AZURE_MONITOR,
].map((l) => ({ ...l, group: 'errors' }));

const metrics: Lib[] = [
  { name: 'Prometheus client', npm: ['prom-client', 'express-prom-bundle', 'prometheus-api-metrics', '@willsoto/nestjs-prometheus', 'fastify-metrics'], pypi: ['prometheus-client', 'prometheus-fastapi-instrumentator', 'prometheus-flask-exporter', 'django-prometheus', 'starlette-exporter'], py: ['prometheus_client', 'prometheus_fastapi_instrumentator', 'prometheus_flask_exporter', 'django_prometheus', 'starlette_exporter'], go: ['github.com/prometheus/client_golang'], maven: ['io.prometheus:*'], jvm: ['io.prometheus'] },
  { name: 'StatsD', npm: ['hot-shots', 'node-statsd', 'statsd-client', 'lynx'], pypi: ['statsd'], go: ['github.com/cactus/go-statsd-client', 'github.com/alexcesaro/statsd', 'github.com/smira/go-statsd'], maven: ['com.timgroup:java-statsd-client'], jvm: ['com.timgroup.statsd'] },
  { name: 'Datadog metrics', npm: ['datadog-metrics'], pypi: ['datadog'], py: ['datadog'], go: ['github.com/DataDog/datadog-go'], maven: ['com.datadoghq:java-dogstatsd-client'], jvm: ['com.timgroup.statsd', 'com.datadog'] },
  { name: 'Micrometer', maven: ['io.micrometer:micrometer-registry-*'], jvm: ['io.micrometer.core', 'io.micrometer.prometheus', 'io.micrometer.prometheusmetrics'], autoUse: true },
  { name: 'Micrometer core', maven: ['io.micrometer:micrometer-core'], jvm: ['io.micrometer.core.instrument'] },
  { name: 'Dropwizard Metrics', maven: ['io.dropwizard.metrics:*'], jvm: ['com.codahale.metrics'] },
  { name: 'OpenTelemetry metrics', npm: ['@opentelemetry/sdk-metrics', '@opentelemetry/exporter-prometheus', '@opentelemetry/exporter-metrics-otlp-http', '@opentelemetry/exporter-metrics-otlp-grpc'], pypi: ['opentelemetry-exporter-prometheus'], py: ['opentelemetry.sdk.metrics', 'opentelemetry.metrics', 'opentelemetry.exporter.prometheus'], go: ['go.opentelemetry.io/otel/sdk/metric', 'go.opentelemetry.io/otel/exporters/prometheus'], goImports: ['go.opentelemetry.io/otel/sdk/metric', 'go.opentelemetry.io/otel/metric', 'go.opentelemetry.io/otel/exporters/prometheus'] },
  { name: 'go-metrics', go: ['github.com/rcrowley/go-metrics', 'github.com/armon/go-metrics', 'github.com/hashicorp/go-metrics', 'github.com/VictoriaMetrics/metrics'] },
  { name: 'Google Cloud Monitoring', npm: ['@google-cloud/opentelemetry-cloud-monitoring-exporter'], pypi: ['google-cloud-monitoring', 'opentelemetry-exporter-gcp-monitoring'], py: ['google.cloud.monitoring_v3', 'opentelemetry.exporter.cloud_monitoring'], go: ['cloud.google.com/go/monitoring', 'github.com/GoogleCloudPlatform/opentelemetry-operations-go/exporter/metric'], maven: ['com.google.cloud:google-cloud-monitoring'], jvm: ['com.google.cloud.monitoring'] },
  ...AZURE_MONITOR,
].map((l) => ({ ...l, group: 'metrics' }));

const PATTERNS: CodePattern[] = [
  // Zero-code instrumentation lives in start commands, not imports.
  { id: 'otel-zero-code', label: 'zero-code tracing agent', group: 'tracing', langs: ['config'], literal: ['opentelemetry-instrument', 'auto-instrumentations-node/register', 'ddtrace-run', 'opentelemetry-javaagent', 'dd-java-agent', 'newrelic-admin', 'NODE_OPTIONS'],
    regex: /opentelemetry-instrument\b|auto-instrumentations-node\/register|ddtrace-run\b|-javaagent:\S*(opentelemetry|dd-java-agent|newrelic|elastic-apm)|newrelic-admin run-program/ },
  { id: 'sentry-tracing', label: 'Sentry tracing (tracesSampleRate / tracesSampler)', group: 'tracing', langs: ['js', 'py', 'go', 'java', 'kotlin', 'config'], literal: ['tracesSampler', 'traces_sampler', 'tracesSampleRate', 'traces_sample_rate', 'TracesSampleRate', 'traces-sample-rate', 'setTracesSampleRate'],
    regex: /\btracesSampler\s*[(:]|\btraces_sampler\s*=|\btracesSampleRate\s*[:=(]\s*(0?\.\d*[1-9]|1)|\btraces_sample_rate\s*=\s*(0?\.\d*[1-9]|1)|TracesSampleRate:\s*(0?\.\d*[1-9]|1)|traces-sample-rate:\s*(0?\.\d*[1-9]|1)|setTracesSampleRate\(\s*(0?\.\d*[1-9]|1)/ },
  { id: 'posthog-exceptions', group: 'aux', label: 'PostHog exception capture', langs: ['js', 'py'], literal: ['xception'],
    regex: /\bcaptureException\s*\(|\bcapture_exception\s*\(|\bcapture_exceptions\s*:\s*(?:true|\{)|\benableExceptionAutocapture\s*:\s*true|\benable_exception_autocapture\s*=\s*True/ },
  // ddtrace-run and `import ddtrace.auto` switch on tracing, error tracking and runtime metrics.
  { id: 'ddtrace-auto', label: 'ddtrace auto-instrumentation', group: 'tracing', langs: ['py', 'js'], literal: ['ddtrace', 'dd-trace'], regex: /^\s*import\s+ddtrace\.auto\b|\bddtrace\.patch_all\s*\(|\bpatch_all\s*\(|require\s*\(\s*["']dd-trace["']\s*\)\s*\.init\s*\(|\btracer\.init\s*\(/ },
  { id: 'spring-prometheus-endpoint', label: 'management endpoint prometheus exposed', group: 'metrics', langs: ['config'], literal: ['prometheus'], regex: /exposure\.include\s*[=:].*\bprometheus\b|include:.*\bprometheus\b/ },
];

const TRACERS = 'OpenTelemetry, Datadog, New Relic, Elastic APM, AWS X-Ray, Jaeger/Zipkin, Sentry tracing, …';

export const observabilityDetector: Detector = createUsageDetector({
  id: 'observability',
  signals: [TRACING, ERRORS, METRICS],
  libs: [...tracing, ...errors, ...metrics, ...SERVER_LIBS],
  patterns: [...PATTERNS, ...SERVER_PATTERNS],
  // Frontend error monitoring (Sentry in the browser bundle) is error monitoring; a browser is not a metrics exporter.
  reach: { browserCounts: ['errors'] },
  evaluate: (ctx) => [
    usageSignal(ctx, { meta: TRACING, group: 'tracing', what: 'distributed tracing', looked: TRACERS, absent: operationalAbsence(ctx, 'distributed tracing') }),
    usageSignal(ctx, { meta: ERRORS, group: 'errors', what: 'error monitoring', looked: 'Sentry, Bugsnag, Rollbar, Honeybadger, Airbrake, Raygun, Datadog, New Relic, Azure Monitor, Google Cloud Error Reporting, PostHog exception capture, …', absent: operationalAbsence(ctx, 'error monitoring') }),
    usageSignal(ctx, { meta: METRICS, group: 'metrics', what: 'metrics export', looked: 'prom-client, prometheus_client, client_golang, Micrometer, StatsD, Datadog, OpenTelemetry metrics, Azure Monitor, Google Cloud Monitoring, …', absent: operationalAbsence(ctx, 'metrics export') }),
  ],
});
