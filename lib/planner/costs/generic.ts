/**
 * Generic pricing for catalog services that carry a simple list price (`ServiceDef.price`): value × meter
 * after the free units, with the meter read from the request's usage. Also the regional uplift of
 * competitor compute and databases, and the cost guards that apply to every plan.
 */
import type { Cloud } from "../catalog/facts.ts";
import { REGION_PRICE_UPLIFT } from "../catalog/regions.ts";
import type { Meter } from "../catalog/service_types.ts";
import { competitorRegions, type Context, type CostItem, type Selection } from "../context.ts";
import { count, item, rate, usd } from "../format.ts";
import { dnsZones } from "./dns.ts";

/** Share of list price paid under a 1-year compute savings plan (this module's estimate, ≈35% off). */
const SAVINGS_PLAN = 0.65;

/** Hours a database migration's replication runs (full load, then change capture up to the cut-over). */
const MIGRATION_HOURS = 168;

/** Log written per request (an access or function log line with its fields), in KB. */
const LOG_KB_PER_REQUEST = 1;

/** How many units of each meter the request uses in a month. */
export function usageMeters(ctx: Context, cloud: Cloud): Record<Meter, number> {
  const t = ctx.traffic;
  const regions = cloud === "cloudflare" ? 1 : competitorRegions(ctx).length;
  return {
    month: 1,
    hours: 730 * regions,
    // A migration's replication runs while the data is copied and kept in sync up to the cut-over: about a
    // week, once (shown in the month it happens).
    migration_hours: MIGRATION_HOURS,
    // An always-on serving instance runs in every region the audience is served from, on either plan: the
    // request's needs (a worldwide audience, a second region) are the same for both.
    serving_hours: 730 * competitorRegions(ctx).length,
    staff: t.staff,
    users: t.mau,
    tenants: t.tenants,
    zones: dnsZones(ctx.request.appDescription),
    devices: t.devices,
    requests_m: t.requests / 1e6,
    messages_m: t.queueMessages / 1e6,
    ingest_gb: t.ingestGb,
    request_log_gb: t.requests * LOG_KB_PER_REQUEST / 1e6,
    stored_gb: t.objectStoredGb,
    call_minutes: t.callMinutes,
    speech_minutes: t.speechMinutes,
    tts_chars_m: t.ttsChars / 1e6,
    egress_gb: t.egressGb,
    pages_k: t.pagesK,
    gpu_hours: t.gpuHours,
    vcpu_hours: t.vcpuHours,
    steps_k: t.workflowStepsK,
    query_tb: t.warehouseTb,
    images: t.imagesGenerated,
    pushes_m: t.pushes / 1e6,
    instances: t.instanceHours,
    sms: t.sms,
    ai_calls_k: t.aiRequests / 1000,
  };
}

/** Cost lines for the selected services that have a catalog list price. */
export function genericCosts(cloud: Cloud, selections: Map<string, Selection>, ctx: Context): CostItem[] {
  const meters = usageMeters(ctx, cloud);
  const out: CostItem[] = [];
  for (const sel of selections.values()) {
    const p = sel.def.price;
    if (!p) continue;
    const used = meters[p.meter] * (p.factor ?? 1);
    const billable = Math.max(0, used - (p.included ?? 0));
    // Cost Optimization commits an always-on compute host to a 1-year savings plan (≈35% off, an estimate).
    const committed = sel.core === "compute" && cloud !== "cloudflare" &&
      ctx.constraints.has("Cost Optimization");
    const amount = billable * p.fact.value * (committed ? SAVINGS_PLAN : 1);
    const basis = p.fact.value === 0
      ? p.fact.unit
      : p.meter === "month"
      ? `${rate(p.fact.value)} ${p.fact.unit}`
      : `${count(used)} ${p.unit}${p.included ? ` (− ${count(p.included)} free)` : ""} × ${
        rate(p.fact.value)
      }: ${p.fact.unit}`;
    out.push(item(sel.def.name, amount, [
      basis,
      committed ? `× ${SAVINGS_PLAN} 1-year savings plan (estimate)` : "",
      p.fact.verified === false ? "list price unverified" : "",
    ]));
  }
  return out;
}

/**
 * Matches lines the regional uplift does not touch (global CDNs, third parties priced the same everywhere —
 * Supabase, Neon, Twilio… —, zone-priced egress, global
 * subscriptions such as Shield Advanced and Cloud Armor Enterprise, a model provider's own token prices, email
 * sending: SES and Communication Services Email cost the same in every region).
 */
const NOT_REGIONAL =
  /CloudFront|\bSES\b|Communication Services Email|Shield Advanced|Cloud Armor Enterprise|AI Gateway|Route 53|Cloud DNS|Azure DNS|Front Door|Cloud CDN|Vercel CDN|Mux|Stripe|third-party|Marketplace|partner|Clerk|Resend|Pusher|Upstash|Neon|Supabase|SendGrid|Twilio|MessageBird|Mailgun|Postmark|Axiom|Algolia|Pinecone|Auth0|WorkOS|PlanetScale|Turso|Liveblocks|Inngest|Sentry|LiveKit|Confluent|Atlas|Elastic/i;

/**
 * Matches bases billed per seat or per identity (users, staff, members, monthly active users): a seat or an
 * MAU costs the same in every region.
 */
const PER_SEAT = /\/user\b|\/seat\b|per (?:user|seat)\b|\bstaff ×|\bseats? ×|\bmembers? ×|\bMAU\b/i;

/** Applies the region's list-price uplift to competitor lines billed in a region. */
export function regionalUplift(cloud: Cloud, items: CostItem[], ctx: Context): CostItem[] {
  const factor = cloud === "cloudflare" ? 1 : REGION_PRICE_UPLIFT[ctx.regionName];
  if (factor === 1) return items;
  return items.map((i) =>
    NOT_REGIONAL.test(i.service) || PER_SEAT.test(i.basis) || /^Vercel Pro\b/.test(i.service) ||
      i.monthlyUsd === 0
      ? i
      : {
        ...i,
        monthlyUsd: Math.round(i.monthlyUsd * factor * 100) / 100,
        basis: `${i.basis} × ${factor} ${ctx.regionName} list price`.slice(0, 300),
      }
  );
}

/** The line that is over half of a plan's total, for the assumptions (undefined when none is). */
export function dominantLine(items: CostItem[]): string | undefined {
  const sum = items.reduce((s, i) => s + i.monthlyUsd, 0);
  const top = [...items].sort((a, b) => b.monthlyUsd - a.monthlyUsd)[0];
  if (!top || sum <= 0 || top.monthlyUsd <= sum / 2) return undefined;
  return `${top.service} is ${Math.round((top.monthlyUsd / sum) * 100)}% of this plan (${
    usd(top.monthlyUsd)
  }).`;
}
