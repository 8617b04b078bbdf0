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

/**
 * Code that serves requests without a server framework: Go's net/http and Node's
 * http listening on a port, and the function-as-a-service shapes AI-built apps are
 * made of (Supabase/Deno edge functions, Workers, Vercel/Netlify/Next/SvelteKit/Remix
 * /Nuxt route handlers, Lambda, Firebase and Cloud Functions, Spring controllers).
 */
const JS_ROUTE_FILE = /^api\/.+\.(ts|js|mjs|cjs)$|(^|\/)(app\/(.*\/)?route|pages\/api\/.+|src\/routes\/(.*\/)?\+(page\.)?server|netlify\/functions\/.+|netlify\/edge-functions\/.+|server\/(api|routes|middleware)\/.+|app\/routes\/.+|functions\/.+)\.(ts|js|mjs|cjs|tsx|jsx)$/;
export const SERVER_PATTERNS: readonly CodePattern[] = [
  { id: 'go-listen', label: 'http.ListenAndServe', group: 'server', langs: ['go'], literal: ['ListenAndServe', 'http.Server{'], regex: /\bListenAndServe(TLS)?\(|http\.Server\{/ },
  { id: 'go-handle', label: 'net/http handler', group: 'server', langs: ['go'], literal: ['HandleFunc', 'http.Handle('], regex: /\b(http|mux|router)\.Handle(Func)?\(/ },
  { id: 'go-lambda', label: 'AWS Lambda handler (Go)', group: 'server', langs: ['go'], literal: ['lambda.Start'], regex: /\blambda\.Start(WithContext)?\(/ },
  { id: 'node-listen', label: 'http.createServer', group: 'server', langs: ['js'], literal: ['createServer'], regex: /\b(http|https|http2)\.createServer\(/ },
  { id: 'py-serve', label: 'http.server', group: 'server', langs: ['py'], literal: ['HTTPServer'], regex: /\bHTTPServer\(/ },
  { id: 'deno-serve', label: 'Deno.serve / std/http serve()', group: 'server', langs: ['js'], literal: ['Deno.serve', 'serve('], regex: /\bDeno\.serve\(|^\s*serve\(/, fileAlso: /Deno\.serve|deno\.land\/std[^"'\n]*\/http|jsr:@std\/http|@std\/http|deno\.land\/x\/\w+/ },
  { id: 'supabase-function', label: 'Supabase edge function', group: 'server', langs: ['js'], literal: ['serve', 'export default'], regex: /\bserve\(|^\s*export\s+default\b/, path: /(^|\/)supabase\/functions\/[^/_][^/]*\/index\.(ts|js|tsx|mjs)$/, lineRequired: true },
  { id: 'worker-fetch', label: 'Cloudflare Worker fetch handler', group: 'server', langs: ['js'], literal: ['fetch'], regex: /^\s*(async\s+)?fetch\s*\(\s*(req|request)\b|\bfetch\s*:\s*(async\s*)?(function\s*)?\(\s*(req|request)\b/, fileAlso: /export\s+default\s*\{|export\s+default\s+\w+\s*satisfies/ },
  { id: 'pages-function', label: 'onRequest handler (Pages Functions)', group: 'server', langs: ['js'], literal: ['onRequest'], regex: /export\s+(async\s+)?(function|const)\s+onRequest(Get|Post|Put|Patch|Delete|Options|Head)?\b/ },
  { id: 'route-handler', label: 'route handler (Next, SvelteKit, Remix, Vercel/Netlify functions)', group: 'server', langs: ['js'], literal: ['export'], regex: /^\s*export\s+(async\s+)?(function|const)\s+(GET|POST|PUT|PATCH|DELETE|handler|loader|action|actions)\b|^\s*export\s+default\s+(async\s+)?function\b|^\s*(module\.)?exports\.handler\s*=/, path: JS_ROUTE_FILE, lineRequired: true },
  { id: 'nitro-handler', label: 'defineEventHandler (Nuxt/Nitro/h3)', group: 'server', langs: ['js'], literal: ['EventHandler(', 'eventHandler('], code: true, regex: /\bdefine(Cached)?EventHandler\(|\beventHandler\(/ },
  { id: 'lambda-handler', label: 'AWS Lambda / Netlify handler', group: 'server', langs: ['js'], literal: ['handler'], regex: /^\s*export\s+(const|async\s+function|function)\s+handler\b|^\s*(module\.)?exports\.handler\s*=/, fileAlso: /\bevent\b|APIGateway|Handler\b|context/ },
  { id: 'firebase-function', label: 'Firebase / Cloud Functions HTTP trigger', group: 'server', langs: ['js'], literal: ['onRequest', 'onCall', 'functions.http'], code: true, regex: /(?:^|[=\s(,])(?:functions\.https\.|https\.)?on(?:Request|Call)\(\s*(?:async\b|\(|\{|\w+\s*=>|\w+\s*\))|\bfunctions\.http\(\s*["'`]/, fileAlso: /firebase-functions|@google-cloud\/functions-framework/ },
  { id: 'py-route', label: 'route decorator', group: 'server', langs: ['py'], literal: ['@'], regex: /^\s*@(app|router|bp|blueprint|api|api_router|routes)\.(get|post|put|patch|delete|route|websocket|api_route)\(/ },
  { id: 'py-lambda', label: 'AWS Lambda handler (Python)', group: 'server', langs: ['py'], literal: ['event'], regex: /^\s*(async\s+)?def\s+(lambda_handler|handler)\s*\(\s*event\s*,\s*context\b/ },
  { id: 'py-functions', label: 'Cloud Functions / Firebase HTTP function (Python)', group: 'server', langs: ['py'], literal: ['functions_framework', 'https_fn'], regex: /^\s*@(functions_framework\.http|https_fn\.on_(request|call))\b/ },
  { id: 'jvm-lambda', label: 'AWS Lambda RequestHandler', group: 'server', langs: ['java', 'kotlin'], literal: ['RequestHandler', 'RequestStreamHandler'], regex: /\bRequest(Stream)?Handler\b/ },
  { id: 'spring-controller', label: 'Spring controller', group: 'server', langs: ['java', 'kotlin'], literal: ['Controller', 'Mapping'], regex: /@(RestController|Controller|(Get|Post|Put|Delete|Patch|Request)Mapping)\b/ },
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
