import type { Detector, SignalMeta } from '../types.js';
import { inboundAbsence } from './usage/applicability.js';
import { createUsageDetector, usageSignal } from './usage/detector.js';
import { SERVER_LIBS, SERVER_PATTERNS } from './usage/servers.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'health.endpoint', title: 'Health endpoint', passWhen: 'the service exposes a health/readiness endpoint (a route string, a framework health module, or a file-routed handler such as `api/health`)' };

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

/** Names a file-routed health handler takes (not `status` or `ping`: those are often something else). */
const HW = String.raw`(?:health|healthz|healthcheck|health-check|health_check|livez|readyz|liveness|readiness)`;
const EXT = String.raw`\.(?:[cm]?[jt]sx?)$`;
/**
 * File-system routing: the path is the route. Next.js app and pages routers (route
 * groups in parentheses allowed), Remix / React Router flat routes (`api.health.ts`,
 * `api+/health.ts`, `resources+/healthcheck.tsx`, `health/route.tsx`), SvelteKit
 * `+server`, Nuxt/Nitro `server/api|routes`, Astro pages, and serverless functions
 * named for health (Supabase, Netlify, Vercel).
 */
const HEALTH_FILE = new RegExp([
  String.raw`(?:^|/)(?:src/)?app/(?:[^/]+/)*${HW}/route${EXT}`,
  String.raw`(?:^|/)(?:src/)?pages/api/(?:[^/]+/)*${HW}(?:/index)?${EXT}`,
  String.raw`(?:^|/)app/routes/(?:[^/]+/)*(?:[^/]*[.+_])?${HW}(?:[.+_][^/]*)?(?:/(?:route|index))?${EXT}`,
  String.raw`(?:^|/)src/routes/(?:[^/]+/)*${HW}/\+server${EXT}`,
  String.raw`(?:^|/)server/(?:api|routes)/(?:[^/]+/)*${HW}(?:\.(?:get|head))?(?:/index)?${EXT}`,
  String.raw`(?:^|/)src/pages/(?:[^/]+/)*${HW}(?:\.json)?(?:/index)?${EXT}`,
  String.raw`(?:^|/)supabase/functions/(?:api-)?${HW}/index${EXT}`,
  String.raw`(?:^|/)netlify/(?:edge-)?functions/${HW}(?:/index)?${EXT}`,
  String.raw`^api/(?:[^/]+/)*${HW}(?:/index)?${EXT}`,
].join('|'));

/** A path string in a client-side router (`<Route path="/admin/health">`, `navigate('/health')`) is a page, not an endpoint. */
const CLIENT_ROUTE = /<Route\b|\bpath\s*=\s*["'`{]|\belement\s*[:=]|\bcomponent\s*:|\bnavigate\s*\(|\bhref\s*=|\bto\s*=\s*["'`{]|<Link\b|\brouter\.push\s*\(|\bredirect\s*\(/;

const PATTERNS: CodePattern[] = [
  { id: 'health-route', label: 'health route', langs: ['js', 'py', 'go', 'java', 'kotlin'], literal: ['health', 'livez', 'readyz', 'ready', 'alive', 'liveness', 'readiness'], regex: ROUTE, unless: CLIENT_ROUTE },
  { id: 'health-route-file', label: 'file-routed health handler', langs: ['js'], literal: [''], regex: /^\s*export\s+(?:async\s+)?(?:function|const)\s+(?:GET|HEAD|loader|handler|get)\b|^\s*export\s+default\b|\bDeno\.serve\s*\(|^\s*serve\s*\(/,
    path: HEALTH_FILE },
  // go-pkgz/rest's Ping middleware answers /ping with "pong"; chi's Heartbeat does the same for a path.
  { id: 'go-ping-middleware', label: 'Ping / Heartbeat middleware', langs: ['go'], literal: ['Ping', 'Heartbeat'], regex: /\.Use\([^)\n]{0,80}\b(?:rest|R)\.Ping\b|\bmiddleware\.Heartbeat\s*\(\s*"\// },
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
  reach: {},
  evaluate: (ctx) => [
    usageSignal(ctx, {
      meta: META,
      what: 'health endpoint',
      looked: '/health, /healthz, /livez, /readyz routes, terminus, Spring Boot Actuator, django-health-check, gRPC health service, …',
      absent: inboundAbsence(ctx, 'a health endpoint'),
    }),
  ],
});
