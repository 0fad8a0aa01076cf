/** The cost engine: prices a design on its cloud and writes the assumptions. */
import { type Cloud, type CompetitorCloud } from "../catalog/facts.ts";
import { CORE } from "../catalog/mapping.ts";
import { competitorRegions, type Context, type CostItem, type Selection } from "../context.ts";
import { count, fitText, gb, item, round2, usd } from "../format.ts";
import { awsCosts } from "./aws.ts";
import { azureCosts } from "./azure.ts";
import { cloudflareCosts } from "./cloudflare.ts";
import { gcpCosts } from "./gcp.ts";
import { vercelCosts, vercelSeats } from "./vercel.ts";
import { dominantLine, genericCosts, regionalUplift } from "./generic.ts";
import { SHAPE_LABELS } from "../workload_shapes.ts";
import { httpIngress } from "../unasked_parts.ts";
import { liveConnections } from "./live.ts";

/** The edge tier's cost line per cloud. */
const EDGE_LINE: Record<Cloud, RegExp> = {
  cloudflare: /^CDN bandwidth/,
  aws: /^CloudFront$/,
  gcp: /^Cloud CDN/,
  azure: /^Front Door/,
  vercel: /^$/,
};

/** The functions tier's cost lines per cloud (dropped when an always-on host is the compute tier). */
const COMPUTE_LINE: Record<Cloud, RegExp> = {
  cloudflare: /^$/,
  aws: /^(?:API Gateway \(HTTP API\)|Lambda)$/,
  gcp: /^Cloud Run$/,
  azure: /^Azure Functions$/,
  vercel: /^$/,
};

/** The HTTP API in front of functions (AWS's API Gateway), priced per request. */
const HTTP_API_LINE = /^API Gateway \(HTTP API\)$/;

/** The IoT brokers that take device readings over MQTT on their own meter (IoT Core, IoT Hub). */
const IOT_BROKERS = ["iot_core", "iot_hub"];
/** Of the readings, the share that still reaches the HTTP API as the app's own reads (dashboards, lookups). */
const APP_SHARE_OF_READINGS = 0.01;

/**
 * The context a design is priced in: where an IoT broker takes the devices' readings, the HTTP path (CDN,
 * WAF, API, functions) carries only the app's requests, not the readings the broker already bills.
 */
function withBrokeredReadings(keys: Set<string>, ctx: Context): Context {
  const readings = ctx.traffic.deviceRequests ?? 0;
  if (!readings || !IOT_BROKERS.some((k) => keys.has(k))) return ctx;
  const requests = Math.max(ctx.traffic.requests - readings, readings * APP_SHARE_OF_READINGS);
  return { ...ctx, traffic: { ...ctx.traffic, requests } };
}

/** Prices a design: the cloud's own engine, then catalog list prices, regional uplift and the 20-line cap. */
export function costsFor(cloud: Cloud, selections: Map<string, Selection>, design: Context): CostItem[] {
  const keys = new Set(selections.keys());
  const ctx = withBrokeredReadings(keys, design);
  const items = cloud === "cloudflare"
    ? cloudflareCosts(keys, ctx)
    : cloud === "aws"
    ? awsCosts(keys, ctx)
    : cloud === "gcp"
    ? gcpCosts(keys, ctx)
    : cloud === "azure"
    ? azureCosts(keys, ctx)
    : vercelCosts(keys, ctx);
  // Designs without an edge tier (batch jobs, UDP servers, pipelines) do not pay for a CDN.
  const edgeLine = EDGE_LINE[cloud];
  const computeLine = COMPUTE_LINE[cloud];
  // Functions only a schedule or a pipeline calls need no HTTP API in front of them.
  const noApi = !httpIngress(ctx);
  const kept = items.filter((i) =>
    (keys.has(CORE[cloud].edge) || !edgeLine.test(i.service)) &&
    (keys.has(CORE[cloud].compute) || !computeLine.test(i.service)) &&
    !(noApi && HTTP_API_LINE.test(i.service))
  );
  items.splice(0, items.length, ...kept);
  const priced = new Set(items.map((i) => i.service));
  const generic = genericCosts(cloud, selections, ctx).filter((i) => !priced.has(i.service));
  const all = regionalUplift(cloud, [...items, ...generic], ctx);
  // The schema allows 20 items: fold the smallest into one line if ever needed.
  if (all.length > 20) {
    const sorted = [...all].sort((a, b) => b.monthlyUsd - a.monthlyUsd);
    const rest = sorted.slice(19);
    return [
      ...sorted.slice(0, 19),
      item(
        `Other: ${rest.map((i) => i.service).join(", ")}`,
        rest.reduce((s, i) => s + i.monthlyUsd, 0),
        rest.map((i) => `${i.service} ${usd(i.monthlyUsd)}`),
      ),
    ];
  }
  return all;
}

export function total(items: CostItem[]): number {
  return round2(items.reduce((s, i) => s + i.monthlyUsd, 0));
}

/** A line shown at $0 because its product is sold by contract (no list price): said, not silently $0. */
const CONTRACT = /contract-priced|contact sales/i;

/** Names the lines that are in the plan at $0 because they are contract-priced (Spectrum's UDP, say). */
function contractPriced(items: CostItem[]): string {
  const names = items.filter((i) => i.monthlyUsd === 0 && CONTRACT.test(i.basis))
    .map((i) => i.service);
  return names.length
    ? `${
      names.join(", ")
    }: contract-priced (no published list price: contact sales), shown at $0 and not in this total.`
    : "";
}

/** Units billed on a figure the tier or the text sets: Vercel developer seats, job vCPU-hours. */
function billedUnits(ctx: Context, cloud: Cloud, items: CostItem[]): string[] {
  const out: string[] = [];
  if (cloud === "vercel") {
    const { seats, read } = vercelSeats(ctx);
    out.push(
      `Vercel Pro: ${seats} developer seat(s) (${read ? `read: "${read}"` : "tier default, assumed"}).`,
    );
  }
  const regions = competitorRegions(ctx).length;
  if (regions > 1 && items.some((i) => i.monthlyUsd > 0 && /endpoint/i.test(i.service))) {
    out.push(
      `Model endpoint: one always-on instance in each of the ${regions} regions served (on both plans).`,
    );
  }
  // Jobs, containers and pipelines billed per vCPU-hour run the tier's default hours (no figure states them).
  if (items.some((i) => i.monthlyUsd > 0 && /\bvCPU-h\b/.test(i.basis))) {
    const t = ctx.traffic;
    out.push(
      `Compute billed per vCPU-hour: ${count(t.vcpuHours)} vCPU-hours/month (${
        t.vcpuHoursRead ? "read from the description" : `${t.scale} tier default, assumed`
      }).`,
    );
  }
  return out;
}

/** The cost assumptions: shapes, figures read vs tier defaults assumed, usage, and the dominant line. */
export function assumptions(ctx: Context, cloud: Cloud, items: CostItem[] = []): string {
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
  const shapeNames = ctx.workload.shapes.map((x) => SHAPE_LABELS[x]).join(" + ");
  const dominant = dominantLine(items);
  const parts = [
    `Workload: ${shapeNames}.`,
    ctx.read.length ? `Read from the description: ${ctx.read.join("; ")}.` : "No figures in the description.",
    ctx.assumed.length ? `Assumed (${t.scale} tier defaults): ${ctx.assumed.join("; ")}.` : "",
    dominant ?? "",
    contractPriced(items),
    `${t.scale} tier, ${t.usersLabel} (${tierName}): ${
      count(t.requests)
    } requests/month at ${t.wallMs} ms (${t.cpuMs} ms CPU), ${gb(t.egressGb)} egress; ${where}.`,
  ];
  parts.push(...billedUnits(ctx, cloud, items));
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
  if (liveConnections(ctx)) {
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
  if (c.has("iot")) {
    parts.push(`${count(t.devices)} devices × ${count(t.deviceMessagesEach)} msgs/month each.`);
  }
  const shapes = new Set(ctx.workload.shapes);
  if (shapes.has("stream_ingestion") || shapes.has("etl_warehouse") || shapes.has("iot")) {
    parts.push(`${gb(t.ingestGb)} ingested/month, ${gb(t.objectStoredGb)} retained.`);
  }
  if (shapes.has("webrtc")) parts.push(`${count(t.callMinutes)} participant-minutes.`);
  if (shapes.has("saas_custom_domains")) parts.push(`${count(t.tenants)} tenant domains.`);
  if (c.has("queues")) parts.push(`${count(t.queueMessages)} queue msgs.`);
  if (c.has("analytics")) parts.push(`${count(t.events)} events.`);
  if (c.has("email")) parts.push(`${count(t.emails)} emails.`);
  if (c.has("auth")) parts.push(`${count(t.mau)} MAU.`);
  parts.push("List prices in USD, free tiers applied, payment fees excluded.");
  const unverified = items.filter((i) => /list price unverified/.test(i.basis)).map((i) => i.service);
  if (unverified.length) {
    parts.push(`Unverified list prices (no stored pricing page confirmed them): ${unverified.join(", ")}.`);
  }
  return fitText(parts, 800, " ");
}
