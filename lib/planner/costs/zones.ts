/**
 * CDN egress priced by the zone the audience is in: the region's CloudFront zone mix (catalog/regions.ts)
 * mapped onto another provider's price zones (Google Cloud CDN destinations, Azure Front Door billing zones).
 */
import type { CloudFrontZone } from "../catalog/prices_aws.ts";
import type { Fact } from "../catalog/facts.ts";
import { gb, rate } from "../format.ts";

/** One provider's first-tier egress rate per audience zone, with the provider's name for that zone. */
export type ZoneRates = Record<CloudFrontZone, { fact: Fact; label: string }>;

/**
 * Egress of `totalGb` spread over `mix`, each share at its zone's rate; the basis names each zone's rate and
 * says when a rate used is unverified.
 */
export function zoneEgress(
  totalGb: number,
  mix: Partial<Record<CloudFrontZone, number>>,
  rates: ZoneRates,
  per = "GB",
): { cost: number; basis: string } {
  let cost = 0;
  const parts: string[] = [];
  let unverified = false;
  for (const [zone, weight] of Object.entries(mix) as [CloudFrontZone, number][]) {
    const { fact, label } = rates[zone];
    cost += totalGb * weight * fact.value;
    if (weight > 0 && fact.verified === false) unverified = true;
    parts.push(`${label} ${rate(fact.value)}/${per}`);
  }
  const zones = [...new Set(parts)].join(", ");
  return {
    cost,
    basis: `${gb(totalGb)} × ${zones}${parts.length === 1 ? " (the audience's zone)" : " (zone mix)"}${
      unverified ? " (zone rate: list price unverified)" : ""
    }`,
  };
}
