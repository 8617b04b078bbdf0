import type { Detector, SignalMeta } from '../types.js';
import { createUsageDetector, usageSignal } from './usage/detector.js';
import { SERVER_LIBS, SERVER_PATTERNS, servesRequests } from './usage/servers.js';
import type { CodePattern, Lib } from './usage/spec.js';

const RATE: SignalMeta = { id: 'resilience.rate-limit', title: 'Inbound rate limiting', passWhen: 'inbound rate limiting is in place' };
const RETRY: SignalMeta = { id: 'resilience.retry', title: 'Retries with backoff', passWhen: 'outbound calls retry with backoff' };
const CACHE: SignalMeta = { id: 'resilience.cache', title: 'Caching layer', passWhen: 'a caching layer is used for application data' };

const rate: Lib[] = [
  { name: 'express-rate-limit', npm: ['express-rate-limit', 'express-slow-down', 'rate-limit-redis'] },
  { name: 'rate-limiter-flexible', npm: ['rate-limiter-flexible'] },
  { name: '@nestjs/throttler', npm: ['@nestjs/throttler'] },
  { name: '@upstash/ratelimit', npm: ['@upstash/ratelimit'] },
  { name: '@fastify/rate-limit', npm: ['@fastify/rate-limit', 'fastify-rate-limit'] },
  { name: 'koa-ratelimit', npm: ['koa-ratelimit', 'koa2-ratelimit'] },
  { name: 'hono-rate-limiter', npm: ['hono-rate-limiter'] },
  { name: 'Arcjet', npm: ['@arcjet/*'], pypi: ['arcjet'] },
  { name: 'slowapi', pypi: ['slowapi'] },
  { name: 'django-ratelimit', pypi: ['django-ratelimit'], py: ['django_ratelimit'] },
  { name: 'Flask-Limiter', pypi: ['Flask-Limiter'] },
  { name: 'fastapi-limiter', pypi: ['fastapi-limiter'] },
  { name: 'limits', pypi: ['limits'] },
  { name: 'x/time/rate', go: ['golang.org/x/time'], goImports: ['golang.org/x/time/rate'] },
  { name: 'ulule/limiter', go: ['github.com/ulule/limiter'] },
  { name: 'tollbooth', go: ['github.com/didip/tollbooth'] },
  { name: 'httprate', go: ['github.com/go-chi/httprate'] },
  { name: 'go-limiter', go: ['github.com/sethvargo/go-limiter'] },
  { name: 'throttled', go: ['github.com/throttled/throttled'] },
  { name: 'fiber limiter', broad: true, go: ['github.com/gofiber/fiber'], goImports: ['github.com/gofiber/fiber/v2/middleware/limiter', 'github.com/gofiber/fiber/v3/middleware/limiter'] },
  { name: 'Resilience4j RateLimiter', maven: ['io.github.resilience4j:resilience4j-ratelimiter'], jvm: ['io.github.resilience4j.ratelimiter'] },
  { name: 'Bucket4j', maven: ['com.bucket4j:*', 'com.github.vladimir-bukhtoyarov:*'], jvm: ['io.github.bucket4j'] },
].map((l) => ({ ...l, group: 'rate' }));

const retry: Lib[] = [
  { name: 'p-retry', npm: ['p-retry'] },
  { name: 'async-retry', npm: ['async-retry', 'retry', 'promise-retry'] },
  { name: 'axios-retry', npm: ['axios-retry', 'retry-axios'] },
  { name: 'exponential-backoff', npm: ['exponential-backoff'] },
  { name: 'cockatiel', npm: ['cockatiel'] },
  { name: 'fetch-retry', npm: ['fetch-retry', '@vercel/fetch-retry'] },
  { name: 'attempt', npm: ['@lifeomic/attempt', 'ts-retry-promise', 'ts-retry'] },
  { name: 'tenacity', pypi: ['tenacity'] },
  { name: 'backoff', pypi: ['backoff'] },
  { name: 'retrying', pypi: ['retrying', 'retry', 'retry2'] },
  { name: 'stamina', pypi: ['stamina'] },
  { name: 'cenkalti/backoff', go: ['github.com/cenkalti/backoff'] },
  { name: 'retry-go', go: ['github.com/avast/retry-go'] },
  { name: 'go-retryablehttp', go: ['github.com/hashicorp/go-retryablehttp'] },
  { name: 'sethvargo/go-retry', go: ['github.com/sethvargo/go-retry'] },
  { name: 'failsafe-go', go: ['github.com/failsafe-go/failsafe-go'] },
  { name: 'go-resiliency retrier', broad: true, go: ['github.com/eapache/go-resiliency'], goImports: ['github.com/eapache/go-resiliency/retrier'] },
  { name: 'Resilience4j Retry', maven: ['io.github.resilience4j:resilience4j-retry'], jvm: ['io.github.resilience4j.retry'] },
  { name: 'Resilience4j (Spring Boot)', broad: true, maven: ['io.github.resilience4j:resilience4j-spring-boot*'], jvm: ['io.github.resilience4j.retry'], requires: 'r4j-retry' },
  { name: 'Spring Retry', maven: ['org.springframework.retry:spring-retry'], jvm: ['org.springframework.retry'] },
  { name: 'Failsafe', maven: ['dev.failsafe:*', 'net.jodah:failsafe'], jvm: ['dev.failsafe', 'net.jodah.failsafe'] },
].map((l) => ({ ...l, group: 'retry' }));

const cache: Lib[] = [
  { name: 'Redis', npm: ['redis', 'ioredis', '@redis/client', '@upstash/redis', '@vercel/kv', 'iovalkey'], pypi: ['redis', 'valkey', 'aioredis'], go: ['github.com/redis/go-redis', 'github.com/go-redis/redis', 'github.com/gomodule/redigo', 'github.com/redis/rueidis', 'github.com/valkey-io/valkey-go'], maven: ['redis.clients:jedis', 'io.lettuce:lettuce-core', 'org.redisson:*', 'org.springframework.boot:spring-boot-starter-data-redis'], jvm: ['redis.clients.jedis', 'io.lettuce', 'org.redisson', 'org.springframework.data.redis'] },
  { name: 'Memcached', npm: ['memcached', 'memjs'], pypi: ['pymemcache', 'python-memcached', 'pylibmc'], py: ['pymemcache', 'memcache', 'pylibmc'], go: ['github.com/bradfitz/gomemcache'], maven: ['net.spy:spymemcached'], jvm: ['net.spy.memcached'] },
  { name: 'in-process cache (node-cache, lru-cache, keyv, cache-manager)', npm: ['node-cache', 'lru-cache', 'keyv', '@keyv/*', 'cache-manager', '@nestjs/cache-manager', 'apicache', 'quick-lru', 'memory-cache', 'cacheable'] },
  { name: 'Python cache libraries', pypi: ['cachetools', 'aiocache', 'Flask-Caching', 'django-redis', 'dogpile.cache', 'diskcache', 'fastapi-cache2', 'cashews', 'requests-cache'], py: ['cachetools', 'aiocache', 'flask_caching', 'django_redis', 'dogpile.cache', 'diskcache', 'fastapi_cache', 'cashews', 'requests_cache'] },
  { name: 'Go cache libraries', go: ['github.com/golang/groupcache', 'github.com/dgraph-io/ristretto', 'github.com/allegro/bigcache', 'github.com/coocood/freecache', 'github.com/patrickmn/go-cache', 'github.com/hashicorp/golang-lru', 'github.com/eko/gocache', 'github.com/jellydator/ttlcache', 'github.com/maypok86/otter'] },
  { name: 'Caffeine', maven: ['com.github.ben-manes.caffeine:*'], jvm: ['com.github.benmanes.caffeine'] },
  { name: 'Ehcache', maven: ['org.ehcache:*', 'net.sf.ehcache:*'], jvm: ['org.ehcache', 'net.sf.ehcache'] },
  { name: 'Hazelcast', npm: ['hazelcast-client'], pypi: ['hazelcast-python-client'], py: ['hazelcast'], maven: ['com.hazelcast:*'], jvm: ['com.hazelcast'] },
  { name: 'Spring Cache', maven: ['org.springframework.boot:spring-boot-starter-cache'], jvm: ['org.springframework.cache'], requires: 'spring-cacheable' },
  { name: 'JCache', maven: ['javax.cache:cache-api'], jvm: ['javax.cache'] },
].map((l) => ({ ...l, group: 'cache' }));

const PATTERNS: CodePattern[] = [
  // Rate limiting configured outside code, or by a framework feature.
  { id: 'nginx-limit-req', label: 'nginx limit_req', group: 'rate', langs: ['config'], literal: ['limit_req'], regex: /^\s*limit_req(_zone)?\s/ },
  { id: 'gateway-rate-limit', label: 'gateway rate-limit filter', group: 'rate', langs: ['config'], literal: ['RequestRateLimiter', 'rateLimit', 'rate-limiting'], regex: /RequestRateLimiter|^\s*rateLimit:\s*$|name:\s*rate-limiting\b/ },
  { id: 'drf-throttle', label: 'Django REST framework throttling', group: 'rate', langs: ['py'], literal: ['THROTTLE', 'throttle_classes'], regex: /DEFAULT_THROTTLE_CLASSES|throttle_classes\s*=/ },
  { id: 'echo-rate-limiter', label: 'echo RateLimiter middleware', group: 'rate', langs: ['go'], literal: ['RateLimiter'], regex: /middleware\.RateLimiter(WithConfig)?\(/ },
  { id: 'r4j-ratelimiter', label: '@RateLimiter', group: 'rate', langs: ['java', 'kotlin'], literal: ['@RateLimiter'], regex: /@RateLimiter\(/ },
  // Retries configured on a client rather than through a retry library.
  { id: 'max-retries', label: 'client configured with retries', group: 'retry', langs: ['js', 'py', 'go', 'java', 'kotlin'], literal: ['maxRetries', 'max_retries', 'MaxRetries', 'SetRetryCount', 'retries'],
    regex: /\bmaxRetries\s*[:=(]\s*[1-9]|\bmax_retries\s*=\s*[1-9]|\bMaxRetries\s*[:=]\s*[1-9]|option\.WithMaxRetries\(\s*[1-9]|SetRetryCount\(\s*[1-9]|\bretry\s*:\s*\{\s*limit\s*:\s*[1-9]|HTTPTransport\(\s*retries\s*=\s*[1-9]/ },
  { id: 'urllib3-retry', label: 'urllib3 Retry', group: 'retry', langs: ['py'], literal: ['Retry('], regex: /\bRetry\(\s*(total|connect|read|backoff_factor|status_forcelist)\s*=/ },
  { id: 'spring-retryable', label: '@Retryable / @Retry', group: 'retry', langs: ['java', 'kotlin'], literal: ['@Retryable', '@Retry'], regex: /@Retryable\b|@Retry\(/ },
  { id: 'reactor-retry', label: 'Reactor retryWhen(Retry.backoff)', group: 'retry', langs: ['java', 'kotlin'], literal: ['Retry.backoff'], regex: /Retry\.backoff\(/ },
  { id: 'r4j-retry', group: 'aux', label: '@Retry or Retry.of', langs: ['java', 'kotlin'], literal: ['Retry'], regex: /@Retry\(|Retry\.of\(|RetryRegistry/ },
  // Caches configured through a framework.
  { id: 'spring-cacheable', label: '@Cacheable / @EnableCaching', group: 'cache', langs: ['java', 'kotlin'], literal: ['@Cacheable', '@EnableCaching'], regex: /@Cacheable\b|@EnableCaching\b/ },
  { id: 'django-caches', label: 'Django CACHES backend', group: 'cache', langs: ['py'], literal: ['CACHES'], regex: /^\s*CACHES\s*=/, fileAlso: /django\.core\.cache\.backends\.(redis|memcached|db|filebased)|django_redis/ },
  { id: 'next-cache', label: "Next.js unstable_cache / 'use cache'", group: 'cache', langs: ['js'], literal: ['unstable_cache', 'use cache'], regex: /\bunstable_cache\(|^\s*["']use cache["']/ },
];

export const resilienceDetector: Detector = createUsageDetector({
  id: 'resilience',
  signals: [RATE, RETRY, CACHE],
  libs: [...rate, ...retry, ...cache, ...SERVER_LIBS],
  patterns: [...PATTERNS, ...SERVER_PATTERNS],
  evaluate: (ctx) => [
    usageSignal(ctx, {
      meta: RATE, group: 'rate', what: 'inbound rate limiting',
      looked: 'express-rate-limit, rate-limiter-flexible, @nestjs/throttler, @upstash/ratelimit, slowapi, Flask-Limiter, django-ratelimit, x/time/rate, tollbooth, Bucket4j, Resilience4j, nginx limit_req, …',
      absent: servesRequests(ctx) ? undefined : { status: 'not_applicable', summary: 'no server framework found: nothing receives inbound traffic to rate-limit' },
    }),
    usageSignal(ctx, { meta: RETRY, group: 'retry', what: 'retry with backoff', looked: 'p-retry, async-retry, axios-retry, cockatiel, tenacity, backoff, urllib3 Retry, cenkalti/backoff, retry-go, go-retryablehttp, Resilience4j, Spring Retry, Failsafe, client maxRetries, …' }),
    usageSignal(ctx, { meta: CACHE, group: 'cache', what: 'caching layer', looked: 'Redis, Memcached, lru-cache, node-cache, cache-manager, cachetools, Flask-Caching, Django CACHES, ristretto, bigcache, Caffeine, Ehcache, Spring @Cacheable, …' }),
  ],
});
