/**
 * The services a priced plan runs on its own cloud, read from its cost lines: what a claim such as "7
 * Cloudflare services vs 9 AWS services" counts, so the count can be checked against the plan beside it.
 * Lines for third parties, partners, marketplace products and what the team keeps on its own hosts are not
 * the cloud's services, and seats are a fee, not a service.
 */
import type { CostItem } from "./context.ts";

/** A cost line that is not one of the cloud's own services. */
const NOT_OWN =
  /third-party|\(partner|partner\)|partner:|Marketplace|your servers|your fleet|\(existing|existing or|external host|external GPU|\(kept\)|^Existing |seats$|^Other: /i;

/** The cloud's own services among a plan's cost lines, one per line. */
export function planServices(items: CostItem[]): string[] {
  return items.map((i) => i.service).filter((s) => !NOT_OWN.test(s));
}
