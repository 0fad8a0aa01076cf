/**
 * Why a design holds a read cache (ElastiCache, Memorystore, Managed Redis, Upstash; KV in front of D1 on
 * Cloudflare). An architect adds one only for a reason in the request:
 *
 * 1. the text asks for one: a cache, a session store (a named Redis, Valkey or Memcached is a technology of
 *    its own: catalog/tech_services.ts);
 * 2. an existing app moved as it is runs with one: its job framework lives on Redis (Sidekiq, Resque,
 *    Laravel Horizon, BullMQ, Celery unless another broker is named), or its platform runs on Redis in
 *    production (Magento/Adobe Commerce for cache and sessions, Moodle for sessions and its cache stores,
 *    Discourse and Mastodon, which require it). Frameworks where Redis is optional (Rails, Django, Laravel,
 *    WordPress, Drupal alone) keep none, nor does one job taken out of such an app (its queue is the cloud's);
 * 3. live state many connections share: a leaderboard, presence or a pool people are paired from (Redis
 *    sorted sets and sets), or a socket fleet at an Enterprise or Global tier, whose servers fan messages out
 *    to each other through Redis pub/sub;
 * 4. read traffic a database should not absorb alone: a read-heavy app (pages, a storefront, a SaaS, a media
 *    catalogue) with at least READ_CACHE_MIN_REQUESTS requests a month stated in the text, or — when the
 *    text states none — a public app (not a staff tool, not a moved app) at an Enterprise or Global tier.
 *
 * An app with none of these (a club's site, a job, a tool with modest traffic) gets no cache. Deterministic.
 */
import { SCALE_TRAFFIC } from "./catalog/traffic.ts";
import { type Context } from "./context.ts";
import { maskSources } from "./data_sources.ts";
import { compile } from "./match.ts";
import type { WorkloadShape } from "./workload_shapes.ts";

/**
 * Requests a month from which a read-heavy app gets a cache in front of its database: 30M is ≈12 requests a
 * second on average and ≈100 at a daily peak, several queries each — where a small managed SQL instance
 * (2 vCPU) needs a bigger instance or replicas, and a serverless Redis/Valkey in front costs less than either.
 */
export const READ_CACHE_MIN_REQUESTS = 30_000_000;

/** Shapes whose traffic is mostly reads of the same records (pages, listings, catalogues, tenant config). */
const READ_HEAVY = new Set<WorkloadShape>(["web_app", "saas_custom_domains", "lift_and_shift", "media"]);

/** Read-heavy shapes whose audience is the public (what an Enterprise or Global tier counts). */
const PUBLIC_READS = new Set<WorkloadShape>(["web_app", "saas_custom_domains", "media"]);

/** Words that ask for an application cache or a session store (not the CDN's or the browser's cache). */
const ASKED = compile([
  "(?<!(?:cdn|edge|browser|http|page|static|asset|image|varnish|full[\\s-]page|proxy|build|npm|docker|layer)\\s)cach(?:e|es|ed|ing)(?! (?:headers?|control|rules?|purg\\w*|invalidat\\w*|(?:at|on|in) (?:the )?(?:edge|cdn|browser)))",
  "session[\\s-]?stores?",
  "sessions? (?:cache|storage)",
  "in[\\s-]memory (?:store|cache|data ?store|key[\\s-]value)",
]);

/** Job frameworks that run on Redis: naming one of a moved app names its Redis. */
const REDIS_JOBS = compile([
  "sidekiq",
  "resque",
  "(?:laravel )?horizon",
  "bullmq",
  "bull queues?",
  "celery",
  "rq workers?",
]);
/** A broker other than Redis named beside Celery (then Celery's broker is that one). */
const OTHER_BROKER = /\b(?:rabbitmq|amqp|sqs)\b/i;
/** Only Celery among the job frameworks (it runs on RabbitMQ too). */
const CELERY_ONLY = /^(?:celery)$/i;

/** Shapes that hold people's live connections (sockets, calls). */
const LIVE = new Set<WorkloadShape>(["realtime_ws", "webrtc"]);
/** Words that name live state many connections share (a leaderboard, presence, a pool to pair people from). */
const LIVE_STATE = compile([
  "leaderboards?",
  "presence",
  "who(?:['’]s| is) (?:online|viewing|here|typing)",
  "online status",
  "(?:waiting|matchmaking|match|pairing|lobby) (?:pools?|queues?)",
  "(?:random|skill[\s-]based|instant) (?:pairing|matching|matchmaking)",
]);

/** Apps whose production setup runs on Redis, when an existing one of them moves. */
const REDIS_APPS = compile(["magento", "adobe commerce", "moodle", "discourse", "mastodon"]);
/** Words that say only one job leaves the app (“move just that job out”): the app and its Redis stay. */
const ONE_JOB_OUT = compile([
  "(?:just|only) (?:this|that|the|our|one) (?:[\\w-]+ ){0,2}(?:jobs?|tasks?|workers?|runs?|reports?)",
  "(?:this|that|the) (?:[\\w-]+ ){0,2}(?:job|task|worker) (?:only|alone)",
]);

/** The job framework of the text that runs on Redis, if any (Celery only without another broker). */
function redisJobFramework(text: string): string | undefined {
  const m = text.match(REDIS_JOBS);
  if (!m) return undefined;
  if (CELERY_ONLY.test(m[0].trim()) && OTHER_BROKER.test(text)) return undefined;
  return m[0].trim();
}

/** Whether the request states its request volume (a tier default is no statement). */
function statedRequests(ctx: Context): boolean {
  return ctx.traffic.requests !== SCALE_TRAFFIC[ctx.request.scale].requests;
}

/** Whether the app's reads are many enough to keep off the database (see READ_CACHE_MIN_REQUESTS). */
export function readHeavyTraffic(ctx: Context): boolean {
  const shapes = ctx.workload.shapes;
  if (!shapes.some((s) => READ_HEAVY.has(s))) return false;
  if (statedRequests(ctx)) return ctx.traffic.requests >= READ_CACHE_MIN_REQUESTS;
  // The tier alone speaks for a public app's audience, not for a staff tool or a moved app's (whose store
  // is the framework's call above).
  return ctx.enterpriseTier && !shapes.includes("internal_tool") && shapes.some((s) => PUBLIC_READS.has(s));
}

/**
 * The role of the cache the text gives a reason for — asked for, or the Redis a named job framework or a
 * moved app runs with — or null (high read traffic is readHeavyTraffic's call).
 */
export function cacheReason(ctx: Context): string | null {
  // A product only read as a data source (a Magento store's API) brings none of its hosting.
  const text = maskSources(ctx.request.appDescription);
  if (ASKED.test(text)) return "cache (asked for)";
  // The app moves as it is (not one job taken out of it, not a job rebuilt): it keeps the store it runs on.
  if (ctx.workload.primary === "lift_and_shift" && !ONE_JOB_OUT.test(text)) {
    const jobs = redisJobFramework(text);
    if (jobs) return `Redis for ${jobs} (jobs + cache)`;
    const app = text.match(REDIS_APPS);
    if (app) return `Redis the moved ${app[0]} runs with (cache + sessions)`;
  }
  if (ctx.workload.shapes.some((s) => LIVE.has(s))) {
    if (LIVE_STATE.test(text)) return "live state (sorted sets, presence, pools)";
    if (ctx.enterpriseTier) return "pub/sub fan-out between socket servers + live state";
  }
  return null;
}
