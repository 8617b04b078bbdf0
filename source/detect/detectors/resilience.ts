import type { Detector, Evidence, Finding, SignalMeta } from '../types.js';
import { pathRole } from '../path-role.js';
import { createUsageDetector, usageSignal, type LibStatus, type UsageContext } from './usage/detector.js';
import { collectLimiters } from './usage/limiters.js';
import { collectRedisRoles, REDIS_LITERALS, type RedisRole } from './usage/redis-roles.js';
import { inboundAbsence, NO_APPLICATION, hasApplicationCode } from './usage/applicability.js';
import { SERVER_LIBS, SERVER_PATTERNS } from './usage/servers.js';
import type { CodePattern, Lib } from './usage/spec.js';

const RATE: SignalMeta = { id: 'resilience.rate-limit', title: 'Inbound rate limiting', passWhen: 'inbound rate limiting is applied to served routes (a library applied to routes, or hand-written limiter/quota code; a limiter registered but applied nowhere does not count)' };
const RETRY: SignalMeta = { id: 'resilience.retry', title: 'Retries with backoff', passWhen: 'outbound calls or jobs retry with backoff (a library, a retry loop, or retry configuration of a queue, ORM, HTTP or model client)' };
const CACHE: SignalMeta = { id: 'resilience.cache', title: 'Caching layer', passWhen: 'a caching layer is used for application data (a cache store, a framework cache or a bounded in-process TTL cache; Redis used only as a queue, session or rate-limit store is not a cache)' };

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
  { name: 'go-pkgz/repeater', go: ['github.com/go-pkgz/repeater'] },
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
  { name: 'Go cache libraries', go: ['github.com/golang/groupcache', 'github.com/dgraph-io/ristretto', 'github.com/allegro/bigcache', 'github.com/coocood/freecache', 'github.com/patrickmn/go-cache', 'github.com/hashicorp/golang-lru', 'github.com/eko/gocache', 'github.com/jellydator/ttlcache', 'github.com/maypok86/otter', 'github.com/go-pkgz/lcw', 'github.com/go-pkgz/expirable-cache', 'github.com/hashicorp/golang-lru/v2/expirable'] },
  { name: 'Caffeine', maven: ['com.github.ben-manes.caffeine:*'], jvm: ['com.github.benmanes.caffeine'] },
  { name: 'Ehcache', maven: ['org.ehcache:*', 'net.sf.ehcache:*'], jvm: ['org.ehcache', 'net.sf.ehcache'] },
  { name: 'Hazelcast', npm: ['hazelcast-client'], pypi: ['hazelcast-python-client'], py: ['hazelcast'], maven: ['com.hazelcast:*'], jvm: ['com.hazelcast'] },
  { name: 'Spring Cache', maven: ['org.springframework.boot:spring-boot-starter-cache'], jvm: ['org.springframework.cache'], requires: 'spring-cacheable' },
  { name: 'Guava cache', broad: true, maven: ['com.google.guava:guava'], jvm: ['com.google.common.cache'], requires: 'guava-cachebuilder' },
  { name: 'JCache', maven: ['javax.cache:cache-api'], jvm: ['javax.cache'] },
].map((l) => ({ ...l, group: 'cache' }));

/**
 * Hand-written controls, declared as data beside the library lists. Each shape is
 * an anchor line plus what must also appear in its block or function (see
 * CodePattern.needs), per ecosystem, with the evidence at the anchor line.
 */

// A time window: a named window/interval/TTL, a clock read, or a literal span.
const WINDOW = /\b(?:[Ww]indow\w{0,30}|WINDOW\w{0,30}|\w{1,30}Window\w{0,30}|[Ii]nterval\w{0,20}|INTERVAL\w{0,20}|per_?(?:second|minute|hour|day)|PER_(?:SECOND|MINUTE|HOUR|DAY)|ttl|TTL|[Ee]xpir\w{0,20}|EXPIR\w{0,20}|pexpire|[Dd]uration|timedelta|startOf(?:Day|Hour|Minute)|created_?at|createdAt|since|time\.(?:Second|Minute|Hour)|TimeUnit\.\w{1,20}|Duration\.of\w{1,20})\b|Date\.now\(\)|time\.(?:time|monotonic)\(\)|time\.Now\(\)|currentTimeMillis|Instant\.now|\b60\s*\*\s*(?:60|1000)\b|\b(?:60_?000|3_?600|86_?400)\b/;
// A counter compared with a limit, a list of recent requests measured, or an atomic increment.
const COUNTER = /\b\w{0,30}(?:count|Count|COUNT|attempts|Attempts|ATTEMPTS|hits|Hits|HITS|requests|Requests|REQUESTS|calls|Calls|used|Used|usage|Usage)\w{0,20}\s*(?:>=?|===?)\s*[\w.$(]|\.length\s*>=?\s*[\w.$]|>=?\s*\(?\s*[\w.$]{0,40}(?:limit|Limit|LIMIT|max|Max|MAX|quota|Quota|QUOTA|allowed|ALLOWED)|\.(?:incr|incrBy|incrby|increment|zcard|zCard|ZCard|Incr)\s*\(/;
// A store the limiter counts in (database, RPC, Redis, KV).
const STORE = /\.(?:rpc|from|incr|query|execute|upsert|findFirst|findUnique|count|aggregate|zadd|zcard)\s*\(|\b(?:redis|kv|prisma|db|supabase|pool)\b|\bSELECT\b|\bINSERT\b/i;
const SLEEP = /\b(?:setTimeout|sleep|Sleep|delay|wait|backoff|Backoff)\w{0,20}\s*\(|\btime\.After\s*\(|\bTimeUnit\.\w{1,20}\.sleep\s*\(/;
const IO = /\b(?:requests|httpx|aiohttp|urllib|urlopen|boto3|open|session|client|cursor|execute|query|fetch|get_object|read_text|read_bytes|json\.load|yaml\.safe_load|engine|db)\w{0,20}\s*[.(]/;
const ALL_LANGS = ['js', 'py', 'go', 'java', 'kotlin'] as const;
/** UI component files: a "Too many requests" there is a message shown to a user, not a limiter. */
const UI_FILE = /\.(?:tsx|jsx|vue|svelte|astro)$/;
/**
 * A definition: `function`/`def`/`func`/`fun`/`class`, or a const bound to a
 * function or an object (`const limiter = async (…) =>`, `= new Map()`), not a
 * constant such as `RATE_LIMIT_WINDOW_MS = 60_000`. DEFINED closes the name.
 */
const DEFINES = String.raw`(?:\b(?:async\s+)?(?:function\*?|def|func|fun|class|interface)\s+|\b(?:const|let|var)\s+(?=[\w$]{1,80}\s*(?::[^=\n]{1,120})?=\s*(?:async\b|function\b|\(|[\w$]+\s*=>|new\s)))`;
const DEFINED = String.raw`(?![\w$])`;

const PATTERNS: CodePattern[] = [
  // ───── rate limiting
  { id: 'handwritten-limiter', label: 'hand-written rate limiter', group: 'rate', langs: ALL_LANGS, within: 'block', notPath: UI_FILE,
    literal: ['RateLimit', 'rateLimit', 'ratelimit', 'rate_limit', 'RATE_LIMIT', 'Ratelimit', 'hrottl', 'uota', 'imiter'],
    regex: new RegExp(String.raw`${DEFINES}\w{0,40}(?:[Rr]ate_?[Ll]imit|[Tt]hrottl|[Qq]uota|[Ll]imiter)\w{0,40}${DEFINED}|\bfunc\s*\([^)\n]{0,80}\)\s*\w{0,40}(?:RateLimit|Throttl|Quota|Limiter)`),
    needs: [WINDOW, new RegExp(`${COUNTER.source}|${STORE.source}`)] },
  { id: 'limit-rejection', label: 'limit check rejecting with 429 / rate_limit / quota', group: 'rate', langs: ALL_LANGS, within: 'function', notPath: UI_FILE,
    literal: ['429', 'TooManyRequests', 'TOO_MANY_REQUESTS', 'oo many requests', 'oo Many Requests', 'rate_limit', 'rate limit', 'RateLimit', 'uota', 'QUOTA', 'aily', 'DAILY', 'ocked', 'lockout'],
    regex: /\b(?:status|statusCode|status_code|code|Status)\s*[:=(]\s*429\b|\(\s*429\s*[,)]|,\s*429\s*\)|\bHTTP_429\w{0,30}|StatusTooManyRequests|TOO_MANY_REQUESTS|TooManyRequests|[Tt]oo [Mm]any [Rr]equests|\brate[_ ][Ll]imit(?:ed|_exceeded| exceeded)?\b|RateLimitExceeded|[Qq]uota (?:exceeded|reached)|QUOTA_EXCEEDED|\b(?:daily|hourly|monthly|DAILY|HOURLY|MONTHLY)_?(?:[Ll]imit|LIMIT|[Qq]uota|QUOTA)\w{0,20}|\blocked_?[Uu]ntil\b|\blockout\b/,
    // An upstream's 429 passed on (a model gateway's rate limit) is not inbound limiting.
    unless: /\.status(?:Code)?\s*===?\s*429|status_code\s*==\s*429|\.StatusCode\s*==\s*(?:429|http\.StatusTooManyRequests)|\bisRateLimit\w{0,20}\(/,
    needs: [COUNTER, WINDOW] },
  { id: 'redis-window', label: 'Redis counter with a window', group: 'rate', langs: ALL_LANGS, within: 'function',
    literal: ['incr', 'INCR', 'Incr', 'zremrangebyscore', 'zRemRangeByScore', 'ZRemRangeByScore'],
    regex: /\.(?:incr|INCR|Incr|incrby|IncrBy|zremrangebyscore|zRemRangeByScore|ZRemRangeByScore)\s*\(/,
    needs: [/\.(?:expire|pexpire|EXPIRE|Expire|zremrangebyscore|zRemRangeByScore|ZRemRangeByScore|zcard|zCard|ZCard)\s*\(|\bEX\b|\bex\s*:/, COUNTER] },
  // Rate limiting configured outside code, or by a framework feature.
  { id: 'nginx-limit-req', label: 'nginx limit_req', group: 'rate', langs: ['config'], literal: ['limit_req', 'limit-rps', 'limit-rpm', 'limit-connections'], regex: /^\s*limit_req(_zone)?\s|nginx\.ingress\.kubernetes\.io\/limit-(?:rps|rpm|connections)/ },
  { id: 'gateway-rate-limit', label: 'gateway rate-limit filter', group: 'rate', langs: ['config'], literal: ['RequestRateLimiter', 'rateLimit', 'rate-limiting'], regex: /RequestRateLimiter|^\s*rateLimit:\s*$|name:\s*rate-limiting\b/ },
  { id: 'drf-throttle', label: 'Django REST framework throttling', group: 'rate', langs: ['py'], literal: ['THROTTLE', 'throttle_classes'], regex: /DEFAULT_THROTTLE_CLASSES|throttle_classes\s*=/ },
  { id: 'echo-rate-limiter', label: 'echo RateLimiter middleware', group: 'rate', langs: ['go'], literal: ['RateLimiter'], regex: /middleware\.RateLimiter(WithConfig)?\(/ },
  { id: 'r4j-ratelimiter', label: '@RateLimiter', group: 'rate', langs: ['java', 'kotlin'], literal: ['@RateLimiter'], regex: /@RateLimiter\(/ },

  // ───── retries
  { id: 'retry-loop', label: 'retry loop with a delay', group: 'retry', langs: ALL_LANGS, within: 'block',
    literal: ['ttempt', 'etry', 'etries', 'ETRY', 'ETRIES', 'tries', 'TRIES'],
    regex: /\b(?:for|while)\b[^\n]{0,160}?\b(?:attempt|Attempt|ATTEMPT|retr(?:y|ies)|Retr(?:y|ies)|RETR(?:Y|IES)|tries|Tries|TRIES)\w{0,20}/,
    needs: [SLEEP] },
  { id: 'retry-function', label: 'retry helper with a delay', group: 'retry', langs: ALL_LANGS, within: 'block',
    literal: ['etry', 'etries', 'ackoff'],
    regex: /\b(?:function|def|func|const|let|var|fun)\s+\w{0,40}(?:[Rr]etry|[Rr]etries|[Bb]ackoff)\w{0,40}|\bfunc\s*\([^)\n]{0,80}\)\s*\w{0,40}(?:Retry|Retries|Backoff)/,
    needs: [SLEEP] },
  { id: 'max-retries', label: 'client configured with retries', group: 'retry', langs: ALL_LANGS, literal: ['maxRetries', 'max_retries', 'MaxRetries', 'SetRetryCount', 'retries', 'retry'],
    regex: /\bmaxRetries\s*[:=(]\s*[1-9]|\bmax_retries\s*=\s*[1-9]|\bMaxRetries\s*[:=]\s*[1-9]|option\.WithMaxRetries\(\s*[1-9]|SetRetryCount\(\s*[1-9]|\bretry\s*:\s*\{\s*(?:limit|max|maxAttempts|retries)\s*:\s*[1-9]|HTTPTransport\(\s*retries\s*=\s*[1-9]/ },
  { id: 'queue-job-retry', label: 'job retries with backoff (BullMQ / queue options)', group: 'retry', langs: ['js'], literal: ['attempts'], span: 8,
    regex: /\battempts\s*:\s*(?:[2-9]|[1-9]\d|[A-Za-z_$][\w.$]{0,60})[\s\S]{0,300}?\bbackoff\b|\bbackoff\s*:[\s\S]{0,300}?\battempts\s*:\s*(?:[2-9]|[1-9]\d|[A-Za-z_$][\w.$]{0,60})/ },
  { id: 'job-retry-config', label: 'job or SDK retry configuration', group: 'retry', langs: ['js'], literal: ['retryLimit', 'retries', 'maxAttempts', 'RetryAgent', 'retry'],
    regex: /\bretryLimit\s*:\s*[1-9]|\bretries\s*:\s*[1-9]|\bmaxAttempts\s*:\s*[2-9]|\bnew\s+RetryAgent\s*\(|\binterceptors\.retry\s*\(/,
    fileAlso: /inngest|@trigger\.dev|pg-boss|PgBoss|graphile-worker|@aws-sdk|undici|\bky\b/ },
  { id: 'celery-retry', label: 'Celery task retries', group: 'retry', langs: ['py'], literal: ['autoretry_for', 'retry_backoff', 'countdown'],
    regex: /\bautoretry_for\s*=|\bretry_backoff\s*=\s*True|\.retry\s*\([^)\n]{0,120}countdown\s*=/ },
  { id: 'boto-retry', label: 'botocore retry configuration', group: 'retry', langs: ['py'], literal: ['max_attempts', 'retry_mode'], regex: /["']max_attempts["']\s*:\s*[2-9]|\bretry_mode\s*=|["']mode["']\s*:\s*["'](?:standard|adaptive)["']/ },
  { id: 'urllib3-retry', label: 'urllib3 / google-api-core Retry', group: 'retry', langs: ['py'], literal: ['Retry('], regex: /\b(?:Async)?Retry\(\s*(total|connect|read|backoff_factor|status_forcelist|initial|maximum|multiplier|predicate|deadline)\s*=/ },
  { id: 'spring-retryable', label: '@Retryable / @Retry / RetryTemplate', group: 'retry', langs: ['java', 'kotlin'], literal: ['@Retryable', '@Retry', 'RetryTemplate'], regex: /@Retryable\b|@Retry\(|\bRetryTemplate\b/ },
  { id: 'reactor-retry', label: 'Reactor retryWhen(Retry.backoff)', group: 'retry', langs: ['java', 'kotlin'], literal: ['Retry.backoff'], regex: /Retry\.backoff\(/ },
  { id: 'r4j-retry', group: 'aux', label: '@Retry or Retry.of', langs: ['java', 'kotlin'], literal: ['Retry'], regex: /@Retry\(|Retry\.of\(|RetryRegistry/ },

  // ───── caches
  { id: 'ttl-map-cache', label: 'in-process TTL cache (module-level map with expiry)', group: 'cache', langs: ['js'], within: 'file', literal: ['ache', 'CACHE', 'emo'],
    regex: /^(?:export\s+)?(?:const|let|var)\s+\w{0,40}(?:[Cc]ache|CACHE|[Mm]emo)\w{0,40}\s*(?::\s*[^=\n]{1,200})?=\s*(?:new\s+(?:Map|LRUMap)\b|\{\s*\}|Object\.create\(null\))/,
    needs: [/Date\.now\(\)|\.getTime\(\)|performance\.now\(\)|\.size\s*>=?/] },
  { id: 'ttl-dict-cache', label: 'in-process TTL cache (module-level dict with expiry)', group: 'cache', langs: ['py'], within: 'file', literal: ['cache', 'CACHE', 'memo'],
    regex: /^_?\w{0,40}(?:cache|CACHE|memo)\w{0,40}\s*(?::\s*[^=\n]{1,120})?=\s*(?:\{\s*\}|dict\(\)|OrderedDict\(\))/,
    needs: [/time\.(?:time|monotonic)\(\)|datetime\.(?:now|utcnow)\(|\bttl\b|TTL|expir/] },
  { id: 'ttl-map-go', label: 'in-process TTL cache (map with expiry)', group: 'cache', langs: ['go'], within: 'file', literal: ['ache'],
    regex: /\b\w{0,40}[cC]ache\w{0,40}\s+(?:=\s*)?(?:make\()?map\[|\b\w{0,40}[cC]ache\w{0,40}\s*:?=\s*(?:make\()?map\[/,
    needs: [/time\.Now\(\)|time\.Since\(|[Ee]xpir|\b[Tt][Tt][Ll]\b/] },
  { id: 'ttl-map-jvm', label: 'in-process TTL cache (map with expiry)', group: 'cache', langs: ['java', 'kotlin'], within: 'file', literal: ['ache'],
    regex: /\b(?:Map|ConcurrentHashMap|ConcurrentMap|HashMap)<[^>\n]{1,120}>\s+\w{0,40}[cC]ache\w{0,40}\s*=/,
    needs: [/currentTimeMillis|Instant\.now|nanoTime|[Ee]xpir|LocalDateTime\.now/] },
  { id: 'lru-cache-bounded', label: 'bounded @lru_cache', group: 'cache', langs: ['py'], literal: ['lru_cache'],
    regex: /^\s*@(?:functools\.)?lru_cache\b(?!\s*\(\s*maxsize\s*=\s*(?:None|1)\b)/,
    // A settings singleton (`@lru_cache def get_settings()`) caches configuration, not application data.
    unlessAfter: /\bdef\s+\w{0,40}(?:settings|config|env|Settings|Config|logger)\w{0,40}\s*\(/ },
  { id: 'functools-cache-io', label: 'functools.cache on an I/O call', group: 'cache', langs: ['py'], within: 'block', literal: ['cache'],
    regex: /^\s*@(?:functools\.)?(?:cache\s*$|lru_cache\s*\(\s*maxsize\s*=\s*None)/,
    unlessAfter: /\bdef\s+\w{0,40}(?:settings|config|env|Settings|Config|logger)\w{0,40}\s*\(/,
    needs: [IO] },
  { id: 'spring-cacheable', label: '@Cacheable / @EnableCaching', group: 'cache', langs: ['java', 'kotlin'], literal: ['@Cacheable', '@EnableCaching'], regex: /@Cacheable\b|@EnableCaching\b/ },
  { id: 'guava-cachebuilder', group: 'aux', label: 'Guava CacheBuilder', langs: ['java', 'kotlin'], literal: ['CacheBuilder'], regex: /\bCacheBuilder\.newBuilder\(/ },
  { id: 'django-caches', label: 'Django CACHES backend', group: 'cache', langs: ['py'], literal: ['CACHES'], regex: /^\s*CACHES\s*=/, fileAlso: /django\.core\.cache\.backends\.(redis|memcached|db|filebased)|django_redis/ },
  { id: 'django-cache-api', label: 'Django cache API', group: 'cache', langs: ['py'], literal: ['cache.', 'cache_page'], regex: /\bcache\.(?:set|get_or_set|set_many|add|get_many)\s*\(|@cache_page\s*\(/, fileAlso: /django\.core\.cache|django\.views\.decorators\.cache/ },
  { id: 'next-cache', label: "Next.js cache (unstable_cache, 'use cache', revalidate)", group: 'cache', langs: ['js'], literal: ['unstable_cache', 'use cache', 'revalidate', 'force-cache'],
    regex: /\bunstable_cache\(|^\s*["']use cache["']|^\s*export\s+const\s+revalidate\s*=\s*[1-9]|\bnext\s*:\s*\{\s*revalidate\s*:\s*[1-9]|\bcache\s*:\s*["']force-cache["']/ },
  { id: 'nuxt-cache', label: 'Nitro cached handler/function', group: 'cache', langs: ['js'], literal: ['defineCached', 'cachedFunction'], regex: /\bdefineCachedEventHandler\s*\(|\bdefineCachedFunction\s*\(|\bcachedFunction\s*\(/ },
];

/** Library names (Lib.name) that create limiters whose application is read by collectLimiters. */
const LIMITER_LIBS = new Set(['express-rate-limit', 'rate-limiter-flexible', '@upstash/ratelimit', 'hono-rate-limiter', 'koa-ratelimit', '@nestjs/throttler', 'slowapi', 'Flask-Limiter']);

function isAppliedElsewhere(ctx: UsageContext, def: Finding): boolean {
  const name = String(def.data?.name ?? '');
  if (ctx.reach && def.path.match(/\.[cm]?[jt]sx?$/)) {
    for (const imp of ctx.reach.importers(def.path)) {
      if (ctx.place(imp, 'rate') !== 'runs' || pathRole(imp) !== 'app') continue;
      const edge = ctx.reach.imports(imp).find((e) => e.target === def.path);
      if (edge && (edge.names.includes(name) || edge.names.includes('*') || edge.names.includes('default'))) return true;
    }
    return false;
  }
  // Python: a `@name.limit(…)` decorator in any running module applies it.
  return ctx.findings.some((f) => f.kind === 'limiter-use' && f.data?.name === name && pathRole(f.path) === 'app');
}

function limiterDemotion(ctx: UsageContext) {
  return (st: LibStatus) => {
    if (!LIMITER_LIBS.has(st.lib.name)) return undefined;
    const defs = ctx.findings.filter((f) => f.kind === 'limiter' && f.data?.lib === st.lib.name && pathRole(f.path) === 'app' && ctx.place(f.path, 'rate') === 'runs');
    if (defs.length === 0) return undefined;
    if (defs.some((d) => d.data?.applied === true || (d.data?.exported === true && isAppliedElsewhere(ctx, d)))) return undefined;
    const first = defs[0] as Finding;
    return {
      reason: `registered (${first.path}:${first.line ?? 1}) but applied to no route`,
      evidence: defs.slice(0, 3).map((d) => ctx.evidence(d, `${String(d.data?.lib)} limiter${d.data?.name ? ` "${String(d.data.name)}"` : ''} created here, never applied`)),
      definite: true,
    };
  };
}

interface RoleHit { role: RedisRole; f: Finding }

/** Roles of a Redis client library: read in the files that import it and the files that import those. */
function redisRoles(ctx: UsageContext, st: LibStatus): RoleHit[] {
  const clientFiles = new Set(st.app.map((f) => f.path));
  const scope = new Set(clientFiles);
  for (const f of clientFiles) for (const imp of ctx.reach?.importers(f) ?? []) if (ctx.place(imp, 'cache') === 'runs') scope.add(imp);
  const jsOnly = [...clientFiles].every((p) => /\.[cm]?[jt]sx?$/.test(p));
  return ctx.findings
    .filter((f) => f.kind === 'redis-role' && pathRole(f.path) === 'app' && ctx.place(f.path, 'cache') === 'runs')
    // Without an import graph (Python, Go, Java), any running file that talks to Redis counts.
    .filter((f) => scope.has(f.path) || !jsOnly)
    .map((f) => ({ role: f.data?.role as RedisRole, f }));
}

function roleWords(hits: RoleHit[]): string {
  const by = new Map<RedisRole, Finding>();
  for (const h of hits) if (!by.has(h.role)) by.set(h.role, h.f);
  return [...by.entries()].map(([role, f]) => `${role} at ${f.path}:${f.line ?? 1}`).join('; ');
}

function cacheDemotion(ctx: UsageContext) {
  return (st: LibStatus) => {
    if (st.lib.name !== 'Redis') return undefined;
    const hits = redisRoles(ctx, st);
    if (hits.some((h) => h.role === 'cache')) return undefined;
    if (hits.length === 0) {
      return { reason: `client created (${st.app[0]?.path ?? ''}), but no cache reads or writes through it were recognised`, evidence: [] as Evidence[] };
    }
    const roles = [...new Set(hits.map((h) => h.role))];
    return {
      reason: `used only as ${roles.join(' and ')} (${roleWords(hits)}), not as a cache`,
      evidence: hits.slice(0, 4).map((h) => ctx.evidence(h.f, `Redis as ${h.role}: ${String(h.f.data?.label)}`)),
      definite: true,
    };
  };
}

function cacheDescription(ctx: UsageContext) {
  return (st: LibStatus) => {
    if (st.lib.name !== 'Redis') return undefined;
    const hits = redisRoles(ctx, st);
    if (hits.length === 0) return undefined;
    return { text: roleWords(hits), evidence: hits.slice(0, 4).map((h) => ctx.evidence(h.f, `Redis as ${h.role}: ${String(h.f.data?.label)}`)) };
  };
}

export const resilienceDetector: Detector = createUsageDetector({
  id: 'resilience',
  signals: [RATE, RETRY, CACHE],
  libs: [...rate, ...retry, ...cache, ...SERVER_LIBS],
  patterns: [...PATTERNS, ...SERVER_PATTERNS],
  prefilter: REDIS_LITERALS,
  // A browser retrying its calls is a retry; a limiter or a cache in the browser protects nothing server-side.
  reach: { browserCounts: ['retry'] },
  collectExtra: (view) => [...collectLimiters(view), ...collectRedisRoles(view)],
  evaluate: (ctx) => {
    const app = hasApplicationCode(ctx);
    return [
      usageSignal(ctx, {
        meta: RATE, group: 'rate', what: 'inbound rate limiting',
        looked: 'express-rate-limit, rate-limiter-flexible, @nestjs/throttler, @upstash/ratelimit, slowapi, Flask-Limiter, django-ratelimit, x/time/rate, tollbooth, Bucket4j, Resilience4j, nginx limit_req, hand-written limiters and quota checks, …',
        absent: inboundAbsence(ctx, 'rate limiting'),
        demote: limiterDemotion(ctx),
      }),
      usageSignal(ctx, {
        meta: RETRY, group: 'retry', what: 'retry with backoff',
        looked: 'p-retry, async-retry, axios-retry, cockatiel, tenacity, backoff, urllib3 Retry, cenkalti/backoff, retry-go, go-retryablehttp, Resilience4j, Spring Retry, Failsafe, retry loops with a delay, queue/ORM/SDK retry settings, …',
        absent: app ? undefined : NO_APPLICATION,
      }),
      usageSignal(ctx, {
        meta: CACHE, group: 'cache', what: 'caching layer',
        looked: 'Redis/Valkey used as a cache, Memcached, lru-cache, node-cache, cache-manager, cachetools, Flask-Caching, Django cache, ristretto, Caffeine, Ehcache, Spring @Cacheable, Next.js cache, TTL maps, …',
        absent: app ? undefined : NO_APPLICATION,
        demote: cacheDemotion(ctx),
        describe: cacheDescription(ctx),
      }),
    ];
  },
});
