import type { Detector, SignalMeta } from '../types.js';
import { createUsageDetector, usageSignal } from './usage/detector.js';
import { SERVER_LIBS, SERVER_PATTERNS, servesRequests } from './usage/servers.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'health.endpoint', title: 'Health endpoint', passWhen: 'the service exposes a health/readiness endpoint' };

const LIBS: Lib[] = [
  { name: 'terminus', npm: ['@godaddy/terminus', '@nestjs/terminus', 'lightship', 'express-healthcheck', 'fastify-healthcheck', '@fastify/under-pressure'] },
  { name: 'django-health-check', pypi: ['django-health-check'], py: ['health_check'] },
  { name: 'Python health libraries', pypi: ['fastapi-health', 'py-healthcheck', 'flask-healthz', 'healthcheck'], py: ['fastapi_health', 'healthcheck', 'flask_healthz'] },
  { name: 'gRPC health service', broad: true, go: ['google.golang.org/grpc'], goImports: ['google.golang.org/grpc/health'], pypi: ['grpcio-health-checking'], py: ['grpc_health'], maven: ['io.grpc:grpc-services'], jvm: ['io.grpc.health', 'io.grpc.protobuf.services.HealthStatusManager'], npm: ['grpc-health-check'] },
  { name: 'Go health libraries', go: ['github.com/hellofresh/health-go', 'github.com/alexliesenfeld/health', 'github.com/heptiolabs/healthcheck', 'github.com/AppsFlyer/go-sundheit', 'github.com/InVisionApp/go-health'] },
  // Actuator and SmallRye Health serve /actuator/health or /q/health as soon as they are on the classpath.
  { name: 'Spring Boot Actuator', maven: ['org.springframework.boot:spring-boot-starter-actuator'], jvm: ['org.springframework.boot.actuate'], autoUse: true },
  { name: 'SmallRye/MicroProfile Health', maven: ['io.quarkus:quarkus-smallrye-health', 'io.smallrye:smallrye-health', 'org.eclipse.microprofile.health:*'], jvm: ['org.eclipse.microprofile.health'], autoUse: true },
  { name: 'Micronaut management', maven: ['io.micronaut:micronaut-management'], autoUse: true },
  ...SERVER_LIBS,
];

const HEALTH_WORD = '(?:_?health(?:z|check|-check|_check)?|livez|readyz|livenessz?|readiness|liveness|ready|alive|status/health)';
const ROUTE = new RegExp(`["'\`](?:/[\\w.-]+)*/${HEALTH_WORD}/?["'\`?]|["'\`]${HEALTH_WORD}/["'\`]`);

const PATTERNS: CodePattern[] = [
  { id: 'health-route', label: 'health route', langs: ['js', 'py', 'go', 'java', 'kotlin'], literal: ['health', 'livez', 'readyz', 'ready', 'alive', 'liveness', 'readiness'], regex: ROUTE },
  // File-system routing: app/api/health/route.ts, pages/api/healthz.ts, routes/health.ts (SvelteKit/Remix).
  { id: 'health-route-file', label: 'health route file', langs: ['js', 'py'], literal: ['GET', 'export', 'def ', 'handler'], regex: /^\s*export\s+(async\s+)?(function|const)\s+(GET|HEAD|loader|handler)\b|^\s*export\s+default\b/,
    path: /(^|\/)(app|pages|routes|src\/routes|src\/app|src\/pages)\/(api\/)?(health|healthz|healthcheck|livez|readyz|ready|status)(\/(route|\+server|index))?\.(ts|js|mjs|tsx)$/ },
  { id: 'spring-health-probes', label: 'management.endpoint.health', langs: ['config'], literal: ['health'], regex: /management\.endpoint\.health|management\.health\.|^\s+probes:\s*$/ },
  // /ping is often a health check, but also many other things.
  { id: 'ping-route', label: '/ping route', langs: ['js', 'py', 'go', 'java', 'kotlin'], literal: ['/ping'], regex: /["'`]\/ping\/?["'`]/, weak: true },
  ...SERVER_PATTERNS,
];

export const healthDetector: Detector = createUsageDetector({
  id: 'health',
  signals: [META],
  libs: LIBS,
  patterns: PATTERNS,
  evaluate: (ctx) => [
    usageSignal(ctx, {
      meta: META,
      what: 'health endpoint',
      looked: '/health, /healthz, /livez, /readyz routes, terminus, Spring Boot Actuator, django-health-check, gRPC health service, …',
      absent: servesRequests(ctx) ? undefined : { status: 'not_applicable', summary: 'no server framework found: nothing to probe for health' },
    }),
  ],
});
