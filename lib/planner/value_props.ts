/** Value propositions, one per chosen priority, built from the two priced plans. */
import { type ValuePropData } from "../protocol/events.ts";
import { type Constraint } from "../protocol/request_schema.ts";
import { CLOUD_NAMES, type CompetitorCloud } from "./catalog/facts.ts";
import { CORE } from "./catalog/mapping.ts";
import { AWS_PRICES } from "./catalog/prices_aws.ts";
import { AZURE_PRICES } from "./catalog/prices_azure.ts";
import { CLOUDFLARE_PRICES } from "./catalog/prices_cloudflare.ts";
import { GCP_PRICES } from "./catalog/prices_gcp.ts";
import { VERCEL_PRICES } from "./catalog/prices_vercel.ts";
import { computeRegions, type Context, type Design } from "./context.ts";
import { total } from "./costs/engine.ts";
import { count, fitText, gb, rate, round2, usd } from "./format.ts";
import { planServices } from "./plan_services.ts";

export interface CompetitorFacts {
  compute: string;
  coldStart: string;
  storage: string;
  storageEgress: number;
  scaleLimit: string;
}

export function competitorFacts(cloud: CompetitorCloud, ctx: Context): CompetitorFacts {
  // The regions the competitor plan beside it actually runs compute in.
  const region = computeRegions(ctx).join(" + ");
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

/** What every value proposition reads: both designs, their totals and the competitor's facts. */
interface PropInput {
  ctx: Context;
  cf: Design;
  comp: Design;
  /** The competitor's display name. */
  compName: string;
  facts: CompetitorFacts;
  /** A UDP game server behind Spectrum: claims are about the edge in front of the hosts. */
  udp: boolean;
  cfTotal: number;
  compTotal: number;
  /** Cities with Cloudflare data centers. */
  cities: number;
}

/** Cost Optimization: both monthly totals, plus the egress and CDN lines that differ most. */
function costProp(
  constraint: Constraint,
  { ctx, cf, comp, compName, facts, cfTotal, compTotal }: PropInput,
): ValuePropData {
  const t = ctx.traffic;
  const savings = round2(compTotal - cfTotal);
  const pct = compTotal > 0 ? Math.round((savings / compTotal) * 100) : 0;
  const sentences: string[] = [];
  sentences.push(
    `Estimated ${usd(cfTotal)}/month on Cloudflare vs ${
      usd(compTotal)
    }/month on ${compName} at ${t.scale} scale (${count(t.requests)} requests, ${gb(t.egressGb)} egress).`,
  );
  // A contract-priced line sits at $0 in Cloudflare's total: the gap is an upper bound, and says so.
  const unpriced = cf.costs.filter((i) => i.monthlyUsd === 0 && /contract-priced/i.test(i.basis))
    .map((i) => i.service.replace(/ \(.*\)$/, ""));
  if (unpriced.length > 0 && savings > 0) {
    sentences.push(
      `Cloudflare's total leaves out ${
        unpriced.join(" and ")
      } (contract-priced), so the gap is at most this.`,
    );
  }
  // A gap carried by one line is only as good as that line: name it, with what it is priced on.
  const top = [...comp.costs].sort((a, b) => b.monthlyUsd - a.monthlyUsd)[0];
  if (savings > 0 && top && top.monthlyUsd > savings / 2) {
    sentences.push(
      `Most of the gap is ${top.service} (${usd(top.monthlyUsd)}/month: ${
        top.basis.split(" + ")[0].slice(0, 120)
      }).`,
    );
  }
  // Only Vercel bills downloads at the store (Blob data transfer); elsewhere they leave through the CDN,
  // whose line the next sentence compares.
  if (ctx.caps.has("object_storage") && comp.cloud === "vercel") {
    const billable = t.objectDownloadGb;
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
  return {
    constraint,
    emoji: "💰",
    title: savings >= 0
      ? `${pct}% lower monthly bill than ${compName}`
      : `Costs within ${usd(-savings)}/month of ${compName}`,
    description: fitText(sentences, 600, " "),
  };
}

/** Global Performance: compute in every city vs the competitor's regions (or the anycast edge for UDP). */
function performanceProp(
  constraint: Constraint,
  { ctx, cf, comp, facts, udp, cities }: PropInput,
): ValuePropData {
  const sentences = udp ? udpSentences("performance", facts.compute, ctx, cf) : [
    `Workers run in all ${cities}+ cities, so ${
      ctx.request.region === "Global" ? "users everywhere" : `users in ${ctx.region.city} and beyond`
    } hit a nearby data center instead of ${facts.compute}.`,
    `Isolates warm in under ${CLOUDFLARE_PRICES.isolateWarmMs.value} ms vs ${facts.coldStart}.`,
  ];
  if (cf.selections.has("d1") && !udp) {
    sentences.push(
      ctx.workload.requirements.residency
        ? "Smart Placement runs Workers next to D1, which stays inside its jurisdiction."
        : "D1 read replicas plus Smart Placement keep queries next to the data.",
    );
  }
  if (cf.selections.has("durable_objects")) {
    sentences.push(
      `Durable Objects are created near their first user${
        ctx.region.doHint ? ` (locationHint "${ctx.region.doHint}")` : ""
      }.`,
    );
  }
  const compRegions = computeRegions(ctx);
  if (comp.cloud === "aws" && comp.selections.has("cloudfront")) {
    sentences.push(
      `CloudFront's ${AWS_PRICES.cloudFrontEdgeLocations.value}+ locations cache content, but dynamic requests still travel to ${
        compRegions.length > 1
          ? `the nearest of ${compRegions.length} regions (${compRegions.join(", ")})`
          : compRegions[0]
      }.`,
    );
  }
  return {
    constraint,
    emoji: "🌍",
    title: udp
      ? `UDP enters at the nearest of ${cities}+ cities`
      : `Compute in ${cities}+ cities, not ${
        compRegions.length > 1 ? `${compRegions.length} regions` : "one region"
      }`,
    description: fitText(sentences, 600, " "),
  };
}

/** Scalability: per-request scaling vs the competitor's quota or capacity (or flood absorption for UDP). */
function scalabilityProp(
  constraint: Constraint,
  { ctx, cf, compName, facts, udp, cities }: PropInput,
): ValuePropData {
  const t = ctx.traffic;
  const rps = Math.round(t.requests / 2_592_000);
  const sentences = udp ? udpSentences("scale", facts.scaleLimit, ctx, cf) : [
    `At ${t.scale} scale (${
      count(t.requests)
    } requests/month, ≈${rps} req/s average) Workers scale per request across ${cities}+ cities with no instances or regional capacity to plan, where ${compName} relies on ${facts.scaleLimit}.`,
  ];
  if (cf.selections.has("durable_objects") && !udp) {
    sentences.push(
      `Each room or device is its own Durable Object; WebSocket Hibernation bills ${CLOUDFLARE_PRICES.doWsMessagesPerRequest.value} messages as one request.`,
    );
  }
  if (cf.selections.has("queues")) {
    sentences.push("Queues absorb spikes with batching and automatic retries.");
  }
  return {
    constraint,
    emoji: "📈",
    title: udp
      ? ctx.workload.technologies.has("game")
        ? "Floods absorbed at the edge, lobbies per request"
        : "Floods absorbed at the edge"
      : "Scales per request, globally",
    description: fitText(sentences, 600, " "),
  };
}

/** Developer Velocity: one deploy of bound services vs many separately configured ones. */
function velocityProp(constraint: Constraint, { cf, comp, compName }: PropInput): ValuePropData {
  // Counted from the priced plans beside the claim (their own services' cost lines).
  const cfCount = planServices(cf.costs).length;
  const compCount = planServices(comp.costs).length;
  const external = [...comp.selections.values()].filter((s) => s.def.external && s.key !== "stripe")
    .map((s) => s.def.name);
  const sentences = [
    `${cfCount} Cloudflare services wired as bindings in one wrangler config and shipped with one \`wrangler deploy\`, vs ${compCount} ${compName} services each with its own configuration${
      comp.cloud === "vercel" ? "" : " and access policies"
    }.`,
    `\`wrangler dev\` runs ${localNames(cf)} locally.`,
  ];
  if (external.length) {
    sentences.push(
      `On ${compName}, ${external.join(", ")} ${
        external.length > 1 ? "come" : "comes"
      } from third parties with separate accounts and bills.`,
    );
  }
  return {
    constraint,
    emoji: "🚀",
    title: "One platform, one deploy",
    description: fitText(sentences, 600, " "),
  };
}

/** Enterprise Security: the security lines of both bills, Access priced for the staff. */
function securityProp(constraint: Constraint, { ctx, cf, comp, compName }: PropInput): ValuePropData {
  const t = ctx.traffic;
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
    }/user: ${usd(staffCost)}/month for ${t.staff} ${ctx.workload.audience.staff ? "staff" : "operators"}.`,
    `Security lines here: ${usd(total(cfSec))}/month on Cloudflare vs ${
      usd(total(compSec))
    }/month on ${compName}${compSec.length ? ` (${compSec.map((i) => i.service).join(", ")})` : ""}.`,
  ];
  // A Cloudflare line priced at a plan's floor because its tier is contract-priced is no like-for-like
  // figure: say so rather than let the gap read as a saving.
  const floors = cfSec.filter((i) => /contract-priced/i.test(i.basis)).map((i) => i.service);
  if (floors.length) {
    sentences.push(
      `${
        floors.join(" and ")
      } is shown at its list floor: the tier that matches ${compName}'s is contract-priced, so the gap is not a like-for-like saving.`,
    );
  }
  return {
    constraint,
    emoji: "🛡️",
    title: "Zero Trust + WAF built into the edge",
    description: fitText(sentences, 600, " "),
  };
}

/** One value proposition per constraint of the request, in the request's order, citing both priced plans. */
export function valueProps(ctx: Context, cf: Design, comp: Design): ValuePropData[] {
  const compName = CLOUD_NAMES[comp.cloud];
  const facts = competitorFacts(ctx.competitor, ctx);
  // When the competitor runs an always-on host instead of functions, name that host.
  const host = [...comp.selections.values()].find((s) => s.core === "compute");
  if (host && host.key !== CORE[comp.cloud].compute) {
    facts.compute = `${host.name} in ${computeRegions(ctx).join(" + ")}`;
    facts.coldStart = `servers that are sized and patched by you (${host.name})`;
    facts.scaleLimit = `the ${host.name} capacity provisioned per region`;
  }
  // UDP game servers stay on hosts on both sides: the claims are about the anycast edge in front of them.
  const udp = ctx.workload.primary === "realtime_udp" && cf.selections.has("spectrum");
  const cfTotal = total(cf.costs), compTotal = total(comp.costs);
  const cities = CLOUDFLARE_PRICES.cities.value;
  const input: PropInput = { ctx, cf, comp, compName, facts, udp, cfTotal, compTotal, cities };
  const props: ValuePropData[] = [];
  for (const constraint of ctx.request.constraints) {
    switch (constraint) {
      case "Cost Optimization":
        props.push(costProp(constraint, input));
        break;
      case "Global Performance":
        props.push(performanceProp(constraint, input));
        break;
      case "Scalability":
        props.push(scalabilityProp(constraint, input));
        break;
      case "Developer Velocity":
        props.push(velocityProp(constraint, input));
        break;
      case "Enterprise Security":
        props.push(securityProp(constraint, input));
        break;
    }
  }
  return props;
}

/** The plan's services `wrangler dev` emulates locally, as a list ("Workers, D1 and R2"). */
function localNames(cf: Design): string {
  const local: [string, string][] = [
    ["workers", "Workers"],
    ["d1", "D1"],
    ["kv", "KV"],
    ["r2", "R2"],
    ["queues", "Queues"],
    ["durable_objects", "Durable Objects"],
    ["workflows", "Workflows"],
  ];
  const names = local.filter(([k]) => cf.selections.has(k)).map(([, n]) => n);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0] ?? "Workers";
}

/**
 * Value-prop sentences for UDP servers, which run on hosts on both clouds (Spectrum sits in front). Players,
 * lobbies and matchmaking only for a game, and the Workers and Durable Objects they run in only when the
 * plan has them.
 */
function udpSentences(kind: "performance" | "scale", theirs: string, ctx: Context, cf: Design): string[] {
  const cities = CLOUDFLARE_PRICES.cities.value;
  const game = ctx.workload.technologies.has("game");
  const servers = game ? "the game servers" : "the UDP servers";
  const lobbies = game && cf.selections.has("workers")
    ? cf.selections.has("durable_objects") ? "Workers and Durable Objects" : "Workers"
    : undefined;
  if (kind === "performance") {
    return [
      `Spectrum's anycast network takes ${
        game ? "players'" : "clients'"
      } UDP traffic in at the nearest of ${cities}+ cities and carries it to ${servers}, which run on hosts in both plans (${theirs} on the other side).`,
      ...(lobbies ? [`Lobbies and matchmaking run in ${lobbies} near each player.`] : []),
    ];
  }
  return [
    `Spectrum absorbs volumetric floods at the edge in front of ${servers}; the servers themselves scale with the fleet you provision in both designs (${theirs} on the other side).`,
    ...(lobbies ? [`Matchmaking and lobbies scale per request in ${lobbies}.`] : []),
  ];
}
