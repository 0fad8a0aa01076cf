/** Service selection: capabilities → services per cloud, with the scale, constraint and region notes. */
import { CAPABILITIES, type Capability } from "./capabilities.ts";
import { type Cloud } from "./catalog/facts.ts";
import {
  CAPABILITY_RANK,
  CAPABILITY_SERVICES,
  CONSTRAINT_OPTIONS,
  CORE,
  type ServiceUse,
} from "./catalog/mapping.ts";
import { CLOUDFRONT_EGRESS_TIERS, type CloudFrontZone } from "./catalog/prices_aws.ts";
import { CLOUDFLARE_PRICES } from "./catalog/prices_cloudflare.ts";
import { SERVICES } from "./catalog/services.ts";
import { competitorRegions, type Context, IMPLIED_ROLES, type Selection } from "./context.ts";

export function servicesFor(cloud: Cloud, cap: Capability, ctx: Context): ServiceUse[] {
  const option = CONSTRAINT_OPTIONS.find((o) =>
    o.cloud === cloud && o.capability === cap && ctx.constraints.has(o.constraint)
  );
  const uses = option ? option.use : CAPABILITY_SERVICES[cloud][cap];
  if (cap === "video" && ctx.live) {
    if (cloud === "aws") return [{ service: "ivs", role: "live channels" }, ...uses];
    if (cloud === "gcp") return [...uses, { service: "live_stream", role: "live channels" }];
    if (cloud === "cloudflare") {
      return [{ service: "stream", role: "Stream Live (RTMPS/SRT/WebRTC)" }, ...uses];
    }
  }
  return uses;
}

export function select(cloud: Cloud, ctx: Context): Map<string, Selection> {
  const selections = new Map<string, Selection>();
  const add = (key: string, role: string | null, rank: number, core?: "edge" | "compute") => {
    const def = SERVICES[cloud][key];
    if (!def) throw new Error(`catalog: ${cloud} has no service ${key}`);
    let sel = selections.get(key);
    if (!sel) {
      sel = {
        key,
        def,
        id: def.id,
        name: def.name,
        roles: [],
        notes: [],
        rank,
        core,
        folded: [],
        absorbed: [],
      };
      selections.set(key, sel);
    }
    sel.rank = Math.max(sel.rank, rank);
    if (core) sel.core = core;
    if (role && !sel.roles.includes(role)) sel.roles.push(role);
  };
  const core = CORE[cloud];
  add(core.edge, null, 1000, "edge");
  add(core.compute, null, 999, "compute");
  for (const cap of CAPABILITIES) {
    if (!ctx.caps.has(cap)) continue;
    const impliedRole = ctx.implied.has(cap) ? IMPLIED_ROLES[cap] : undefined;
    for (const u of servicesFor(cloud, cap, ctx)) add(u.service, impliedRole ?? u.role, CAPABILITY_RANK[cap]);
  }
  const es = ctx.constraints.has("Enterprise Security");
  const security = ctx.caps.has("bot_protection") || ctx.enterpriseTier || es;
  if (security) {
    add(
      core.security,
      ctx.enterpriseTier ? "WAF + bot management (Enterprise tier)" : "WAF",
      es ? 95 : CAPABILITY_RANK.bot_protection,
    );
  }
  if (es || ctx.caps.has("zero_trust")) {
    add(
      core.zeroTrust,
      ctx.caps.has("zero_trust") ? null : "staff SSO (Enterprise Security)",
      es ? 94 : CAPABILITY_RANK.zero_trust,
    );
  }
  const hasData = ctx.caps.has("relational") || ctx.caps.has("kv");
  if (ctx.growthPlus && hasData && (cloud !== "cloudflare" || ctx.caps.has("relational"))) {
    add(core.cache, cloud === "cloudflare" ? "hot-read cache in front of D1" : "read-through cache", 60);
  }
  annotate(cloud, selections, ctx);
  return selections;
}

/** Scale, constraint and region details that change names and subtitles. */
export function annotate(cloud: Cloud, sel: Map<string, Selection>, ctx: Context): void {
  const note = (key: string, text: string) => sel.get(key)?.notes.push(text);
  const t = ctx.traffic;
  const gp = ctx.constraints.has("Global Performance");
  const costOpt = ctx.constraints.has("Cost Optimization");
  if (cloud === "cloudflare") {
    const cities = CLOUDFLARE_PRICES.cities.value;
    note(
      "cdn",
      ctx.request.region === "Global"
        ? `${cities}+ cities`
        : `${ctx.region.city} served from nearby PoPs of ${cities}+ cities`,
    );
    if (gp || ctx.caps.has("relational")) note("workers", "Smart Placement near data");
    if (ctx.global) note("workers", "no regions to choose: deploys to every city");
    const shards = Math.ceil(t.sqlStorageGb / CLOUDFLARE_PRICES.d1MaxDbGb.value);
    if (shards > 1) note("d1", `${shards}× 10 GB databases (per-tenant shards)`);
    if (ctx.region.d1Hint) note("d1", `location hint ${ctx.region.d1Hint}`);
    if (ctx.growthPlus || gp) note("d1", "global read replication");
    if (ctx.region.doHint) note("durable_objects", `locationHint "${ctx.region.doHint}"`);
    if (ctx.enterpriseTier) note("waf", "Enterprise Bot Management, custom rules");
    if (ctx.caps.has("object_storage")) {
      note("r2", ctx.global ? "auto-distributed, no replication fees" : "zero egress");
    }
    return;
  }
  const regions = competitorRegions(ctx);
  const primary = regions[0];
  const regionNote = regions.length > 1 ? `${regions.join(" + ")}` : primary;
  if (cloud === "aws") {
    note("lambda", regionNote);
    if (costOpt) note("lambda", "arm64 (Graviton)");
    if (ctx.global) note("lambda", "Route 53 latency routing");
    const mix = Object.keys(ctx.region.cloudFrontMix) as CloudFrontZone[];
    note(
      "cloudfront",
      mix.length > 1
        ? "blended global price zones"
        : `${CLOUDFRONT_EGRESS_TIERS.zoneLabels[mix[0]]} price zone`,
    );
    note("rds", primary);
    note(
      "rds",
      ctx.global
        ? `Multi-AZ + cross-region replicas (${regions.slice(1).join(", ")})`
        : ctx.enterpriseTier
        ? "Multi-AZ + read replica"
        : ctx.growthPlus
        ? "+1 read replica"
        : "single-AZ db.t4g.micro",
    );
    note("dynamodb", ctx.global ? `Global Tables: ${regions.join(", ")}` : `on-demand, ${primary}`);
    const ec = sel.get("elasticache");
    if (ec) {
      if (costOpt) ec.name = "ElastiCache Serverless (Valkey)";
      note("elasticache", primary);
    }
    note("s3", primary);
    if (ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier) note("waf", "Shield Advanced");
    note("bedrock", primary);
    note("iot_core", primary);
    note("apigw_ws", primary);
    return;
  }
  if (cloud === "gcp") {
    note("cloud_run", regionNote);
    note("cloud_sql", primary);
    note(
      "cloud_sql",
      ctx.global
        ? "HA + cross-region read replicas"
        : ctx.enterpriseTier
        ? "HA + read replica"
        : ctx.growthPlus
        ? "+1 read replica"
        : "single zone",
    );
    note("firestore", ctx.global ? "multi-region (nam5)" : primary);
    if (ctx.enterpriseTier) note("memorystore", "Standard tier (HA)");
    note("gcs", ctx.global ? "multi-region bucket" : primary);
    if (ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier) {
      note("armor", "Enterprise (Adaptive Protection)");
    }
    note("vertex", primary);
    return;
  }
  if (cloud === "azure") {
    note("functions", regionNote);
    note("postgres", primary);
    note(
      "postgres",
      ctx.global
        ? "zone-redundant HA + geo read replicas"
        : ctx.enterpriseTier
        ? "zone-redundant HA + read replica"
        : ctx.growthPlus
        ? "+1 read replica"
        : "Burstable B1ms",
    );
    note("cosmos", ctx.global ? `multi-region writes: ${regions.join(", ")}` : primary);
    const fd = sel.get("front_door");
    if (fd && sel.has("azure_waf")) fd.name = "Front Door Premium";
    note("blob", primary);
    note("web_pubsub", primary);
    note("openai", primary);
    return;
  }
  // vercel
  note("functions", regionNote);
  if (ctx.global) note("functions", "multi-region failover");
  note("neon", ctx.global ? "read replicas per region" : `near ${primary}`);
}
