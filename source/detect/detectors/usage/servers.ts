import type { UsageContext } from './detector.js';
import type { CodePattern, Lib } from './spec.js';

/**
 * Inbound server frameworks. Signals about inbound traffic (auth, rate limiting,
 * health endpoints) are not applicable to code that serves nothing, such as a CLI
 * or a library. Group "server" inside whichever detector needs it.
 */
export const SERVER_LIBS: readonly Lib[] = [
  { name: 'express', npm: ['express'] },
  { name: 'fastify', npm: ['fastify'] },
  { name: 'koa', npm: ['koa'] },
  { name: 'hapi', npm: ['@hapi/hapi'] },
  { name: 'NestJS', npm: ['@nestjs/core', '@nestjs/common'] },
  { name: 'Next.js', npm: ['next'] },
  { name: 'Nuxt', npm: ['nuxt'], autoUse: true },
  { name: 'Hono', npm: ['hono'] },
  { name: 'Remix', npm: ['@remix-run/*', '@react-router/node'] },
  { name: 'SvelteKit', npm: ['@sveltejs/kit'] },
  { name: 'Elysia', npm: ['elysia'] },
  { name: 'restify', npm: ['restify'] },
  { name: 'Flask', pypi: ['Flask'] },
  { name: 'FastAPI', pypi: ['fastapi'] },
  { name: 'Django', pypi: ['Django'] },
  { name: 'Starlette', pypi: ['starlette'] },
  { name: 'aiohttp', pypi: ['aiohttp'], py: ['aiohttp.web'] },
  { name: 'Tornado', pypi: ['tornado'] },
  { name: 'Sanic', pypi: ['sanic'] },
  { name: 'Falcon', pypi: ['falcon'] },
  { name: 'Quart', pypi: ['quart'] },
  { name: 'Litestar', pypi: ['litestar'] },
  { name: 'Bottle', pypi: ['bottle'] },
  { name: 'gin', go: ['github.com/gin-gonic/gin'] },
  { name: 'echo', go: ['github.com/labstack/echo'] },
  { name: 'fiber', go: ['github.com/gofiber/fiber'] },
  { name: 'chi', go: ['github.com/go-chi/chi'] },
  { name: 'gorilla/mux', go: ['github.com/gorilla/mux'] },
  { name: 'httprouter', go: ['github.com/julienschmidt/httprouter'] },
  { name: 'gRPC', go: ['google.golang.org/grpc'], goImports: ['google.golang.org/grpc'] },
  { name: 'Spring Web', maven: ['org.springframework.boot:spring-boot-starter-web', 'org.springframework.boot:spring-boot-starter-webmvc', 'org.springframework.boot:spring-boot-starter-webflux'], jvm: ['org.springframework.web', 'org.springframework.http'], autoUse: true },
  { name: 'Quarkus', maven: ['io.quarkus:quarkus-rest*', 'io.quarkus:quarkus-resteasy*', 'io.quarkus:quarkus-vertx-http'], autoUse: true },
  { name: 'Micronaut', maven: ['io.micronaut:micronaut-http-server*'], autoUse: true },
  { name: 'Javalin', maven: ['io.javalin:javalin'], jvm: ['io.javalin'] },
  { name: 'Ktor', maven: ['io.ktor:ktor-server*'], jvm: ['io.ktor.server'] },
  { name: 'Dropwizard', maven: ['io.dropwizard:dropwizard-core'], jvm: ['io.dropwizard'] },
  { name: 'Vert.x', maven: ['io.vertx:vertx-web'], jvm: ['io.vertx.ext.web'] },
].map((l) => ({ ...l, group: 'server' }));

/** Servers without a framework: Go's net/http and Node's http listening on a port. */
export const SERVER_PATTERNS: readonly CodePattern[] = [
  { id: 'go-listen', label: 'http.ListenAndServe', group: 'server', langs: ['go'], literal: ['ListenAndServe', 'http.Server{'], regex: /\bListenAndServe(TLS)?\(|http\.Server\{/ },
  { id: 'node-listen', label: 'http.createServer', group: 'server', langs: ['js'], literal: ['createServer'], regex: /\b(http|https|http2)\.createServer\(/ },
  { id: 'py-serve', label: 'http.server', group: 'server', langs: ['py'], literal: ['HTTPServer'], regex: /\bHTTPServer\(/ },
];

/**
 * For operational signals (logs, metrics, error monitoring, tracing) nothing found
 * is a gap in a service, but a CLI or a library may need none: when nothing serves
 * requests the absence is a question for a person, not a fail. (A queue worker or a
 * scheduled job serves no requests and still needs them, so it is not n/a either.)
 */
export function absentUnlessServing(ctx: UsageContext, what: string): { status: 'unknown'; summary: string; confidence: 'low' } | undefined {
  if (servesRequests(ctx)) return undefined;
  return { status: 'unknown', confidence: 'low', summary: `no ${what} found, and nothing here serves requests: a worker or a scheduled job still needs one; a CLI or a library may not` };
}

/** True when anything suggests the code serves requests (declared frameworks count: applicability, not proof). */
export function servesRequests(ctx: UsageContext): boolean {
  const u = ctx.usage('server');
  return u.inUse.length > 0 || u.patterns.length > 0 || u.hints.some((h) => h.declared.some((d) => d.data?.dev !== true));
}
