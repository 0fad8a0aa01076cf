/**
 * Content limited to some countries (broadcast rights territories, geo-blocking, licensing by country, sports
 * blackouts): each plan says which of its services enforces it — Stream's signed tokens with country access
 * rules or a WAF country rule on Cloudflare, CloudFront geo restriction and IVS playback restriction policies
 * on AWS, Cloud Armor region rules on GCP, Front Door WAF geo-filtering on Azure, a Vercel Firewall country
 * rule on Vercel. Geofencing (a device's position inside an area) is not a restriction of who may watch.
 */
import { type Cloud } from "./catalog/facts.ts";
import { type Selection } from "./context.ts";
import { pinRequirement } from "./requirement_notes.ts";

const GEO_RESTRICTED =
  /\bgeo[\s-]?(?:block\w*|restrict\w*|lock\w*|filter\w*)|\b(?:rights|broadcast|licen[cs]e|licensing)\s+(?:territor(?:y|ies)|regions?|countries)\b|\bterritor(?:y|ies)\s+(?:rights|licen[cs]\w*)|\b(?:blackouts?|region[\s-]?lock\w*)\b|\bonly\s+(?:viewable|watchable|available|playable|streamable)\s+in\s+(?:the\s+)?(?:[A-Z][\w.]*|\d+\s+countries)/i;

/** Whether the description limits who may watch or download by country. */
export function geoRestricted(text: string): boolean {
  return GEO_RESTRICTED.test(text);
}

/** The services of each cloud that enforce the countries on the paths they deliver, with their notes. */
const ENFORCERS: Record<Cloud, [string, string][]> = {
  cloudflare: [
    ["stream", "signed tokens with country access rules (rights territories)"],
    ["cdn", "WAF custom rule on the visitor's country blocks other territories"],
  ],
  aws: [
    ["cloudfront", "geo restriction: allow list of the rights territories"],
    ["ivs", "playback restriction policy: allowed countries per channel"],
  ],
  gcp: [["cloud_cdn", "Cloud Armor edge policy on origin.region_code (rights territories)"]],
  azure: [["front_door", "WAF geo-filtering rule per rights territory"]],
  vercel: [["vercel_cdn", "Vercel Firewall custom rule by country (rights territories)"]],
};

/** Pins the country restriction to the services of a cloud's selections that enforce it (mutates them). */
export function applyGeoRestriction(cloud: Cloud, selections: Map<string, Selection>, text: string): void {
  if (!geoRestricted(text)) return;
  let placed = false;
  for (const [key, note] of ENFORCERS[cloud]) {
    const sel = selections.get(key);
    if (sel) pinRequirement(sel, note);
    placed ||= sel !== undefined;
  }
  if (placed) return;
  const edge = [...selections.values()].find((s) => s.core === "edge" || s.def.type === "cdn");
  if (edge) pinRequirement(edge, "blocks viewers outside the rights territories by country");
}
