/**
 * Disaster recovery of a rehosted server estate: when servers move as VMs (a lift-and-shift) and the request
 * asks for recovery elsewhere ("DR across regions", "a DR site", RPO / RTO targets, "survive a region
 * outage"), the cloud's own replication service keeps a copy of every server ready in another region: AWS
 * Elastic Disaster Recovery, Azure Site Recovery; on Google Cloud, Backup and DR restores the moved VMs in
 * another region. Cloudflare runs no VMs: its side steers traffic to whichever site answers.
 */
import type { Cloud } from "./catalog/facts.ts";
import type { ServiceUse } from "./catalog/mapping.ts";
import type { Context } from "./context.ts";
import { compile } from "./match.ts";

/** Words that ask for recovery in another place, not only backups. */
export const DR_ASKED = compile([
  "disaster[\\s-]recovery",
  "dr (?:site|plan|region|across|to|in|copy|failover|setup|strategy|environment)",
  "(?:across|cross|secondary|second|paired|another|other) (?:\\w+ )?(?:regions?|sites?|data ?cent(?:er|re)s?) (?:for )?dr",
  "rpo",
  "rto",
  "fail(?:s|ing)?[\\s-]?over to (?:a |an |the )?(?:second|secondary|other|another|backup|dr|standby)",
  "survives? (?:the )?(?:loss|failure|outage) of (?:a|an entire|one|the) (?:region|data ?cent(?:er|re)|site)",
  "survives? an? (?:region(?:al)?|data ?cent(?:er|re)|site) (?:outage|failure|loss)",
  "standby (?:site|region|data ?cent(?:er|re))",
]);

const DR_SERVICE: Partial<Record<Cloud, ServiceUse>> = {
  aws: { service: "drs", role: "servers replicated to a recovery Region" },
  azure: { service: "site_recovery", role: "VMs replicated to the paired region" },
  gcp: { service: "backup_dr", role: "VM backups restorable in another region" },
};

/** The recovery service of a rehosted estate on `cloud`, when the request asks for disaster recovery. */
export function disasterRecoveryUses(cloud: Cloud, ctx: Context): ServiceUse[] {
  const use = DR_SERVICE[cloud];
  if (!use || !ctx.workload.shapes.includes("lift_and_shift")) return [];
  return DR_ASKED.test(ctx.request.appDescription) ? [use] : [];
}
