/**
 * Authoritative DNS priced per zone in two bands: Route 53 bills each hosted zone ($0.50 for the first 25,
 * $0.10 after) plus standard queries, except alias queries to AWS resources (CloudFront, load balancers),
 * which are free; Cloud DNS and Azure DNS bill their zones in the same two bands (queries not modelled). The
 * zone count is the number of domains the text names ("3,000 customer domains"), else one.
 */
import type { Fact } from "../catalog/facts.ts";
import { AWS_PRICES } from "../catalog/prices_aws.ts";
import { AZURE_PRICES } from "../catalog/prices_azure.ts";
import { GCP_PRICES } from "../catalog/prices_gcp.ts";
import type { Context, CostItem } from "../context.ts";
import { count, item, over, rate, usd } from "../format.ts";

/** Zones a text names: "3,000 customer domains", "40 domains", "12k client domains". */
const DOMAINS = /\b(\d[\d,]*(?:\.\d+)?)\s*(k|m)?\s+(?:[\w-]+\s+){0,2}?(?:domains|zones|domain names)\b/i;

/** Zones billed at the first band's rate. */
const FIRST_BAND = 25;

/** How many DNS zones the request runs (the domains it names, else one). */
export function dnsZones(text: string): number {
  const m = text.match(DOMAINS);
  if (!m) return 1;
  const n = Number(m[1].replace(/,/g, "")) * (m[2] ? (m[2].toLowerCase() === "k" ? 1e3 : 1e6) : 1);
  return Number.isFinite(n) && n >= 1 ? Math.round(n) : 1;
}

/** A zone count priced in two bands: the cost and the basis parts. */
function zoneBands(zones: number, first: Fact, rest: Fact, noun = "zone"): { cost: number; parts: string[] } {
  const inFirst = Math.min(zones, FIRST_BAND);
  return {
    cost: inFirst * first.value + over(zones, FIRST_BAND) * rest.value,
    parts: [
      `${count(inFirst)} ${noun}${inFirst === 1 ? "" : "s"} × ${usd(first.value)}`,
      zones > FIRST_BAND ? `${count(zones - FIRST_BAND)} × ${usd(rest.value)}` : "",
      first.verified === false || (zones > FIRST_BAND && rest.verified === false)
        ? "list price unverified"
        : "",
    ],
  };
}

/** The Route 53 line: hosted zones in two price bands, plus queries unless they are alias queries. */
export function route53Cost(keys: Set<string>, ctx: Context): CostItem | undefined {
  if (!keys.has("route53")) return undefined;
  const P = AWS_PRICES;
  const zones = zoneBands(
    dnsZones(ctx.request.appDescription),
    P.route53ZonePerMonth,
    P.route53ZoneOver25PerMonth,
    "hosted zone",
  );
  // Records that alias CloudFront or a load balancer answer free; other records are billed per query.
  const alias = keys.has("cloudfront") || keys.has("alb") || keys.has("nlb");
  const queries = alias ? 0 : ctx.traffic.requests;
  return item(
    "Route 53 + Certificate Manager (ACM)",
    zones.cost + queries / 1e6 * P.route53QueriesPerM.value,
    [
      ...zones.parts,
      alias
        ? "alias queries to CloudFront / load balancers free"
        : `${count(queries)} queries (one per request at most) × ${rate(P.route53QueriesPerM.value)}/M`,
      "ACM public certificates free",
    ],
  );
}

/** Cloud DNS (GCP) or Azure DNS: the selected zone service's zones in two bands. */
export function zoneDnsCost(keys: Set<string>, ctx: Context, cloud: "gcp" | "azure"): CostItem | undefined {
  const [key, name, first, rest] = cloud === "gcp"
    ? [
      "cloud_dns",
      "Cloud Domains + Cloud DNS",
      GCP_PRICES.cloudDnsZonePerMonth,
      GCP_PRICES.cloudDnsZoneOver25PerMonth,
    ]
    : [
      "azure_dns",
      "Azure DNS + App Service domain",
      AZURE_PRICES.dnsZonePerMonth,
      AZURE_PRICES.dnsZoneOver25PerMonth,
    ];
  if (!keys.has(key)) return undefined;
  const zones = zoneBands(dnsZones(ctx.request.appDescription), first, rest);
  return item(name, zones.cost, [...zones.parts, "domain fee extra; queries not modelled"]);
}
