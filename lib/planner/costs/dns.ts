/**
 * Authoritative DNS priced per zone: Route 53 bills each hosted zone ($0.50 for the first 25, $0.10 after)
 * plus standard queries, except alias queries to AWS resources (CloudFront, load balancers), which are free.
 * The zone count is the number of domains the text names ("3,000 customer domains"), else one.
 */
import { AWS_PRICES } from "../catalog/prices_aws.ts";
import type { Context, CostItem } from "../context.ts";
import { count, item, over, rate, usd } from "../format.ts";

/** Zones a text names: "3,000 customer domains", "40 domains", "12k client domains". */
const DOMAINS = /\b(\d[\d,]*(?:\.\d+)?)\s*(k|m)?\s+(?:[\w-]+\s+){0,2}?(?:domains|zones|domain names)\b/i;

/** How many DNS zones the request runs (the domains it names, else one). */
export function dnsZones(text: string): number {
  const m = text.match(DOMAINS);
  if (!m) return 1;
  const n = Number(m[1].replace(/,/g, "")) * (m[2] ? (m[2].toLowerCase() === "k" ? 1e3 : 1e6) : 1);
  return Number.isFinite(n) && n >= 1 ? Math.round(n) : 1;
}

/** The Route 53 line: hosted zones in two price bands, plus queries unless they are alias queries. */
export function route53Cost(keys: Set<string>, ctx: Context): CostItem | undefined {
  if (!keys.has("route53")) return undefined;
  const P = AWS_PRICES;
  const zones = dnsZones(ctx.request.appDescription);
  const first = Math.min(zones, 25);
  const zoneCost = first * P.route53ZonePerMonth.value + over(zones, 25) * P.route53ZoneOver25PerMonth.value;
  // Records that alias CloudFront or a load balancer answer free; other records are billed per query.
  const alias = keys.has("cloudfront") || keys.has("alb") || keys.has("nlb");
  const queries = alias ? 0 : ctx.traffic.requests;
  return item("Route 53 + Certificate Manager (ACM)", zoneCost + queries / 1e6 * P.route53QueriesPerM.value, [
    `${count(first)} hosted zone${first === 1 ? "" : "s"} × ${usd(P.route53ZonePerMonth.value)}`,
    zones > 25 ? `${count(zones - 25)} × ${usd(P.route53ZoneOver25PerMonth.value)}` : "",
    alias
      ? "alias queries to CloudFront / load balancers free"
      : `${count(queries)} queries (one per request at most) × ${rate(P.route53QueriesPerM.value)}/M`,
    "ACM public certificates free",
  ]);
}
