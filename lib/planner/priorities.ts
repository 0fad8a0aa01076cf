/**
 * How the five priorities and the hard requirements change a design on each cloud: services they add and
 * settings they write into subtitles. Every priority changes at least one service, setting or cost on every
 * cloud (tests/planner_priorities_test.ts proves it): Cost Optimization picks the cheaper option (arm64,
 * request-based billing, no duplicate cache), Global Performance adds a second region where another part of the audience is (or Argo on
 * Cloudflare), Scalability puts a queue in front of bursty writes (else sizes the compute for peaks), Developer Velocity sets up preview deploys, and
 * Enterprise Security adds the WAF and staff SSO (selection.ts).
 */
import type { Cloud } from "./catalog/facts.ts";
import { competitorRegions, computeRegions, type Context, type Selection } from "./context.ts";

/** A service a priority adds. */
export interface PriorityUse {
  service: string;
  role: string;
  rank: number;
}

const QUEUE: Record<Cloud, string> = {
  cloudflare: "queues",
  aws: "sqs",
  gcp: "pubsub",
  azure: "service_bus",
  vercel: "queues",
};

/** Streams that take bursts of writes themselves (retained, read at the consumers' pace). */
const STREAM_BUFFERS: Record<Cloud, string[]> = {
  cloudflare: ["pipelines"],
  aws: ["kinesis", "msk"],
  gcp: ["pubsub", "managed_kafka"],
  azure: ["event_hubs"],
  vercel: ["kafka"],
};

/** Services that are an origin behind Cloudflare (what load balancing fails over between). */
export const ORIGIN_KEYS: ReadonlySet<string> = new Set([
  "origin",
  "game_servers",
  "udp_servers",
  "ext_postgres",
  "ext_mysql",
  "ext_mongodb",
  "tunnel",
]);

/** What Argo routes to: the origins, and a database reached through Hyperdrive. */
const ORIGINS = new Set([...ORIGIN_KEYS, "hyperdrive"]);

/** Workloads whose writes come in bursts worth a queue: events, messages, orders, uploads, ingestion. */
const BURSTY_SHAPES = new Set(["iot", "stream_ingestion", "bot_webhook", "etl_warehouse", "realtime_ws"]);
const WRITE_WORDS =
  /\b(?:orders?|bookings?|reservations?|submissions?|sign[\s-]?ups?|check[\s-]?ins?|votes?|tickets?|transactions?|payments?|charges?|pledges?|webhooks?|events?|messages?|e-?mails?|reminders?|appointments?|notifications?|uploads?|posts?|comments?|claims?|registrations?|purchases?|bids?|scans?|readings?|clicks?|writes?|updates?|jobs?|imports?|syncs?|feeds?|index(?:ing|es)?|transcri\w+|generated|generates?|renders?|encod\w+|mq|message queues?|messaging)\b/i;
/** A rate of things in the text ("40k emails a day", "400k updates/day", "3k rps"). */
const RATE =
  /\d[\d,.]*\s*[km]?\+?\s+(?:[\w-]+\s){0,2}?(?:a|an|per|\/|each)\s?(?:second|sec|s|minute|min|hour|h|day|week|month)\b|\brps\b|\bqps\b/i;

/**
 * Whether the request writes in bursts a queue should absorb (Scalability's queue); a read-mostly site or
 * tool scales with its compute's settings instead.
 */
export function writesToBuffer(ctx: Context): boolean {
  if (ctx.caps.has("queues") || ctx.caps.has("iot")) return true;
  if (ctx.workload.shapes.some((s) => BURSTY_SHAPES.has(s))) return true;
  return WRITE_WORDS.test(ctx.request.appDescription) || RATE.test(ctx.request.appDescription);
}

/** Services the chosen priorities add on one cloud (given the services already selected). */
export function priorityServices(
  cloud: Cloud,
  ctx: Context,
  selected: Map<string, Selection>,
): PriorityUse[] {
  const out: PriorityUse[] = [];
  if (ctx.constraints.has("Scalability") && writesToBuffer(ctx)) {
    // A stream the design already has (Kinesis, Event Hubs, Pipelines…) is the buffer: no queue beside it.
    const stream = STREAM_BUFFERS[cloud].find((k) => selected.has(k));
    out.push({ service: stream ?? QUEUE[cloud], role: "buffers write spikes (Scalability)", rank: 67 });
  }
  // Argo speeds the path to an origin; a plan that runs wholly on Cloudflare has none to route to.
  const origin = [...selected.keys()].some((k) => ORIGINS.has(k));
  if (ctx.constraints.has("Global Performance") && cloud === "cloudflare" && origin) {
    out.push({ service: "argo", role: "fastest path to origins (Global Performance)", rank: 40 });
  }
  return out;
}

/** Settings the priorities and requirements write into the subtitles of one cloud's services. */
export function priorityNotes(cloud: Cloud, sel: Map<string, Selection>, ctx: Context): void {
  const note = (key: string, text: string) => sel.get(key)?.notes.push(text);
  const c = ctx.constraints;
  const fn = {
    cloudflare: "workers",
    aws: "lambda",
    gcp: "cloud_run",
    azure: "functions",
    vercel: "functions",
  }[cloud];
  // The compute tier may be an always-on host (App Service, EC2, a cluster) instead of functions.
  const compute = [...sel.values()].find((s) => s.core === "compute")?.key ?? fn;
  const host = compute !== fn;
  if (c.has("Cost Optimization") && host) {
    note(compute, "autoscale to load + savings plan / reserved capacity");
  } else if (c.has("Cost Optimization")) {
    note(
      compute,
      {
        cloudflare: "billed per CPU-ms, no idle time",
        aws: "", // arm64 (Graviton) is written by annotate()
        gcp: "request-based billing, min-instances 0",
        azure: "Flex Consumption, 0 always-ready",
        vercel: "Fluid compute (Active CPU billing)",
      }[cloud],
    );
  }
  if (c.has("Global Performance") && cloud === "cloudflare" && !sel.has("argo")) {
    note("cdn", "Smart Tiered Cache");
  }
  // An audience on one continent gets no far second region: its region, with responses cached at the edge.
  if (c.has("Global Performance") && cloud !== "cloudflare" && computeRegions(ctx).length === 1) {
    const edge = [...sel.values()].find((s) => s.core === "edge")?.key;
    note(edge ?? compute, edge ? "caches responses near the audience" : "one region beside the audience");
  }
  if (c.has("Scalability") && !sel.has(QUEUE[cloud])) {
    note(
      compute,
      host ? "autoscale rules on CPU and request count" : {
        cloudflare: "no instances or capacity to plan",
        aws: "concurrency quota raised for peaks",
        gcp: "max-instances sized for peaks",
        azure: "scale-out limit sized for peaks",
        vercel: "Fluid compute concurrency",
      }[cloud],
    );
  }
  if (c.has("Developer Velocity") && host) note(compute, "CI/CD pipeline with staging slots");
  else if (c.has("Developer Velocity")) {
    note(
      compute,
      {
        cloudflare: "Workers Builds: preview URL per branch",
        aws: "CDK pipeline + Lambda aliases",
        gcp: "Cloud Build deploy on push",
        azure: "GitHub Actions + deployment slots",
        vercel: "preview deployment per PR",
      }[cloud],
    );
  }
  requirementNotes(cloud, sel, ctx, compute);
}

/** Settings the hard requirements (compliance, strong consistency, residency) write into subtitles. */
function requirementNotes(cloud: Cloud, sel: Map<string, Selection>, ctx: Context, compute: string): void {
  const note = (key: string, text: string) => sel.get(key)?.notes.push(text);
  const req = ctx.workload.requirements;
  if (req.hipaa || req.pci || req.soc2) {
    const regimes = [req.hipaa && "HIPAA", req.pci && "PCI DSS", req.soc2 && "SOC 2"].filter(Boolean).join(
      ", ",
    );
    note(
      compute,
      {
        cloudflare: `${regimes}: Enterprise plan + BAA/attestations`,
        aws: `${regimes}-eligible services under the BAA`,
        gcp: `${regimes}: covered services under the BAA`,
        azure: `${regimes}: in-scope services, BAA via terms`,
        vercel: `${regimes}: Enterprise (HIPAA BAA add-on)`,
      }[cloud],
    );
  }
  if (req.strongConsistency && cloud === "cloudflare") {
    note("durable_objects", "strongly consistent, one writer per key");
    note("kv", "caches only (eventually consistent)");
  }
  if (req.residency === "regional" && cloud !== "cloudflare") {
    note(
      compute,
      `each tenant's data pinned to its region (${
        competitorRegions(ctx).join(", ")
      }), no copies between them`,
    );
  } else if (req.residency && cloud !== "cloudflare") {
    note(
      compute,
      `data pinned to ${ctx.region[cloud]}${
        req.residency === "local" ? "" : ` (${req.residency.toUpperCase()})`
      }`,
    );
  }
}
