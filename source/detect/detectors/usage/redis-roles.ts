import { LiteralGroups } from '../../prefilter.js';
import type { Finding } from '../../types.js';
import { excerptOf, type SourceView } from './detector.js';
import type { Lang } from './files.js';

/**
 * What a shared Redis (or Valkey, Upstash, Vercel KV) client is used for, read
 * from the calls made through it: one client is often a queue connection, a
 * rate-limit store and a cache at once, and only the last is a caching layer.
 * Roles are declared as data, per language; each finding names the role and the
 * line that shows it.
 */

export type RedisRole = 'cache' | 'queue' | 'rate-limit store' | 'session store' | 'pub/sub' | 'lock';

interface RoleShape {
  role: RedisRole;
  label: string;
  langs: readonly Lang[];
  re: RegExp;
}

/** Receivers that name a Redis client (`redis.get`, `kv.set`, `rdb.Get`, `cache.set`, `client.setex`). */
const CLIENT = String.raw`(?:\b\w{0,30}(?:[Rr]edis|REDIS|[Vv]alkey|[Cc]ache|CACHE)\w{0,30}|\bkv|\bKV|\brdb|\brds|\br|\bclient|\bconn|\bjedis|\bpipe(?:line)?)`;

const ROLES: RoleShape[] = [
  // Queues and streams.
  { role: 'queue', label: 'job queue (BullMQ/Bull/Bee-Queue)', langs: ['js'], re: /\bnew\s+(?:Queue|Worker|QueueEvents|FlowProducer|QueueScheduler|BeeQueue)\s*\(|\bfrom\s+["'](?:bullmq|bull|bee-queue)["']|\brequire\s*\(\s*["'](?:bullmq|bull|bee-queue)["']/ },
  { role: 'queue', label: 'job queue (RQ/Celery/Dramatiq/arq)', langs: ['py'], re: /^\s*(?:from|import)\s+(?:rq|celery|dramatiq|arq|huey)\b|\bQueue\s*\([^)\n]{0,120}connection\s*=|\bCelery\s*\(|\bbroker_url\b/ },
  { role: 'queue', label: 'job queue (asynq/machinery)', langs: ['go'], re: /"github\.com\/(?:hibiken\/asynq|RichardKnop\/machinery|gocraft\/work)/ },
  { role: 'queue', label: 'list/stream queue commands', langs: ['js', 'py', 'go', 'java', 'kotlin'], re: /\.(?:lpush|rpush|brpop|blpop|blmove|brpoplpush|rpoplpush|xadd|xreadgroup|xread|LPush|RPush|BRPop|BLPop|XAdd|XReadGroup)\s*\(/ },
  // Rate limiting.
  { role: 'rate-limit store', label: 'rate-limit store', langs: ['js'], re: /\bnew\s+(?:RateLimiterRedis|Ratelimit|RedisStore)\s*\([^\n]{0,200}|\bfrom\s+["'](?:rate-limit-redis|@upstash\/ratelimit)["']/ },
  { role: 'rate-limit store', label: 'counter with expiry (rate window)', langs: ['js', 'py', 'go', 'java', 'kotlin'], re: /\.(?:zremrangebyscore|zRemRangeByScore|ZRemRangeByScore)\s*\(|\.(?:incr|INCR|Incr|incrby|IncrBy)\s*\([^\n]{0,120}\b(?:rate|limit|ratelimit|rl|throttle|attempt)/i },
  // Sessions.
  { role: 'session store', label: 'session store', langs: ['js'], re: /\bfrom\s+["']connect-redis["']|\brequire\s*\(\s*["']connect-redis["']|\bRedisStore\s*\(\s*(?:session|\{\s*client)/ },
  { role: 'session store', label: 'session store', langs: ['py'], re: /\bSESSION_TYPE\s*=\s*["']redis["']|\bSESSION_ENGINE\s*=\s*["']django\.contrib\.sessions\.backends\.cache/ },
  // Pub/sub and locks.
  { role: 'pub/sub', label: 'pub/sub', langs: ['js', 'py', 'go', 'java', 'kotlin'], re: new RegExp(String.raw`${CLIENT}\.(?:publish|subscribe|psubscribe|Publish|Subscribe|PSubscribe)\s*\(`) },
  { role: 'lock', label: 'distributed lock', langs: ['js', 'py', 'go'], re: /\bnew\s+Redlock\s*\(|\bfrom\s+["']redlock["']|["']NX["']\s*,\s*["']PX["']|\bredsync\./ },
  // Caching: reads and writes of values, typically with an expiry.
  { role: 'cache', label: 'value with expiry', langs: ['js', 'py', 'go', 'java', 'kotlin'], re: /\.(?:setex|psetex|getex|setEx|SetEx|SetEX|setEX)\s*\(|\.set\s*\([^\n]{0,200}(?:["'](?:EX|PX)["']|\{\s*(?:ex|EX|px|PX)\s*:|\bex\s*=\s*\w)|\.Set\s*\(\s*ctx\s*,[^\n]{0,200}time\.(?:Second|Minute|Hour)/ },
  { role: 'cache', label: 'cache read/write', langs: ['js', 'py', 'go', 'java', 'kotlin'], re: new RegExp(String.raw`${CLIENT}\.(?:get|set|mget|mset|hget|hset|hgetall|hmget|getBuffer|json\.get|json\.set|Get|Set|MGet|HGet|HSet|HGetAll)\s*[<(]`) },
  { role: 'cache', label: 'cache read/write', langs: ['java', 'kotlin'], re: /\bopsFor(?:Value|Hash)\s*\(\s*\)\s*\.(?:get|set|put|multiGet)\s*\(/ },
];

/** Files worth reading for roles: anything that mentions a Redis-like client or a queue. */
export const REDIS_LITERALS = ['redis', 'Redis', 'REDIS', 'valkey', 'Valkey', 'kv.', 'rdb.', 'bullmq', 'bull', 'connect-redis', 'upstash', 'celery', 'Celery', 'asynq', 'jedis', 'opsForValue'];

// Read off the engine's one literal pass over the file.
const REDIS_MENTION = new LiteralGroups([REDIS_LITERALS]);

export function collectRedisRoles(view: SourceView): Finding[] {
  const { lang, maskedLines, lines, file } = view;
  if (!REDIS_MENTION.groupsIn(view.text).has(0)) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < maskedLines.length; i++) {
    const l = maskedLines[i] as string;
    if (l.length > 2000) continue;
    for (const r of ROLES) {
      if (!r.langs.includes(lang) || seen.has(r.label)) continue;
      if (!r.re.test(l)) continue;
      seen.add(r.label);
      out.push({ kind: 'redis-role', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { group: 'cache-role', role: r.role, label: r.label } });
    }
  }
  return out;
}
