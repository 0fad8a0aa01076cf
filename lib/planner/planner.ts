/**
 * The offline planner: turns a request into two architectures (Cloudflare and the chosen competitor) without
 * any network. It reads the description for capabilities (lib/planner/capabilities.ts), maps each to services of
 * both clouds (lib/planner/catalog.ts), lets scale, constraints and region change the design, folds the diagram
 * into at most 8 nodes per platform, prices both designs from the catalog and writes one value
 * proposition per constraint citing those figures.
 *
 * Deterministic: no clock, no randomness; the same request always gives the same plan.
 * Emission order: nodes of the two platforms alternate so both diagrams fill as the stream arrives; each
 * edge follows as soon as both its endpoints were sent; value propositions and costs come last.
 */
import { CAPABILITIES, type Capability, CAPABILITY_LABELS, detectCapabilities } from "./capabilities.ts";
import {
  AWS_PRICES,
  AZURE_PRICES,
  BRAND,
  CAPABILITY_RANK,
  CAPABILITY_SERVICES,
  type Cloud,
  CLOUD_NAMES,
  CLOUDFLARE_PRICES,
  CLOUDFRONT_EGRESS_TIERS,
  type CloudFrontZone,
  COMPETITOR_CLOUD,
  type CompetitorCloud,
  CONSTRAINT_OPTIONS,
  CORE,
  GCP_PRICES,
  MULTI_REGION,
  MUX_PRICES,
  NEUTRAL,
  REGION_INFO,
  type RegionInfo,
  SCALE_TRAFFIC,
  type ServiceDef,
  SERVICES,
  type ServiceUse,
  type Traffic,
  VERCEL_PRICES,
  VIDEO_GB_PER_MINUTE,
  VIDEO_RENDITIONS,
  type WireEnd,
} from "./catalog.ts";
import {
  type CostData,
  type EdgeData,
  MAX_NODES_PER_PLATFORM,
  type NodeData,
  type PlanElement,
  type Platform,
  type ValuePropData,
} from "../protocol/events.ts";
import type { Constraint, NormalizedRequest } from "../protocol/request_schema.ts";

/** Version of the planner's output, part of the cache key: bump it in lib/protocol/engine_version.ts. */
export { PLANNER_VERSION } from "../protocol/engine_version.ts";

/** A plan in emission order (nodes before the edges that use them). */
export interface Plan {
  /** Capabilities the design covers: detected ones plus any the planner implied (canonical order). */
  capabilities: Capability[];
  elements: PlanElement[];
}

type CostItem = CostData["items"][number];

/** Everything the design decisions depend on. */
interface Context {
  request: NormalizedRequest;
  competitor: CompetitorCloud;
  caps: Set<Capability>;
  constraints: Set<Constraint>;
  traffic: Traffic;
  region: RegionInfo;
  /** Growth and above: caching tier, read replicas. */
  growthPlus: boolean;
  /** Enterprise and Global: WAF/bot management, HA. */
  enterpriseTier: boolean;
  /** Global scale: multi-region competitor design. */
  global: boolean;
  /** The description asks for live video. */
  live: boolean;
  /** Capabilities the description did not name but every design needs (a place to keep data). */
  implied: Set<Capability>;
}

/** What an implied store holds, instead of the role it has when the description asks for it. */
const IMPLIED_ROLES: Partial<Record<Capability, string>> = {
  object_storage: "site content and assets",
  relational: "app data",
};

/** One service chosen for a design (before folding into nodes). */
interface Selection {
  key: string;
  def: ServiceDef;
  id: string;
  name: string;
  roles: string[];
  notes: string[];
  rank: number;
  core?: "edge" | "compute";
  /** Services folded into this node. */
  folded: Selection[];
  /** Names of services folded into this node without renaming it (listed in the subtitle). */
  absorbed: string[];
}

interface Design {
  cloud: Cloud;
  selections: Map<string, Selection>;
  nodes: NodeData[];
  edges: EdgeData[];
  costs: CostItem[];
}

// ---------------------------------------------------------------------------------------------------------
// Formatting helpers

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const over = (value: number, included: number) => Math.max(0, value - included);

/** 25000000 → "25M", 1500 → "1.5K", 4.32e9 → "4.32B". */
function count(n: number): string {
  const fmt = (v: number) => String(Math.round(v * 100) / 100);
  if (n >= 1e9) return `${fmt(n / 1e9)}B`;
  if (n >= 1e6) return `${fmt(n / 1e6)}M`;
  if (n >= 1e4) return `${fmt(n / 1e3)}K`;
  return fmt(n);
}

/** 1234.5 → "$1,234.50"; prices below a cent keep their precision ("$0.0004"). */
function usd(n: number): string {
  if (n !== 0 && Math.abs(n) < 0.01) return `$${n}`;
  if (Number.isInteger(n)) return `$${n.toLocaleString("en-US")}`;
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A price as written in a basis: "$0.30", "$0.0004", "$12.50". */
function rate(n: number): string {
  if (n >= 0.01 && Math.abs(Math.round(n * 100) - n * 100) < 1e-9) return `$${n.toFixed(2)}`;
  return `$${n}`;
}

function gb(n: number): string {
  return n >= 1024
    ? `${String(Math.round((n / 1024) * 100) / 100)} TB`
    : `${String(Math.round(n * 100) / 100)} GB`;
}

function fitText(parts: string[], max: number, sep = " · "): string {
  const kept: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    const next = [...kept, part].join(sep);
    if (next.length <= max) kept.push(part);
    else if (kept.length === 0) return part.slice(0, max - 1) + "…";
  }
  return kept.join(sep);
}

const QTY = /^([\d.]+)([KMB])?(?: (GB|TB|GiB))?( [A-Za-z][\w-]*)?$/;

function quantity(text: string): number | undefined {
  const m = text.match(QTY);
  if (!m) return undefined;
  const mult = { K: 1e3, M: 1e6, B: 1e9 }[m[2] as "K" | "M" | "B"] ?? 1;
  return Number(m[1]) * mult * (m[3] === "TB" ? 1024 : 1);
}

/** "(240 GB − 1 TB free) × $0.085/GB" → "240 GB (within 1 TB free)" when nothing is billable. */
function tidy(part: string): string {
  const m = part.match(/^\((.+?) − (.+?)(?: (incl\.|free))?\)\s*(.*)$/);
  if (!m) return part;
  const [, used, included, kind, rest] = m;
  const u = quantity(used), i = quantity(included);
  if (u === undefined || i === undefined || u > i) return part;
  const head = rest.split(" × ")[0];
  const noun = head.startsWith("$") || head.startsWith("×") ? "" : head;
  return `${used}${noun ? ` ${noun}` : ""} (within ${included} ${kind === "free" ? "free" : "included"})`;
}

function item(service: string, amount: number, basisParts: string[]): CostItem {
  const basis = fitText(basisParts.filter(Boolean).map(tidy), 300, " + ");
  return {
    service: service.slice(0, 80),
    monthlyUsd: round2(Math.max(0, amount)),
    basis: basis || "list price",
  };
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || "x";
}

// ---------------------------------------------------------------------------------------------------------
// Context

const DATA_CAPS: Capability[] = [
  "relational",
  "kv",
  "object_storage",
  "vector",
  "iot",
  "analytics",
  "video",
  "search",
];
const LIVE_VIDEO =
  /(?<![\w])(?:live[\s-]?stream(?:s|ing|ers?)?|livestream\w*|broadcast\w*|webinars?|twitch|live video)(?![\w])/i;

function makeContext(request: NormalizedRequest): Context {
  const detected = detectCapabilities(request.appDescription);
  const caps = new Set<Capability>(detected);
  const implied = new Set<Capability>();
  // A design always persists something: imply a store when the description names none.
  if (!DATA_CAPS.some((c) => caps.has(c))) {
    implied.add(caps.has("static_site") ? "object_storage" : "relational");
  }
  for (const cap of implied) caps.add(cap);
  const scale = request.scale;
  return {
    request,
    competitor: COMPETITOR_CLOUD[request.competitor],
    caps,
    constraints: new Set(request.constraints),
    traffic: SCALE_TRAFFIC[scale],
    region: REGION_INFO[request.region],
    growthPlus: scale !== "Startup",
    enterpriseTier: scale === "Enterprise" || scale === "Global",
    global: scale === "Global",
    live: caps.has("video") && LIVE_VIDEO.test(request.appDescription),
    implied,
  };
}

function competitorRegions(ctx: Context): string[] {
  const primary = ctx.region[ctx.competitor];
  if (!ctx.global) return [primary];
  const extra = MULTI_REGION[ctx.competitor].filter((r) => r !== primary);
  return [primary, ...extra].slice(0, 3);
}

// ---------------------------------------------------------------------------------------------------------
// Service selection

function servicesFor(cloud: Cloud, cap: Capability, ctx: Context): ServiceUse[] {
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

function select(cloud: Cloud, ctx: Context): Map<string, Selection> {
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
function annotate(cloud: Cloud, sel: Map<string, Selection>, ctx: Context): void {
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

// ---------------------------------------------------------------------------------------------------------
// Folding into at most 8 nodes

function fold(selections: Map<string, Selection>): { nodes: Selection[]; alias: Map<string, string> } {
  const alive = [...selections.values()];
  const alias = new Map<string, string>(alive.map((s) => [s.key, s.key]));
  // Users take one slot.
  while (alive.length + 1 > MAX_NODES_PER_PLATFORM) {
    const foldable = alive.filter((s) => !s.core);
    // Lowest rank first; ties: the later-selected one.
    const victim = foldable.reduce((lo, s) => (s.rank <= lo.rank ? s : lo));
    const partners = alive.filter((s) => s !== victim && s.def.group === victim.def.group);
    const host = partners.length
      ? partners.reduce((hi, s) => (s.rank > hi.rank ? s : hi))
      : alive.find((s) => s.core === "compute")!;
    const merged = `${host.name} + ${victim.name}`;
    if (partners.length && merged.length <= 60) host.name = merged;
    else host.absorbed.push(victim.name, ...victim.absorbed);
    host.folded.push(victim, ...victim.folded);
    host.roles.push(...victim.roles.filter((r) => !host.roles.includes(r)));
    alive.splice(alive.indexOf(victim), 1);
    for (const [k, v] of alias) if (v === victim.key) alias.set(k, host.key);
  }
  return { nodes: alive, alias };
}

function subtitleOf(sel: Selection): string {
  const base = fitText([sel.def.blurb, ...sel.notes], 120);
  if (!sel.absorbed.length) return fitText([base, ...sel.roles], 120);
  // List what was folded in, as many names as fit.
  const room = 120 - base.length - " · also ".length;
  const names: string[] = [];
  for (const name of sel.absorbed) {
    const next = [...names, name].join(", ");
    if (next.length + 2 > room) break;
    names.push(name);
  }
  const rest = sel.absorbed.length - names.length;
  const also = names.length ? `also ${names.join(", ")}${rest ? ` +${rest}` : ""}` : `+${rest} more`;
  return fitText([base, also, ...sel.roles], 120);
}

function nodeColor(cloud: Cloud, sel: Selection): string {
  if (sel.def.external) return NEUTRAL.external;
  return BRAND[cloud].byType[sel.def.type] ?? BRAND[cloud].primary;
}

const CORE_LABELS: Record<Cloud, string> = {
  cloudflare: "invoke",
  aws: "origin request",
  gcp: "serverless NEG",
  azure: "origin",
  vercel: "route",
};

function usersNode(ctx: Context): NodeData {
  const who = ctx.caps.has("iot") ? "Users + devices" : "Users";
  const where = ctx.request.region === "Global" ? "worldwide" : `mostly in ${ctx.region.city}`;
  return {
    id: "users",
    type: "users",
    name: who,
    subtitle: fitText([
      `${ctx.traffic.usersLabel}, ${where}`,
      `${count(ctx.traffic.requests)} requests/month`,
    ], 120),
    color: NEUTRAL.users,
  };
}

function buildDiagram(
  cloud: Cloud,
  selections: Map<string, Selection>,
  ctx: Context,
): { nodes: NodeData[]; edges: EdgeData[] } {
  const { nodes: kept, alias } = fold(selections);
  const byKey = new Map(kept.map((s) => [s.key, s]));
  const edgeSel = kept.find((s) => s.core === "edge")!;
  const computeSel = kept.find((s) => s.core === "compute")!;
  const securityKey = CORE[cloud].security;
  const security = byKey.get(securityKey);
  const rest = kept.filter((s) => !s.core && s !== security).sort((a, b) => b.rank - a.rank);
  const ordered = [...(security ? [security] : []), edgeSel, computeSel, ...rest];
  const nodes: NodeData[] = [usersNode(ctx)];
  for (const s of ordered) {
    nodes.push({
      id: s.id,
      type: s.def.type,
      name: s.name,
      subtitle: subtitleOf(s),
      color: nodeColor(cloud, s),
    });
  }
  const idOf = (end: WireEnd, self: Selection): string | undefined => {
    if (end === "users") return "users";
    if (end === "edge") return edgeSel.id;
    if (end === "compute") return computeSel.id;
    if (end === "self") return self.id;
    const target = alias.get(end);
    return target ? byKey.get(target)?.id : undefined;
  };
  const edges: EdgeData[] = [];
  const seen = new Set<string>();
  const brand = BRAND[cloud];
  const addEdge = (from: string | undefined, to: string | undefined, label: string, dashed = false) => {
    if (!from || !to || from === to) return;
    const pair = `${from}>${to}`;
    if (seen.has(pair)) return;
    seen.add(pair);
    let id = slug(`${from}-${to}`);
    while (edges.some((e) => e.id === id)) id = slug(`${id.slice(0, 44)}-${edges.length}`);
    edges.push({
      id,
      from,
      to,
      label,
      style: dashed ? "dashed" : "solid",
      color: dashed ? brand.asyncEdge : brand.edge,
    });
  };
  if (security) {
    addEdge("users", security.id, "HTTPS");
    addEdge(security.id, edgeSel.id, "filtered traffic");
  } else addEdge("users", edgeSel.id, "HTTPS");
  addEdge(edgeSel.id, computeSel.id, CORE_LABELS[cloud]);
  for (const s of ordered) {
    for (const member of [s, ...s.folded]) {
      for (const [from, to, label, dashed] of member.def.wires) {
        addEdge(idOf(from, s), idOf(to, s), label, dashed);
      }
    }
  }
  // Every node is connected to something.
  for (const s of rest) {
    if (!edges.some((e) => e.from === s.id || e.to === s.id)) addEdge(computeSel.id, s.id, "API");
  }
  return { nodes, edges };
}

// ---------------------------------------------------------------------------------------------------------
// Costs

function cloudflareCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  const out: CostItem[] = [];
  const cpu = t.requests * t.cpuMs;
  const reqCost = over(t.requests, P.workersIncludedRequests.value) * P.workersRequestPerM.value / 1e6;
  const cpuCost = over(cpu, P.workersIncludedCpuMs.value) * P.workersCpuPerMMs.value / 1e6;
  out.push(item("Workers (Paid plan)", P.workersPaidMonthly.value + reqCost + cpuCost, [
    `${usd(P.workersPaidMonthly.value)} plan minimum`,
    `(${count(t.requests)} − ${count(P.workersIncludedRequests.value)} incl.) req × ${
      rate(P.workersRequestPerM.value)
    }/M`,
    `(${count(cpu)} − ${count(P.workersIncludedCpuMs.value)} incl.) CPU-ms × ${
      rate(P.workersCpuPerMMs.value)
    }/M`,
  ]));
  out.push(
    item("CDN bandwidth + DDoS", 0, [`${gb(t.egressGb)} egress × $0/GB (no egress fees, DDoS unmetered)`]),
  );
  if (keys.has("waf")) {
    const business = ctx.enterpriseTier || ctx.constraints.has("Enterprise Security");
    const plan = business ? P.businessPlanMonthly : P.proPlanMonthly;
    out.push(item(business ? "WAF + bots (Business plan)" : "WAF + bots (Pro plan)", plan.value, [
      `${usd(plan.value)}/zone/month list`,
      business
        ? "Enterprise Bot Management is contract-priced (Business used as floor)"
        : "Super Bot Fight Mode included",
    ]));
  }
  if (keys.has("access")) {
    const paid = t.staff > P.zeroTrustFreeUsers.value;
    out.push(item("Access (Zero Trust)", paid ? t.staff * P.zeroTrustPerUser.value : 0, [
      paid
        ? `${t.staff} staff × ${
          usd(P.zeroTrustPerUser.value)
        }/user (free tier ends at ${P.zeroTrustFreeUsers.value})`
        : `${t.staff} staff ≤ ${P.zeroTrustFreeUsers.value} free seats`,
    ]));
  }
  if (keys.has("turnstile")) out.push(item("Turnstile", 0, ["free; sign-in logic runs in Workers"]));
  if (keys.has("kv")) {
    let reads = 0, writes = 0, storage = 0;
    if (ctx.caps.has("kv")) {
      reads += t.dbReads;
      writes += t.dbWrites;
      storage += t.kvStorageGb;
    } else if (ctx.caps.has("auth")) {
      // Signed session cookies; KV holds refresh tokens: ~4 sign-ins and ~30 refreshes per user a month.
      reads += t.mau * 30;
      writes += t.mau * 4;
      storage += t.mau * 2e-6;
    }
    if (ctx.growthPlus && ctx.caps.has("relational")) {
      reads += t.dbReads * 0.5;
      writes += t.dbReads * 0.05;
      storage += t.multiplier;
    }
    const cost = over(reads, P.kvIncludedReads.value) * P.kvReadPerM.value / 1e6 +
      over(writes, P.kvIncludedWrites.value) * P.kvWritePerM.value / 1e6 +
      over(storage, P.kvIncludedGb.value) * P.kvStoragePerGb.value;
    out.push(item("Workers KV", cost, [
      `(${count(reads)} − 10M) reads × ${rate(P.kvReadPerM.value)}/M`,
      `(${count(writes)} − 1M) writes × ${rate(P.kvWritePerM.value)}/M`,
      `(${gb(storage)} − 1 GB) × ${rate(P.kvStoragePerGb.value)}`,
    ]));
  }
  if (keys.has("d1")) {
    const rowsRead = t.dbReads * t.rowsPerRead;
    const rowsWritten = t.dbWrites * t.rowsPerWrite;
    const cost = over(rowsRead, P.d1IncludedRowsRead.value) * P.d1RowsReadPerM.value / 1e6 +
      over(rowsWritten, P.d1IncludedRowsWritten.value) * P.d1RowsWrittenPerM.value / 1e6 +
      over(t.sqlStorageGb, P.d1IncludedGb.value) * P.d1StoragePerGb.value;
    out.push(item("D1", cost, [
      `${count(rowsRead)} rows read (25B incl.) × ${rate(P.d1RowsReadPerM.value)}/M`,
      `${count(rowsWritten)} rows written (50M incl.) × ${rate(P.d1RowsWrittenPerM.value)}/M`,
      `(${gb(t.sqlStorageGb)} − 5 GB) × ${rate(P.d1StoragePerGb.value)}`,
    ]));
  }
  if (keys.has("r2")) {
    const cost = over(t.objectStoredGb, P.r2IncludedGb.value) * P.r2StoragePerGb.value +
      over(t.objectPuts, P.r2IncludedClassA.value) * P.r2ClassAPerM.value / 1e6 +
      over(t.objectGets, P.r2IncludedClassB.value) * P.r2ClassBPerM.value / 1e6;
    out.push(item("R2", cost, [
      `(${gb(t.objectStoredGb)} − 10 GB) × ${rate(P.r2StoragePerGb.value)}`,
      `(${count(t.objectPuts)} − 1M) Class A × ${rate(P.r2ClassAPerM.value)}/M`,
      `(${count(t.objectGets)} − 10M) Class B × ${rate(P.r2ClassBPerM.value)}/M`,
      `${gb(t.objectDownloadGb)} egress × $0`,
    ]));
  }
  if (keys.has("durable_objects")) {
    const wsMessages = (ctx.caps.has("realtime") ? t.realtimeMessages : 0) +
      (ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach : 0);
    const connections = ctx.caps.has("realtime") ? t.realtimeConnectionMinutes / 30 : 0;
    const requests = wsMessages / P.doWsMessagesPerRequest.value + connections;
    const gbS = wsMessages * 0.02 * 0.128;
    const storage = t.multiplier + (ctx.caps.has("iot") ? t.devices / 1000 : 0);
    const cost = over(requests, P.doIncludedRequests.value) * P.doRequestPerM.value / 1e6 +
      over(gbS, P.doIncludedGbS.value) * P.doGbSPerM.value / 1e6 +
      over(storage, P.doIncludedGb.value) * P.doStoragePerGb.value;
    out.push(item("Durable Objects", cost, [
      `(${count(requests)} − 1M incl.) req × ${rate(P.doRequestPerM.value)}/M (${
        count(wsMessages)
      } WS msgs ÷ 20 + ${count(connections)} connects)`,
      `(${count(gbS)} GB-s − 400K) × ${
        rate(P.doGbSPerM.value)
      }/M (20 ms awake per msg, hibernated otherwise)`,
      `(${gb(storage)} − 5 GB) × ${rate(P.doStoragePerGb.value)}`,
    ]));
  }
  if (keys.has("queues")) {
    const messages = (ctx.caps.has("queues") ? t.queueMessages : 0) +
      (ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach / 100 : 0);
    const ops = messages * P.queuesOpsPerMessage.value;
    out.push(item("Queues", over(ops, P.queuesIncludedOps.value) * P.queuesOpPerM.value / 1e6, [
      `(${count(ops)} − 1M incl.) ops × ${rate(P.queuesOpPerM.value)}/M (${count(messages)} msgs × 3)`,
      ctx.caps.has("iot") ? "device readings batched 100 per message" : "",
    ]));
  }
  if (keys.has("cron")) {
    out.push(item("Cron Triggers", 0, [`${t.cronJobs} schedules, included in Workers Paid`]));
  }
  if (keys.has("stream")) {
    const liveMinutes = ctx.live ? t.liveViewerHours * 60 : 0;
    const delivered = t.videoDeliveredMinutes + liveMinutes;
    const cost = t.videoStoredMinutes / 1000 * P.streamStoredPer1kMin.value +
      delivered / 1000 * P.streamDeliveredPer1kMin.value;
    out.push(item("Stream", cost, [
      `${count(t.videoStoredMinutes)} min stored × ${usd(P.streamStoredPer1kMin.value)}/1K`,
      `${count(delivered)} min delivered × ${usd(P.streamDeliveredPer1kMin.value)}/1K`,
      "encoding free",
    ]));
  }
  if (keys.has("images")) {
    out.push(
      item(
        "Images",
        over(t.imageTransforms, P.imagesIncludedTransforms.value) / 1000 * P.imagesTransformPer1k.value,
        [
          `(${count(t.imageTransforms)} − 5K free) transformations × ${
            rate(P.imagesTransformPer1k.value)
          }/1K (originals in R2)`,
        ],
      ),
    );
  }
  if (keys.has("workers_ai")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    const free = P.workersAiFreeNeuronsPerDay.value * 30 / 1000 * P.workersAiPer1kNeurons.value;
    const gross = inTok / 1e6 * P.workersAiLlama8bInPerM.value +
      outTok / 1e6 * P.workersAiLlama8bOutPerM.value;
    out.push(item("Workers AI (Llama 3.1 8B)", gross - free, [
      `${count(inTok)} in tok × ${rate(P.workersAiLlama8bInPerM.value)}/M`,
      `${count(outTok)} out tok × ${rate(P.workersAiLlama8bOutPerM.value)}/M`,
      `(${usd(round2(free))} of free Neurons deducted)`,
    ]));
  }
  if (keys.has("vectorize")) {
    const queries = (ctx.caps.has("vector") ? t.vectorQueries : 0) +
      (ctx.caps.has("search") ? t.searchQueries : 0);
    const queried = queries * t.vectorDims;
    const stored = t.vectors * t.vectorDims;
    const cost = over(queried, P.vectorizeIncludedQueried.value) * P.vectorizeQueriedPerM.value / 1e6 +
      over(stored, P.vectorizeIncludedStored.value) * P.vectorizeStoredPer100M.value / 1e8;
    out.push(item("Vectorize", cost, [
      `(${count(queried)} − 50M incl.) queried-dims × ${rate(P.vectorizeQueriedPerM.value)}/M (${
        count(queries)
      } queries × ${t.vectorDims})`,
      `(${count(stored)} − 10M incl.) stored-dims × ${rate(P.vectorizeStoredPer100M.value)}/100M`,
    ]));
  }
  if (keys.has("analytics_engine")) {
    out.push(
      item(
        "Workers Analytics Engine",
        over(t.events, P.analyticsEngineIncluded.value) * P.analyticsEnginePerM.value / 1e6,
        [
          `(${count(t.events)} − 10M) data points × ${rate(P.analyticsEnginePerM.value)}/M`,
        ],
      ),
    );
  }
  if (keys.has("email")) {
    out.push(
      item(
        "Email Routing + Sending",
        over(t.emails, P.emailSendingIncluded.value) / 1000 * P.emailSendingPer1k.value,
        [
          `(${count(t.emails)} − ${count(P.emailSendingIncluded.value)} incl.) emails × ${
            rate(P.emailSendingPer1k.value)
          }/1K (Routing free)`,
        ],
      ),
    );
  }
  return out;
}

/** Tiered CloudFront egress over the region's zone mix, after the 1 TB always-free allowance. */
function cloudFrontEgress(
  totalGb: number,
  mix: Partial<Record<CloudFrontZone, number>>,
): { cost: number; basis: string } {
  const billable = over(totalGb, AWS_PRICES.cloudFrontFreeGb.value);
  let cost = 0;
  const parts: string[] = [];
  for (const [zone, weight] of Object.entries(mix) as [CloudFrontZone, number][]) {
    let remaining = billable * weight;
    const rates = CLOUDFRONT_EGRESS_TIERS.zones[zone];
    for (let i = 0; i < rates.length && remaining > 0; i++) {
      const take = Math.min(remaining, CLOUDFRONT_EGRESS_TIERS.tierGb[i]);
      cost += take * rates[i];
      remaining -= take;
    }
    parts.push(`${CLOUDFRONT_EGRESS_TIERS.zoneLabels[zone]} ${rate(rates[0])}/GB`);
  }
  return {
    cost,
    basis: `(${gb(totalGb)} − 1 TB free) × ${parts.join(", ")}${
      billable > 10_240 ? " (tiered past 10 TB)" : ""
    }`,
  };
}

function awsCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  const out: CostItem[] = [];
  const regions = competitorRegions(ctx).length;
  const costOpt = ctx.constraints.has("Cost Optimization");
  // API Gateway + Lambda (HTTP requests, plus WebSocket routes and IoT rules that invoke Lambda).
  const extraInvocations = (keys.has("apigw_ws") ? t.realtimeMessages : 0) +
    (keys.has("iot_core") ? t.devices * t.deviceMessagesEach : 0);
  const invocations = t.requests + extraInvocations;
  const gbS = invocations * t.wallMs / 1000 * t.memoryGb;
  const gbSRate = costOpt ? P.lambdaGbSArm.value : P.lambdaGbS.value;
  const httpApi = Math.min(t.requests, 300e6) * P.httpApiPerM.value / 1e6 +
    over(t.requests, 300e6) * P.httpApiPerMOver300M.value / 1e6;
  const lambda = over(invocations, P.lambdaFreeRequests.value) * P.lambdaRequestPerM.value / 1e6 +
    over(gbS, P.lambdaFreeGbS.value) * gbSRate;
  out.push(item("API Gateway (HTTP API)", httpApi, [
    `${count(t.requests)} req × ${rate(P.httpApiPerM.value)}/M${
      t.requests > 300e6 ? " (first 300M), $0.90/M after" : ""
    }`,
  ]));
  out.push(item("Lambda", lambda, [
    `(${count(invocations)} − 1M) invocations × ${rate(P.lambdaRequestPerM.value)}/M`,
    `(${count(gbS)} GB-s − 400K) × $${gbSRate}/GB-s (${t.wallMs} ms × ${t.memoryGb * 1024} MB${
      costOpt ? ", arm64" : ""
    })`,
  ]));
  const videoGb = keys.has("mediaconvert") ? t.videoDeliveredMinutes * VIDEO_GB_PER_MINUTE : 0;
  const egress = cloudFrontEgress(t.egressGb + videoGb, ctx.region.cloudFrontMix);
  const cfRequests = over(t.requests, P.cloudFrontFreeRequests.value) / 10_000 *
    P.cloudFrontHttpsPer10k.value;
  out.push(item("CloudFront", egress.cost + cfRequests, [
    egress.basis,
    `(${count(t.requests)} − 10M) HTTPS req × ${rate(P.cloudFrontHttpsPer10k.value)}/10K`,
  ]));
  if (keys.has("waf")) {
    const bot = ctx.caps.has("bot_protection") || ctx.enterpriseTier;
    const shield = ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier;
    const cost = P.wafWebAclMonthly.value + 10 * P.wafRuleMonthly.value +
      t.requests * P.wafRequestPerM.value / 1e6 +
      (bot ? P.wafBotControlMonthly.value + over(t.requests, 10e6) * P.wafBotControlPerM.value / 1e6 : 0) +
      (shield ? P.shieldAdvancedMonthly.value : 0);
    out.push(item(shield ? "AWS WAF + Shield Advanced" : "AWS WAF", cost, [
      `${usd(P.wafWebAclMonthly.value)} web ACL + 10 rules × ${usd(P.wafRuleMonthly.value)}`,
      `${count(t.requests)} req × ${rate(P.wafRequestPerM.value)}/M`,
      bot
        ? `Bot Control ${usd(P.wafBotControlMonthly.value)} + (${count(t.requests)} − 10M) × ${
          rate(P.wafBotControlPerM.value)
        }/M`
        : "",
      shield ? `Shield Advanced ${usd(P.shieldAdvancedMonthly.value)}` : "",
    ]));
  }
  if (keys.has("identity_center")) {
    out.push(item("IAM Identity Center + Verified Access", P.verifiedAccessAppHour.value * 730, [
      `1 app × 730 h × ${rate(P.verifiedAccessAppHour.value)}/h (Identity Center itself free)`,
    ]));
  }
  if (keys.has("cognito")) {
    out.push(item("Cognito", over(t.mau, P.cognitoFreeMau.value) * P.cognitoLitePerMau.value, [
      `(${count(t.mau)} − 10K free) MAU × $${P.cognitoLitePerMau.value} (Lite)`,
    ]));
  }
  if (keys.has("rds")) {
    const [label, hourly, copies] = ctx.global
      ? ["db.r6g.xlarge Multi-AZ + 2 cross-region replicas", P.rdsR6gXlargeHourly.value, 4]
      : ctx.enterpriseTier
      ? ["db.r6g.large Multi-AZ + 1 replica", P.rdsR6gLargeHourly.value, 3]
      : ctx.growthPlus
      ? ["db.t4g.medium + 1 read replica", P.rdsT4gMediumHourly.value, 2]
      : ["db.t4g.micro single-AZ", P.rdsT4gMicroMonthly.value / 730, 1];
    const storage = Math.max(P.rdsMinStorageGb.value, t.sqlStorageGb);
    out.push(item("RDS for PostgreSQL", hourly * 730 * copies + storage * copies * P.rdsGp3PerGb.value, [
      `${label}: ${copies} × 730 h × $${round2(hourly * 1000) / 1000}/h`,
      `${copies} × ${gb(storage)} gp3 × ${rate(P.rdsGp3PerGb.value)}`,
    ]));
  }
  if (keys.has("dynamodb")) {
    const cost = t.dbWrites * regions * P.dynamoWritePerM.value / 1e6 +
      t.dbReads * P.dynamoReadPerM.value / 1e6 +
      over(t.kvStorageGb * regions, P.dynamoFreeGb.value) * P.dynamoStoragePerGb.value;
    out.push(item("DynamoDB", cost, [
      `${count(t.dbWrites)} writes${regions > 1 ? ` × ${regions} regions` : ""} × ${
        rate(P.dynamoWritePerM.value)
      }/M`,
      `${count(t.dbReads)} reads × ${rate(P.dynamoReadPerM.value)}/M`,
      `(${gb(t.kvStorageGb * regions)} − 25 GB) × ${rate(P.dynamoStoragePerGb.value)}`,
    ]));
  }
  if (keys.has("elasticache")) {
    const gbCached = Math.max(1, ctx.global ? 25 : ctx.enterpriseTier ? 5 : 1);
    const r = P.elastiCacheGbHour.value * (costOpt ? 1 - P.elastiCacheValkeyDiscount.value : 1);
    out.push(
      item(costOpt ? "ElastiCache Serverless (Valkey)" : "ElastiCache Serverless", gbCached * 730 * r, [
        `${gbCached} GB (1 GB min) × 730 h × $${round2(r * 10000) / 10000}/GB-h`,
        "ECPU charges not included",
      ]),
    );
  }
  if (keys.has("s3")) {
    const renditionsGb = keys.has("mediaconvert")
      ? t.videoStoredMinutes * VIDEO_GB_PER_MINUTE * VIDEO_RENDITIONS
      : 0;
    const stored = t.objectStoredGb + renditionsGb;
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    const cost = stored * P.s3StoragePerGb.value + t.objectPuts / 1000 * P.s3PutPer1k.value +
      t.objectGets / 1000 * P.s3GetPer1k.value +
      over(downloads, P.s3FreeEgressGb.value) * P.s3EgressPerGb.value;
    out.push(item("S3", cost, [
      `${gb(stored)} × ${rate(P.s3StoragePerGb.value)}`,
      `${count(t.objectPuts)} PUT × ${rate(P.s3PutPer1k.value)}/1K`,
      `${count(t.objectGets)} GET × $${P.s3GetPer1k.value}/1K`,
      `(${gb(downloads)} − 100 GB) egress × ${rate(P.s3EgressPerGb.value)}/GB`,
    ]));
  }
  if (keys.has("apigw_ws")) {
    out.push(item(
      "API Gateway WebSocket API",
      t.realtimeMessages * P.wsMessagePerM.value / 1e6 +
        t.realtimeConnectionMinutes * P.wsConnMinPerM.value / 1e6,
      [
        `${count(t.realtimeMessages)} msgs × ${rate(P.wsMessagePerM.value)}/M`,
        `${count(t.realtimeConnectionMinutes)} connection-min × ${rate(P.wsConnMinPerM.value)}/M`,
      ],
    ));
  }
  if (keys.has("sqs")) {
    out.push(item("SQS", over(t.queueMessages * 3, P.sqsFreeRequests.value) * P.sqsPerM.value / 1e6, [
      `(${count(t.queueMessages * 3)} − 1M free) requests × ${rate(P.sqsPerM.value)}/M (${
        count(t.queueMessages)
      } msgs × 3)`,
    ]));
  }
  if (keys.has("scheduler")) {
    const inv = t.cronJobs * 730;
    out.push(
      item(
        "EventBridge Scheduler",
        over(inv, P.schedulerFreeInvocations.value) * P.schedulerPerM.value / 1e6,
        [
          `${count(inv)} invocations (hourly × ${t.cronJobs}) within 14M free`,
        ],
      ),
    );
  }
  if (keys.has("mediaconvert")) {
    out.push(item("MediaConvert", t.videoNewMinutes * VIDEO_RENDITIONS * P.mediaConvertHdMin.value, [
      `${count(t.videoNewMinutes)} new min × ${VIDEO_RENDITIONS} renditions × ${
        rate(P.mediaConvertHdMin.value)
      }/min`,
      `delivery via CloudFront (${gb(videoGb)})`,
    ]));
  }
  if (keys.has("ivs")) {
    out.push(
      item(
        "IVS",
        t.liveInputHours * P.ivsStandardInputHour.value + t.liveViewerHours * P.ivsHdOutputHour.value,
        [
          `${count(t.liveInputHours)} input h × ${rate(P.ivsStandardInputHour.value)}`,
          `${count(t.liveViewerHours)} viewer-h × ${rate(P.ivsHdOutputHour.value)} (HD)`,
        ],
      ),
    );
  }
  if (keys.has("image_handler")) {
    const g = t.imageTransforms * 0.5;
    out.push(
      item(
        "Serverless Image Handler (Lambda)",
        t.imageTransforms * P.lambdaRequestPerM.value / 1e6 + g * P.lambdaGbS.value,
        [
          `${count(t.imageTransforms)} resizes × (${
            rate(P.lambdaRequestPerM.value)
          }/M + 0.5 GB-s × $${P.lambdaGbS.value})`,
        ],
      ),
    );
  }
  if (keys.has("bedrock")) {
    const tok = t.aiRequests * (t.aiInputTokens + t.aiOutputTokens);
    out.push(item("Bedrock (Llama 3.1 8B)", tok * P.bedrockLlama8bPerM.value / 1e6, [
      `${count(tok)} tokens in+out × ${rate(P.bedrockLlama8bPerM.value)}/M`,
    ]));
  }
  if (keys.has("opensearch")) {
    const ocu = P.openSearchMinOcu.value * (ctx.global ? 4 : ctx.enterpriseTier ? 2 : 1);
    const storage = t.vectors * t.vectorDims * 4 / 1e9 + (ctx.caps.has("search") ? t.multiplier : 0);
    out.push(
      item(
        "OpenSearch Serverless",
        ocu * 730 * P.openSearchOcuHour.value + storage * P.openSearchStoragePerGb.value,
        [
          `${ocu} OCU × 730 h × ${rate(P.openSearchOcuHour.value)}`,
          `${gb(storage)} × ${rate(P.openSearchStoragePerGb.value)}`,
        ],
      ),
    );
  }
  if (keys.has("s3_vectors")) {
    const vGb = t.vectors * t.vectorDims * 4 / 1e9;
    out.push(item(
      "S3 Vectors",
      vGb * P.s3VectorsStoragePerGb.value + vGb * 0.1 * P.s3VectorsPutPerGb.value +
        t.vectorQueries * P.s3VectorsQueryPerM.value / 1e6,
      [
        `${gb(vGb)} × ${rate(P.s3VectorsStoragePerGb.value)}`,
        `10% re-upload × ${rate(P.s3VectorsPutPerGb.value)}/GB`,
        `${count(t.vectorQueries)} queries × ${rate(P.s3VectorsQueryPerM.value)}/M`,
      ],
    ));
  }
  if (keys.has("firehose")) {
    const g = t.events / 1e6; // 1 KB per event
    out.push(item("Data Firehose + Athena", g * P.firehosePerGb.value + g * 2 / 1000 * P.athenaPerTb.value, [
      `${gb(g)} (1 KB/event) × ${rate(P.firehosePerGb.value)}`,
      `${gb(g * 2)} scanned × ${usd(P.athenaPerTb.value)}/TB`,
    ]));
  }
  if (keys.has("ses")) {
    out.push(
      item("SES", t.emails / 1000 * P.sesPer1k.value, [
        `${count(t.emails)} emails × ${rate(P.sesPer1k.value)}/1K`,
      ]),
    );
  }
  if (keys.has("iot_core")) {
    const msgs = t.devices * t.deviceMessagesEach;
    const connMin = t.devices * t.deviceMessagesEach; // connected every minute
    const cost = Math.min(msgs, 1e9) * P.iotMessagePerM.value / 1e6 +
      over(msgs, 1e9) * P.iotMessagePerMOver1B.value / 1e6 +
      connMin * P.iotConnMinPerM.value / 1e6;
    out.push(item("IoT Core", cost, [
      `${count(msgs)} msgs × ${rate(P.iotMessagePerM.value)}/M${
        msgs > 1e9 ? " (first 1B), $0.80/M after" : ""
      }`,
      `${count(connMin)} connection-min × ${rate(P.iotConnMinPerM.value)}/M`,
    ]));
  }
  return out;
}

function gcpCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  const out: CostItem[] = [];
  const regions = competitorRegions(ctx).length;
  const iotMsgs = ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach : 0;
  const req = t.requests + iotMsgs;
  const vcpuS = req * t.wallMs / 1000;
  const gibS = vcpuS * t.memoryGb;
  out.push(item(
    "Cloud Run",
    over(req, P.runFreeRequests.value) * P.runRequestPerM.value / 1e6 +
      over(vcpuS, P.runFreeVcpuSeconds.value) * P.runVcpuSecond.value +
      over(gibS, P.runFreeGibSeconds.value) * P.runGibSecond.value,
    [
      `(${count(req)} − 2M) req × ${rate(P.runRequestPerM.value)}/M`,
      `(${count(vcpuS)} − 180K) vCPU-s × $${P.runVcpuSecond.value}`,
      `(${count(gibS)} − 360K) GiB-s × $${P.runGibSecond.value} (1 vCPU, 512 MiB, no request overlap)`,
    ],
  ));
  const liveMinutes = keys.has("live_stream") ? t.liveViewerHours * 60 : 0;
  const videoGb = keys.has("transcoder") ? (t.videoDeliveredMinutes + liveMinutes) * VIDEO_GB_PER_MINUTE : 0;
  const egressGb = t.egressGb + videoGb;
  out.push(
    item(
      "Cloud CDN + Load Balancer",
      730 * P.lbForwardingRuleHour.value + egressGb * P.cdnEgressPerGib.value +
        t.requests / 10_000 * P.cdnLookupPer10k.value,
      [
        `forwarding rule 730 h × ${rate(P.lbForwardingRuleHour.value)}`,
        `${gb(egressGb)} × ${rate(P.cdnEgressPerGib.value)}/GiB (North America rate)`,
        `${count(t.requests)} lookups × $${P.cdnLookupPer10k.value}/10K`,
      ],
    ),
  );
  if (keys.has("armor")) {
    const enterprise = ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier;
    out.push(
      item(
        enterprise ? "Cloud Armor Enterprise" : "Cloud Armor",
        enterprise
          ? P.armorEnterpriseMonthly.value
          : P.armorPolicyMonthly.value + 10 * P.armorRuleMonthly.value +
            t.requests * P.armorRequestPerM.value / 1e6,
        [
          enterprise
            ? `${usd(P.armorEnterpriseMonthly.value)}/month subscription (annual)`
            : `${usd(P.armorPolicyMonthly.value)} policy + 10 rules × ${usd(P.armorRuleMonthly.value)} + ${
              count(t.requests)
            } req × ${rate(P.armorRequestPerM.value)}/M`,
        ],
      ),
    );
  }
  if (keys.has("iap")) {
    out.push(item("Identity-Aware Proxy", 0, ["no charge for HTTPS resources behind the load balancer"]));
  }
  if (keys.has("identity_platform")) {
    let cost = 0, prev = P.identityPlatformFreeMau.value;
    for (const [upTo, price] of P.identityPlatformTiers) {
      cost += Math.max(0, Math.min(t.mau, upTo) - prev) * price;
      prev = upTo;
    }
    out.push(item("Identity Platform", cost, [
      `(${count(t.mau)} − 50K free) MAU, tiered $0.0055 → $0.0046 (100K+) → $0.0032 (1M+)`,
    ]));
  }
  if (keys.has("cloud_sql")) {
    const [vcpu, mem, copies, label] = ctx.global
      ? [8, 30, 4, "8 vCPU/30 GB HA + 2 cross-region replicas"]
      : ctx.enterpriseTier
      ? [4, 15, 3, "4 vCPU/15 GB HA + 1 replica"]
      : ctx.growthPlus
      ? [2, 7.5, 2, "2 vCPU/7.5 GB + 1 replica"]
      : [1, 3.75, 1, "1 vCPU/3.75 GB single zone"];
    const hourly = vcpu * P.sqlVcpuHour.value + mem * P.sqlGbHour.value;
    const storage = Math.max(10, t.sqlStorageGb);
    out.push(
      item("Cloud SQL for PostgreSQL", hourly * 730 * copies + storage * copies * P.sqlSsdPerGb.value, [
        `${label}: ${copies} × 730 h × $${round2(hourly * 1000) / 1000}/h`,
        `${copies} × ${gb(storage)} SSD × ${rate(P.sqlSsdPerGb.value)}`,
      ]),
    );
  }
  if (keys.has("firestore")) {
    const kvUse = ctx.caps.has("kv");
    const listenerReads = ctx.caps.has("realtime") ? t.realtimeMessages * 5 : 0;
    const reads = (kvUse ? t.dbReads : 0) + listenerReads;
    const writes = (kvUse ? t.dbWrites : 0) + (ctx.caps.has("realtime") ? t.realtimeMessages : 0);
    const storage = kvUse ? t.kvStorageGb : t.multiplier;
    const mult = ctx.global ? 2 : 1;
    out.push(
      item(
        "Firestore",
        mult * (reads / 1e5 * P.firestoreReadPer100k.value + writes / 1e5 * P.firestoreWritePer100k.value +
          storage * P.firestoreStoragePerGib.value),
        [
          `${count(reads)} reads${listenerReads ? " (listener fan-out ×5)" : ""} × ${
            rate(P.firestoreReadPer100k.value)
          }/100K`,
          `${count(writes)} writes × ${rate(P.firestoreWritePer100k.value)}/100K`,
          `${gb(storage)} × ${rate(P.firestoreStoragePerGib.value)}`,
          ctx.global ? "× 2 multi-region rate" : "",
        ],
      ),
    );
  }
  if (keys.has("memorystore")) {
    const g = ctx.global ? 25 : ctx.enterpriseTier ? 5 : 1;
    const r = ctx.enterpriseTier ? P.memorystoreStandardGbHour.value : P.memorystoreBasicGbHour.value;
    out.push(item("Memorystore for Redis", g * 730 * r * (ctx.global ? regions : 1), [
      `${g} GB × 730 h × ${rate(r)}/GB-h${ctx.global ? ` × ${regions} regions` : ""}`,
    ]));
  }
  if (keys.has("gcs")) {
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    out.push(
      item(
        "Cloud Storage",
        t.objectStoredGb * P.storagePerGb.value + t.objectPuts / 1000 * P.storageClassAPer1k.value +
          t.objectGets / 1000 * P.storageClassBPer1k.value + downloads * P.storageEgressPerGb.value,
        [
          `${gb(t.objectStoredGb)} × ${rate(P.storagePerGb.value)}`,
          `${count(t.objectPuts)} Class A × ${rate(P.storageClassAPer1k.value)}/1K`,
          `${count(t.objectGets)} Class B × $${P.storageClassBPer1k.value}/1K`,
          `${gb(downloads)} egress × ${rate(P.storageEgressPerGb.value)}/GB`,
        ],
      ),
    );
  }
  if (keys.has("transcoder")) {
    const perMin = P.transcoderSdMin.value + 2 * P.transcoderHdMin.value;
    out.push(item("Transcoder API", t.videoNewMinutes * perMin, [
      `${count(t.videoNewMinutes)} new min × (1 SD ${rate(P.transcoderSdMin.value)} + 2 HD × ${
        rate(P.transcoderHdMin.value)
      })`,
      `delivery in CDN line (${gb(videoGb)})`,
      ctx.live ? "Live Stream API channel-hours not priced (no catalog figure)" : "",
    ]));
  }
  const pubsubTib = ((keys.has("pubsub") && ctx.caps.has("iot") ? iotMsgs : 0) +
    (keys.has("pubsub") && !keys.has("cloud_tasks") && ctx.caps.has("queues") ? t.queueMessages : 0) +
    (keys.has("pubsub") && ctx.caps.has("realtime") && ctx.constraints.has("Scalability")
      ? t.realtimeMessages
      : 0)) *
    2 * 1024 /
    1024 ** 4;
  if (keys.has("pubsub")) {
    out.push(item("Pub/Sub", over(pubsubTib, 10 / 1024) * P.pubsubPerTib.value, [
      `(${gb(pubsubTib * 1024)} publish + deliver at 1 KB min − 10 GiB free) × ${
        usd(P.pubsubPerTib.value)
      }/TiB`,
    ]));
  }
  if (keys.has("cloud_tasks")) {
    out.push(item("Cloud Tasks", over(t.queueMessages * 2, P.tasksFreeOps.value) * P.tasksPerM.value / 1e6, [
      `(${count(t.queueMessages * 2)} − 1M free) ops × ${rate(P.tasksPerM.value)}/M (${
        count(t.queueMessages)
      } tasks × 2)`,
    ]));
  }
  if (keys.has("scheduler")) {
    out.push(item("Cloud Scheduler", over(t.cronJobs, 3) * P.schedulerJobMonthly.value, [
      `(${t.cronJobs} − 3 free) jobs × ${rate(P.schedulerJobMonthly.value)}`,
    ]));
  }
  if (keys.has("bigquery")) {
    const g = t.events / 1e6;
    out.push(item(
      "BigQuery",
      g * P.bigQueryStreamingPerGb.value + g * P.bigQueryStoragePerGb.value +
        over(g * 2 / 1024, 1) * P.bigQueryQueryPerTib.value,
      [
        `${gb(g)} streamed × ${rate(P.bigQueryStreamingPerGb.value)}`,
        `${gb(g)} stored × ${rate(P.bigQueryStoragePerGb.value)}`,
        `(${gb(g * 2)} scanned − 1 TiB free) × ${usd(P.bigQueryQueryPerTib.value)}/TiB`,
      ],
    ));
  }
  if (keys.has("sendgrid")) {
    const blocks = Math.ceil(t.emails / 50_000);
    out.push(item("SendGrid (partner)", blocks * P.sendgridEssentials50k.value, [
      `${blocks} × 50K-email blocks × ${usd(P.sendgridEssentials50k.value)} (Essentials list price)`,
    ]));
  }
  if (keys.has("vertex")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    out.push(item(
      "Vertex AI (Gemini 2.0 Flash-Lite)",
      inTok / 1e6 * P.geminiFlashLiteInPerM.value +
        outTok / 1e6 * P.geminiFlashLiteOutPerM.value,
      [
        `${count(inTok)} in tok × ${rate(P.geminiFlashLiteInPerM.value)}/M`,
        `${count(outTok)} out tok × ${rate(P.geminiFlashLiteOutPerM.value)}/M`,
      ],
    ));
  }
  if (keys.has("vector_search")) {
    const nodes = ctx.global ? 4 : ctx.enterpriseTier ? 2 : 1;
    out.push(item("Vertex AI Vector Search", nodes * 730 * P.vectorSearchNodeHour.value, [
      `${nodes} serving node(s) × 730 h × ${rate(P.vectorSearchNodeHour.value)}`,
    ]));
  }
  if (keys.has("vertex_search")) {
    out.push(item("Vertex AI Search", t.searchQueries / 1000 * P.vertexSearchPer1k.value, [
      `${count(t.searchQueries)} queries × ${usd(P.vertexSearchPer1k.value)}/1K`,
    ]));
  }
  return out;
}

function muxCost(t: Traffic, ctx: Context): CostItem {
  const delivered = t.videoDeliveredMinutes + (ctx.live ? t.liveViewerHours * 60 : 0);
  return item(
    "Mux (third-party video)",
    t.videoStoredMinutes * MUX_PRICES.storagePerMin.value +
      delivered * MUX_PRICES.deliveryPerMin.value,
    [
      `${count(t.videoStoredMinutes)} min stored × $${MUX_PRICES.storagePerMin.value}`,
      `${count(delivered)} min delivered × $${MUX_PRICES.deliveryPerMin.value}`,
      "basic encoding free",
    ],
  );
}

function azureCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const P = AZURE_PRICES;
  const t = ctx.traffic;
  const out: CostItem[] = [];
  const regions = competitorRegions(ctx).length;
  const iotMsgs = keys.has("iot_hub") ? t.devices * t.deviceMessagesEach : 0;
  const execs = t.requests + iotMsgs;
  const gbS = execs * t.wallMs / 1000 * t.memoryGb;
  out.push(item(
    "Azure Functions",
    over(execs, P.functionsFreeExecs.value) * P.functionsExecPerM.value / 1e6 +
      over(gbS, P.functionsFreeGbS.value) * P.functionsGbS.value,
    [
      `(${count(execs)} − 1M) executions × ${rate(P.functionsExecPerM.value)}/M`,
      `(${count(gbS)} − 400K) GB-s × $${P.functionsGbS.value}`,
    ],
  ));
  const premium = keys.has("azure_waf");
  const egressGb = t.egressGb;
  out.push(
    item(
      premium ? "Front Door Premium" : "Front Door Standard",
      (premium ? P.frontDoorPremiumMonthly.value : P.frontDoorStandardMonthly.value) +
        egressGb * P.frontDoorEgressPerGb.value +
        t.requests / 10_000 *
          (premium ? P.frontDoorPremRequestsPer10k.value : P.frontDoorStdRequestsPer10k.value),
      [
        `${usd(premium ? P.frontDoorPremiumMonthly.value : P.frontDoorStandardMonthly.value)} base`,
        `${gb(egressGb)} × ${rate(P.frontDoorEgressPerGb.value)}/GB (Zone 1 rate)`,
        `${count(t.requests)} req × $${
          premium ? P.frontDoorPremRequestsPer10k.value : P.frontDoorStdRequestsPer10k.value
        }/10K`,
      ],
    ),
  );
  if (keys.has("azure_waf")) {
    const ddos = ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier;
    out.push(
      item(
        ddos ? "Azure WAF + DDoS Network Protection" : "Azure WAF",
        ddos ? P.ddosProtectionMonthly.value : 0,
        [
          "managed WAF + bot rules included in Front Door Premium",
          ddos ? `DDoS Network Protection ${usd(P.ddosProtectionMonthly.value)}/month` : "",
        ],
      ),
    );
  }
  if (keys.has("entra_id")) {
    out.push(
      item("Entra ID P1", t.staff * P.entraP1PerUser.value, [
        `${t.staff} staff × ${usd(P.entraP1PerUser.value)}/user`,
      ]),
    );
  }
  if (keys.has("entra_external")) {
    out.push(item("Entra External ID", over(t.mau, P.externalIdFreeMau.value) * P.externalIdPerMau.value, [
      `(${count(t.mau)} − 50K free) MAU × ${rate(P.externalIdPerMau.value)}`,
    ]));
  }
  if (keys.has("postgres")) {
    const [label, hourly, copies] = ctx.global
      ? ["D4ds_v5 HA + 2 geo replicas", P.postgresD4dsHourly.value, 4]
      : ctx.enterpriseTier
      ? ["D4ds_v5 HA + 1 replica", P.postgresD4dsHourly.value, 3]
      : ctx.growthPlus
      ? ["D2ds_v5 + 1 replica", P.postgresD2dsHourly.value, 2]
      : ["Burstable B1ms", P.postgresB1msMonthly.value / 730, 1];
    const storage = Math.max(32, t.sqlStorageGb);
    out.push(
      item(
        "Azure Database for PostgreSQL",
        hourly * 730 * copies + storage * copies * P.postgresStoragePerGb.value,
        [
          `${label}: ${copies} × 730 h × $${round2(hourly * 1000) / 1000}/h`,
          `${copies} × ${gb(storage)} × ${rate(P.postgresStoragePerGb.value)}`,
        ],
      ),
    );
  }
  if (keys.has("cosmos")) {
    const ru = t.dbReads + t.dbWrites * 5 * regions;
    out.push(
      item(
        "Cosmos DB",
        ru * P.cosmosPerMRu.value / 1e6 + t.kvStorageGb * regions * P.cosmosStoragePerGb.value,
        [
          `(${count(t.dbReads)} reads × 1 RU + ${count(t.dbWrites)} writes × 5 RU${
            regions > 1 ? ` × ${regions} regions` : ""
          }) × ${rate(P.cosmosPerMRu.value)}/M RU`,
          `${gb(t.kvStorageGb * regions)} × ${rate(P.cosmosStoragePerGb.value)}`,
          regions > 1 ? "serverless RU rate used for multi-region (provisioned in practice)" : "",
        ],
      ),
    );
  }
  if (keys.has("redis")) {
    const n = ctx.global ? regions : ctx.enterpriseTier ? 2 : 1;
    out.push(item("Azure Cache for Redis", n * 730 * P.redisStandardC1Hourly.value, [
      `${n} × Standard C1 × 730 h × ${rate(P.redisStandardC1Hourly.value)}`,
    ]));
  }
  if (keys.has("blob")) {
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    out.push(
      item(
        "Blob Storage",
        t.objectStoredGb * P.blobHotPerGb.value + t.objectPuts / 10_000 * P.blobWritePer10k.value +
          t.objectGets / 10_000 * P.blobReadPer10k.value +
          over(downloads, P.bandwidthFreeGb.value) * P.bandwidthPerGb.value,
        [
          `${gb(t.objectStoredGb)} × ${rate(P.blobHotPerGb.value)}`,
          `${count(t.objectPuts)} writes × $${P.blobWritePer10k.value}/10K`,
          `${count(t.objectGets)} reads × $${P.blobReadPer10k.value}/10K`,
          `(${gb(downloads)} − 100 GB) egress × $${P.bandwidthPerGb.value}/GB`,
        ],
      ),
    );
  }
  if (keys.has("web_pubsub")) {
    const concurrent = t.realtimeConnectionMinutes / 43_200;
    const units = Math.max(1, Math.ceil(concurrent / 1000));
    out.push(item("Web PubSub", units * 30 * P.webPubSubUnitDaily.value, [
      `${units} Standard unit(s) (${count(Math.round(concurrent))} avg connections) × 30 days × ${
        rate(P.webPubSubUnitDaily.value)
      }`,
    ]));
  }
  if (keys.has("partner_video")) out.push(muxCost(t, ctx));
  if (keys.has("fn_images")) {
    out.push(item(
      "Image resizing (Functions)",
      t.imageTransforms * P.functionsExecPerM.value / 1e6 +
        t.imageTransforms * 0.5 * P.functionsGbS.value,
      [
        `${count(t.imageTransforms)} resizes × (${
          rate(P.functionsExecPerM.value)
        }/M + 0.5 GB-s × $${P.functionsGbS.value})`,
      ],
    ));
  }
  if (keys.has("service_bus")) {
    out.push(item(
      "Service Bus (Standard)",
      P.serviceBusStandardMonthly.value +
        over(t.queueMessages * 3, 13e6) * P.serviceBusOpsPerM.value / 1e6,
      [
        `${usd(P.serviceBusStandardMonthly.value)} base`,
        `(${count(t.queueMessages)} msgs × 3 ops − 13M) × ${rate(P.serviceBusOpsPerM.value)}/M`,
      ],
    ));
  }
  if (keys.has("timer")) {
    out.push(
      item("Timer-triggered Functions", 0, [`${t.cronJobs} schedules, inside the Functions free grant`]),
    );
  }
  if (keys.has("acs_email")) {
    out.push(
      item(
        "Communication Services Email",
        t.emails * P.emailPerMessage.value + t.emails * 0.05 * P.emailPerMb.value,
        [
          `${count(t.emails)} emails × $${P.emailPerMessage.value}`,
          `${count(t.emails * 0.05)} MB × $${P.emailPerMb.value}`,
        ],
      ),
    );
  }
  if (keys.has("event_hubs")) {
    const tus = Math.max(1, Math.ceil(t.events / 2_592_000 / 1000));
    out.push(
      item(
        "Event Hubs (Standard)",
        tus * 730 * P.eventHubsTuHour.value + t.events * P.eventHubsIngressPerM.value / 1e6,
        [
          `${tus} TU × 730 h × ${rate(P.eventHubsTuHour.value)}`,
          `${count(t.events)} events × $${P.eventHubsIngressPerM.value}/M`,
          "Data Explorer cluster not priced",
        ],
      ),
    );
  }
  if (keys.has("openai")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    out.push(
      item(
        "Azure OpenAI (GPT-4o mini)",
        inTok / 1e6 * P.gpt4oMiniInPerM.value + outTok / 1e6 * P.gpt4oMiniOutPerM.value,
        [
          `${count(inTok)} in tok × ${rate(P.gpt4oMiniInPerM.value)}/M`,
          `${count(outTok)} out tok × ${rate(P.gpt4oMiniOutPerM.value)}/M`,
        ],
      ),
    );
  }
  if (keys.has("ai_search")) {
    const [label, units, price] = ctx.global
      ? ["S1", 3, P.searchS1Monthly.value]
      : ctx.enterpriseTier
      ? ["S1", 2, P.searchS1Monthly.value]
      : ctx.growthPlus
      ? ["Basic", 2, P.searchBasicMonthly.value]
      : ["Basic", 1, P.searchBasicMonthly.value];
    out.push(item("Azure AI Search", units * price, [`${units} × ${label} search unit × ${usd(price)}`]));
  }
  if (keys.has("iot_hub")) {
    const perDay = t.devices * 1440;
    const units = Math.max(1, Math.ceil(perDay / 400_000));
    out.push(item("IoT Hub (S1)", units * P.iotHubS1Monthly.value, [
      `${units} units (${count(perDay)} msgs/day ÷ 400K) × ${usd(P.iotHubS1Monthly.value)}`,
    ]));
  }
  return out;
}

function vercelCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  const out: CostItem[] = [];
  const seats = ctx.global ? 20 : ctx.enterpriseTier ? 10 : ctx.growthPlus ? 3 : 1;
  out.push(item("Vercel Pro seats", seats * P.proSeatMonthly.value, [
    `${seats} seat(s) × ${usd(P.proSeatMonthly.value)} (includes ${
      usd(P.proUsageCredit.value)
    } usage credit, netted in Functions)`,
  ]));
  const iotMsgs = ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach : 0;
  const invocations = t.requests + iotMsgs;
  const cpuH = invocations * t.cpuMs / 3.6e6;
  const memH = invocations * t.wallMs / 3.6e6;
  const fnGross = over(invocations, P.includedInvocations.value) * P.invocationPerM.value / 1e6 +
    over(cpuH, P.includedActiveCpuHours.value) * P.activeCpuHour.value +
    over(memH, P.includedMemoryGbHours.value) * P.memoryGbHour.value;
  out.push(item("Vercel Functions", fnGross - P.proUsageCredit.value, [
    `(${count(invocations)} − 1M) invocations × ${rate(P.invocationPerM.value)}/M`,
    `(${count(cpuH)} − 4) Active CPU-h × ${rate(P.activeCpuHour.value)}`,
    `(${count(memH)} − 360) GB-h × $${P.memoryGbHour.value}`,
    `(${usd(P.proUsageCredit.value)} Pro credit deducted)`,
  ]));
  const edgeReq = t.requests + iotMsgs;
  out.push(
    item(
      "Vercel CDN (edge requests + Fast Data Transfer)",
      over(edgeReq, P.includedEdgeRequests.value) * P.edgeRequestPerM.value / 1e6 +
        over(t.egressGb, P.includedFastDataTransferGb.value) * P.fastDataTransferPerGb.value,
      [
        `(${count(edgeReq)} − 10M) edge req × ${rate(P.edgeRequestPerM.value)}/M`,
        `(${gb(t.egressGb)} − 1 TB) × ${rate(P.fastDataTransferPerGb.value)}/GB (US/EU rate)`,
      ],
    ),
  );
  if (keys.has("firewall")) {
    out.push(
      item("Vercel Firewall", 0, ["included in Pro; managed WAF rulesets need Enterprise (contract)"]),
    );
  }
  if (keys.has("deployment_protection")) {
    out.push(
      item("Advanced Deployment Protection", P.advancedProtectionMonthly.value, [
        `${usd(P.advancedProtectionMonthly.value)}/month Pro add-on`,
      ]),
    );
  }
  if (keys.has("clerk")) {
    out.push(
      item(
        "Clerk (Marketplace)",
        P.clerkProMonthly.value + over(t.mau, P.clerkIncludedMau.value) * P.clerkPerMau.value,
        [
          `${usd(P.clerkProMonthly.value)} Pro + (${count(t.mau)} − ${
            count(P.clerkIncludedMau.value)
          }) MAU × ${rate(P.clerkPerMau.value)}`,
        ],
      ),
    );
  }
  if (keys.has("neon")) {
    const [cu, copies] = ctx.global
      ? [16, 3]
      : ctx.enterpriseTier
      ? [8, 2]
      : ctx.growthPlus
      ? [2, 1]
      : [0.5, 1];
    const cuH = cu * 730 * copies;
    out.push(
      item(
        "Neon Postgres (Marketplace)",
        cuH * P.neonCuHour.value + t.sqlStorageGb * P.neonStoragePerGb.value,
        [
          `${cu} CU × 730 h × ${copies} compute(s) × ${rate(P.neonCuHour.value)}/CU-h`,
          `${gb(t.sqlStorageGb)} × ${rate(P.neonStoragePerGb.value)}`,
        ],
      ),
    );
  }
  if (keys.has("upstash_redis")) {
    const commands = (ctx.caps.has("kv") ? t.dbReads + t.dbWrites : 0) +
      (ctx.growthPlus && ctx.caps.has("relational") ? t.dbReads : 0);
    const storage = ctx.caps.has("kv") ? t.kvStorageGb : t.multiplier;
    out.push(
      item(
        "Upstash Redis (Marketplace)",
        commands / 1e5 * P.upstashPer100kCommands.value + storage * P.upstashStoragePerGb.value,
        [
          `${count(commands)} commands × ${rate(P.upstashPer100kCommands.value)}/100K`,
          `${gb(storage)} × ${rate(P.upstashStoragePerGb.value)}`,
        ],
      ),
    );
  }
  if (keys.has("blob")) {
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    out.push(
      item(
        "Vercel Blob",
        t.objectStoredGb * P.blobStoragePerGb.value + t.objectGets * P.blobSimpleOpsPerM.value / 1e6 +
          t.objectPuts * P.blobAdvancedOpsPerM.value / 1e6 + downloads * P.blobTransferPerGb.value,
        [
          `${gb(t.objectStoredGb)} × ${rate(P.blobStoragePerGb.value)}`,
          `${count(t.objectGets)} reads × ${rate(P.blobSimpleOpsPerM.value)}/M`,
          `${count(t.objectPuts)} uploads × ${rate(P.blobAdvancedOpsPerM.value)}/M`,
          `${gb(downloads)} transfer × ${rate(P.blobTransferPerGb.value)}/GB`,
        ],
      ),
    );
  }
  if (keys.has("pusher")) {
    const concurrent = t.realtimeConnectionMinutes / 43_200;
    const [label, price] = concurrent <= 500
      ? ["Startup", P.pusherStartupMonthly.value]
      : concurrent <= 2000
      ? ["Pro", P.pusherProMonthly.value]
      : [
        "Business",
        Math.ceil(concurrent / P.pusherConnectionsPerBusiness.value) * P.pusherBusinessMonthly.value,
      ];
    out.push(item("Pusher Channels (third-party)", price, [
      `${count(Math.round(concurrent))} avg connections → ${label} plan${
        label === "Business"
          ? ` × ${Math.ceil(concurrent / 5000)} (${usd(P.pusherBusinessMonthly.value)} each)`
          : ""
      }`,
    ]));
  }
  if (keys.has("mux")) out.push(muxCost(t, ctx));
  if (keys.has("image_opt")) {
    out.push(item("Image Optimization", t.imageTransforms / 1000 * P.imageTransformPer1k.value, [
      `${count(t.imageTransforms)} transformations × ${rate(P.imageTransformPer1k.value)}/1K`,
    ]));
  }
  if (keys.has("queues")) out.push(item("Vercel Queues", 0, ["beta: no published price"]));
  if (keys.has("cron")) out.push(item("Cron Jobs", 0, [`${t.cronJobs} jobs included in Pro`]));
  if (keys.has("resend")) {
    const blocks = Math.ceil(t.emails / 50_000);
    out.push(
      item("Resend (Marketplace)", blocks * P.resendPer50k.value, [
        `${blocks} × 50K emails × ${usd(P.resendPer50k.value)}`,
      ]),
    );
  }
  if (keys.has("web_analytics")) {
    out.push(item("Web Analytics", t.events / 1e5 * P.webAnalyticsPer100k.value, [
      `${count(t.events)} events × ${usd(P.webAnalyticsPer100k.value)}/100K`,
    ]));
  }
  if (keys.has("ai_gateway")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    out.push(
      item(
        "AI Gateway (GPT-4o mini)",
        inTok / 1e6 * P.gpt4oMiniInPerM.value + outTok / 1e6 * P.gpt4oMiniOutPerM.value,
        [
          `${count(inTok)} in tok × ${rate(P.gpt4oMiniInPerM.value)}/M`,
          `${count(outTok)} out tok × ${rate(P.gpt4oMiniOutPerM.value)}/M (provider list price)`,
        ],
      ),
    );
  }
  if (keys.has("upstash_vector")) {
    const requests = (ctx.caps.has("vector") ? t.vectorQueries : 0) +
      (ctx.caps.has("search") ? t.searchQueries : 0) +
      t.vectors * 0.1;
    const storage = t.vectors * t.vectorDims * 4 / 1e9;
    out.push(item(
      "Upstash Vector (Marketplace)",
      requests / 1e5 * P.upstashVectorPer100k.value +
        storage * P.upstashVectorStoragePerGb.value,
      [
        `${count(requests)} requests × ${rate(P.upstashVectorPer100k.value)}/100K`,
        `${gb(storage)} × ${rate(P.upstashVectorStoragePerGb.value)}`,
      ],
    ));
  }
  return out;
}

function costsFor(cloud: Cloud, selections: Map<string, Selection>, ctx: Context): CostItem[] {
  const keys = new Set(selections.keys());
  const items = cloud === "cloudflare"
    ? cloudflareCosts(keys, ctx)
    : cloud === "aws"
    ? awsCosts(keys, ctx)
    : cloud === "gcp"
    ? gcpCosts(keys, ctx)
    : cloud === "azure"
    ? azureCosts(keys, ctx)
    : vercelCosts(keys, ctx);
  // The schema allows 20 items: fold the smallest into one line if ever needed.
  if (items.length > 20) {
    const sorted = [...items].sort((a, b) => b.monthlyUsd - a.monthlyUsd);
    const rest = sorted.slice(19);
    return [
      ...sorted.slice(0, 19),
      item(
        "Other services",
        rest.reduce((s, i) => s + i.monthlyUsd, 0),
        rest.map((i) => `${i.service} ${usd(i.monthlyUsd)}`),
      ),
    ];
  }
  return items;
}

function total(items: CostItem[]): number {
  return round2(items.reduce((s, i) => s + i.monthlyUsd, 0));
}

function assumptions(ctx: Context, cloud: Cloud): string {
  const t = ctx.traffic;
  const tierName = {
    Startup: "Infracost small",
    Growth: "Infracost medium (2×)",
    Enterprise: "≈10× small",
    Global: "≈100× small",
  }[
    t.scale
  ];
  const where = ctx.request.region === "Global"
    ? "audience worldwide (egress spread across price zones)"
    : `audience in ${ctx.region.city}${
      cloud === "cloudflare" ? "" : ` (${ctx.region[cloud as CompetitorCloud]})`
    }`;
  const parts = [
    `${t.scale} tier, ${t.usersLabel} (${tierName}): ${
      count(t.requests)
    } requests/month at ${t.wallMs} ms (${t.cpuMs} ms CPU), ${gb(t.egressGb)} egress; ${where}.`,
  ];
  const c = ctx.caps;
  if (c.has("relational") || c.has("kv") || c.has("auth")) {
    parts.push(
      `DB ${count(t.dbReads)} reads/${count(t.dbWrites)} writes, ${gb(t.sqlStorageGb)} SQL, ${
        gb(t.kvStorageGb)
      } KV.`,
    );
  }
  if (c.has("object_storage")) {
    parts.push(`Objects ${gb(t.objectStoredGb)} stored, ${gb(t.objectDownloadGb)} downloaded.`);
  }
  if (c.has("realtime")) {
    parts.push(
      `${count(t.realtimeMessages)} real-time msgs, ${count(t.realtimeConnectionMinutes)} conn-min.`,
    );
  }
  if (c.has("video")) {
    parts.push(
      `Video ${count(t.videoStoredMinutes)} min stored, ${count(t.videoDeliveredMinutes)} min watched${
        ctx.live ? `, ${count(t.liveViewerHours)} live viewer-h` : ""
      }.`,
    );
  }
  if (c.has("ai")) {
    parts.push(`${count(t.aiRequests)} LLM calls × ${t.aiInputTokens}/${t.aiOutputTokens} tokens.`);
  }
  if (c.has("vector") || c.has("search")) parts.push(`${count(t.vectors)} vectors × ${t.vectorDims} dims.`);
  if (c.has("iot")) parts.push(`${count(t.devices)} devices × 1 msg/min.`);
  if (c.has("queues")) parts.push(`${count(t.queueMessages)} queue msgs.`);
  if (c.has("analytics")) parts.push(`${count(t.events)} events.`);
  if (c.has("email")) parts.push(`${count(t.emails)} emails.`);
  if (c.has("auth")) parts.push(`${count(t.mau)} MAU.`);
  parts.push("List prices in USD, free tiers applied, payment fees excluded.");
  return fitText(parts, 800, " ");
}

// ---------------------------------------------------------------------------------------------------------
// Value propositions

interface CompetitorFacts {
  compute: string;
  coldStart: string;
  storage: string;
  storageEgress: number;
  scaleLimit: string;
}

function competitorFacts(cloud: CompetitorCloud, ctx: Context): CompetitorFacts {
  const region = ctx.region[cloud];
  switch (cloud) {
    case "aws":
      return {
        compute: `Lambda in ${region}`,
        coldStart:
          `${AWS_PRICES.lambdaColdStartMinMs.value}–${AWS_PRICES.lambdaColdStartMaxMs.value} ms Lambda Node.js cold starts`,
        storage: "S3",
        storageEgress: AWS_PRICES.s3EgressPerGb.value,
        scaleLimit: `Lambda's default quota of ${
          AWS_PRICES.lambdaConcurrencyQuota.value.toLocaleString("en-US")
        } concurrent executions per region`,
      };
    case "gcp":
      return {
        compute: `Cloud Run in ${region}`,
        coldStart: "container cold starts whenever Cloud Run scales from zero or adds instances",
        storage: "Cloud Storage",
        storageEgress: GCP_PRICES.storageEgressPerGb.value,
        scaleLimit: "Cloud Run max-instance and per-region quota settings",
      };
    case "azure":
      return {
        compute: `Azure Functions in ${region}`,
        coldStart: "Consumption-plan cold starts when Functions scales out",
        storage: "Blob Storage",
        storageEgress: AZURE_PRICES.bandwidthPerGb.value,
        scaleLimit: "Functions scale-out limits per plan and region",
      };
    case "vercel":
      return {
        compute: `Vercel Functions in ${region}`,
        coldStart: "cold starts on new Fluid compute instances, all in one function region",
        storage: "Vercel Blob",
        storageEgress: VERCEL_PRICES.blobTransferPerGb.value,
        scaleLimit: "per-region function concurrency",
      };
  }
}

function valueProps(ctx: Context, cf: Design, comp: Design): ValuePropData[] {
  const compName = CLOUD_NAMES[comp.cloud];
  const facts = competitorFacts(ctx.competitor, ctx);
  const cfTotal = total(cf.costs), compTotal = total(comp.costs);
  const t = ctx.traffic;
  const cities = CLOUDFLARE_PRICES.cities.value;
  const props: ValuePropData[] = [];
  for (const constraint of ctx.request.constraints) {
    switch (constraint) {
      case "Cost Optimization": {
        const savings = round2(compTotal - cfTotal);
        const pct = compTotal > 0 ? Math.round((savings / compTotal) * 100) : 0;
        const sentences: string[] = [];
        sentences.push(
          `Estimated ${usd(cfTotal)}/month on Cloudflare vs ${
            usd(compTotal)
          }/month on ${compName} at ${t.scale} scale (${count(t.requests)} requests, ${
            gb(t.egressGb)
          } egress).`,
        );
        if (ctx.caps.has("object_storage")) {
          const billable = comp.cloud === "aws"
            ? over(t.objectDownloadGb, AWS_PRICES.s3FreeEgressGb.value)
            : comp.cloud === "azure"
            ? over(t.objectDownloadGb, AZURE_PRICES.bandwidthFreeGb.value)
            : t.objectDownloadGb;
          sentences.push(
            `$0 egress on R2 vs ${rate(facts.storageEgress)}/GB on ${facts.storage}: saves ${
              usd(round2(billable * facts.storageEgress))
            }/month on ${gb(t.objectDownloadGb)} of downloads.`,
          );
        }
        const cdnLine = comp.costs.find((i) => /CloudFront|Cloud CDN|Front Door|Vercel CDN/.test(i.service));
        if (cdnLine && cdnLine.monthlyUsd > 0) {
          sentences.push(
            `Cloudflare charges $0 for CDN bandwidth and requests; ${cdnLine.service} bills ${
              usd(cdnLine.monthlyUsd)
            }/month for the same traffic.`,
          );
        }
        if (savings < 0) {
          const biggest = [...cf.costs].sort((a, b) => b.monthlyUsd - a.monthlyUsd)[0];
          sentences.push(
            `Cloudflare is ${usd(-savings)} more at this scale, mostly ${biggest.service} (${
              usd(biggest.monthlyUsd)
            }).`,
          );
        } else {
          sentences.push(
            `Workers Paid starts at ${usd(CLOUDFLARE_PRICES.workersPaidMonthly.value)} with ${
              count(CLOUDFLARE_PRICES.workersIncludedRequests.value)
            } requests included.`,
          );
        }
        props.push({
          constraint,
          emoji: "💰",
          title: savings >= 0
            ? `${pct}% lower monthly bill than ${compName}`
            : `Costs within ${usd(-savings)}/month of ${compName}`,
          description: fitText(sentences, 600, " "),
        });
        break;
      }
      case "Global Performance": {
        const sentences = [
          `Workers run in all ${cities}+ cities, so ${
            ctx.request.region === "Global" ? "users everywhere" : `users in ${ctx.region.city} and beyond`
          } hit a nearby data center instead of ${facts.compute}.`,
          `Isolates warm in under ${CLOUDFLARE_PRICES.isolateWarmMs.value} ms vs ${facts.coldStart}.`,
        ];
        if (ctx.caps.has("relational")) {
          sentences.push("D1 read replicas plus Smart Placement keep queries next to the data.");
        }
        if (ctx.caps.has("realtime") || ctx.caps.has("iot")) {
          sentences.push(
            `Durable Objects are created near their first user${
              ctx.region.doHint ? ` (locationHint "${ctx.region.doHint}")` : ""
            }.`,
          );
        }
        if (comp.cloud === "aws") {
          sentences.push(
            `CloudFront's ${AWS_PRICES.cloudFrontEdgeLocations.value}+ locations cache content, but dynamic requests still travel to ${ctx.region.aws}.`,
          );
        }
        props.push({
          constraint,
          emoji: "🌍",
          title: `Compute in ${cities}+ cities, not one region`,
          description: fitText(sentences, 600, " "),
        });
        break;
      }
      case "Scalability": {
        const rps = Math.round(t.requests / 2_592_000);
        const sentences = [
          `At ${t.scale} scale (${
            count(t.requests)
          } requests/month, ≈${rps} req/s average) Workers scale per request across ${cities}+ cities with no instances or regional capacity to plan, where ${compName} relies on ${facts.scaleLimit}.`,
        ];
        if (ctx.caps.has("realtime") || ctx.caps.has("iot")) {
          sentences.push(
            `Each room or device is its own Durable Object; WebSocket Hibernation bills ${CLOUDFLARE_PRICES.doWsMessagesPerRequest.value} messages as one request.`,
          );
        }
        if (ctx.caps.has("queues") || ctx.caps.has("iot")) {
          sentences.push("Queues absorb spikes with batching and automatic retries.");
        }
        props.push({
          constraint,
          emoji: "📈",
          title: "Scales per request, globally",
          description: fitText(sentences, 600, " "),
        });
        break;
      }
      case "Developer Velocity": {
        const cfCount = [...cf.selections.values()].filter((s) => !s.def.external).length;
        const compCount = [...comp.selections.values()].filter((s) => !s.def.external).length;
        const external = [...comp.selections.values()].filter((s) => s.def.external && s.key !== "stripe")
          .map((s) => s.def.name);
        const sentences = [
          `${cfCount} Cloudflare services wired as bindings in one wrangler config and shipped with one \`wrangler deploy\`, vs ${compCount} ${compName} services each with its own configuration${
            comp.cloud === "vercel" ? "" : " and access policies"
          }.`,
          "`wrangler dev` runs Workers, D1, KV, R2 and Queues locally.",
        ];
        if (external.length) {
          sentences.push(
            `On ${compName}, ${external.join(", ")} ${
              external.length > 1 ? "come" : "comes"
            } from third parties with separate accounts and bills.`,
          );
        }
        props.push({
          constraint,
          emoji: "🚀",
          title: "One platform, one deploy",
          description: fitText(sentences, 600, " "),
        });
        break;
      }
      case "Enterprise Security": {
        const cfSec = cf.costs.filter((i) => /WAF|Access|Turnstile/.test(i.service));
        const compSec = comp.costs.filter((i) =>
          /WAF|Shield|Armor|Entra|Identity|Verified|Protection|Firewall|IAP|Front Door Premium/.test(
            i.service,
          )
        );
        const staffCost = t.staff > CLOUDFLARE_PRICES.zeroTrustFreeUsers.value
          ? t.staff * CLOUDFLARE_PRICES.zeroTrustPerUser.value
          : 0;
        const sentences = [
          "WAF, unmetered DDoS mitigation, bot management and Access (Zero Trust) run on the same network that serves the app, in one dashboard.",
          `Access is free for ${CLOUDFLARE_PRICES.zeroTrustFreeUsers.value} users, then about ${
            usd(CLOUDFLARE_PRICES.zeroTrustPerUser.value)
          }/user: ${usd(staffCost)}/month for ${t.staff} staff.`,
          `Security lines here: ${usd(total(cfSec))}/month on Cloudflare vs ${
            usd(total(compSec))
          }/month on ${compName}${compSec.length ? ` (${compSec.map((i) => i.service).join(", ")})` : ""}.`,
        ];
        props.push({
          constraint,
          emoji: "🛡️",
          title: "Zero Trust + WAF built into the edge",
          description: fitText(sentences, 600, " "),
        });
        break;
      }
    }
  }
  return props;
}

// ---------------------------------------------------------------------------------------------------------
// Assembly

function design(cloud: Cloud, ctx: Context): Design {
  const selections = select(cloud, ctx);
  const costs = costsFor(cloud, selections, ctx);
  const { nodes, edges } = buildDiagram(cloud, selections, ctx);
  return { cloud, selections, nodes, edges, costs };
}

function interleave(cf: Design, comp: Design): PlanElement[] {
  const out: PlanElement[] = [];
  const sent: Record<Platform, Set<string>> = { cloudflare: new Set(), competitor: new Set() };
  const pending: Record<Platform, EdgeData[]> = { cloudflare: [...cf.edges], competitor: [...comp.edges] };
  const emitNode = (platform: Platform, node: NodeData) => {
    out.push({ type: "node", platform, data: node });
    sent[platform].add(node.id);
    const queue = pending[platform];
    for (let i = 0; i < queue.length;) {
      const e = queue[i];
      if (sent[platform].has(e.from) && sent[platform].has(e.to)) {
        out.push({ type: "edge", platform, data: e });
        queue.splice(i, 1);
      } else i++;
    }
  };
  const n = Math.max(cf.nodes.length, comp.nodes.length);
  for (let i = 0; i < n; i++) {
    if (cf.nodes[i]) emitNode("cloudflare", cf.nodes[i]);
    if (comp.nodes[i]) emitNode("competitor", comp.nodes[i]);
  }
  return out;
}

/** Plans both architectures for a request. */
export function planArchitecture(request: NormalizedRequest): Plan {
  const ctx = makeContext(request);
  const cf = design("cloudflare", ctx);
  const comp = design(ctx.competitor, ctx);
  const elements = interleave(cf, comp);
  for (const data of valueProps(ctx, cf, comp)) {
    elements.push({ type: "priority_value_prop", platform: "cloudflare", data });
  }
  elements.push({
    type: "cost",
    platform: "cloudflare",
    data: { monthlyUsd: total(cf.costs), items: cf.costs, assumptions: assumptions(ctx, "cloudflare") },
  });
  elements.push({
    type: "cost",
    platform: "competitor",
    data: { monthlyUsd: total(comp.costs), items: comp.costs, assumptions: assumptions(ctx, comp.cloud) },
  });
  return { capabilities: CAPABILITIES.filter((c) => ctx.caps.has(c)), elements };
}

/** Human-readable labels of a plan's capabilities (for logs and the UI). */
export function describeCapabilities(capabilities: Capability[]): string[] {
  return capabilities.map((c) => CAPABILITY_LABELS[c]);
}
