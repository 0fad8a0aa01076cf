/**
 * The size of a relational database, from the queries the plan's traffic makes instead of the scale tier
 * alone: an instance class from the peak query rate (the month's reads and writes at three times their
 * average, as other peaks are read), a read replica only when reads at the peak are heavy, a standby for high
 * availability at Enterprise scale and above, cross-region replicas for a global audience. A weekly job or a
 * booking app of 200 bookings a month at Growth scale gets one small instance, not a replica. Every cloud's
 * cost line and node subtitle read the same size (RDS, Cloud SQL, Azure Database for PostgreSQL, Neon).
 */
import { competitorRegions, type Context } from "../context.ts";

/** Peak rate over a month's average (as peaks are billed elsewhere: capacity at the peak, a third billed). */
const PEAK_OVER_AVERAGE = 3;
/** Seconds in a 30-day month. */
const MONTH_SECONDS = 2_592_000;
/** Peak queries per second each instance class holds (small, medium, large; above: extra large). */
const CLASS_LIMITS = [50, 250, 2_000] as const;
/** Storage (GB) each instance class is paired with at most (a larger database needs a larger class). */
const STORAGE_LIMITS = [50, 500, 2_000] as const;
/** Peak reads per second above which one read replica takes the reads off the primary. */
const REPLICA_ABOVE_READS = 1_000;

/** Instance class names by size level, where a cloud names its classes (RDS, Azure Database for PostgreSQL). */
export const DB_CLASS_NAMES = {
  aws: ["db.t4g.micro", "db.t4g.medium", "db.r6g.large", "db.r6g.xlarge"],
  azure: ["Burstable B1ms", "D2ds_v5", "D4ds_v5", "D8ds_v5"],
  azureSql: [
    "Standard 20 DTU",
    "Standard 100 DTU",
    "Standard 400 DTU",
    "Standard 800 DTU",
  ],
} as const;

/** A relational database's size: instance class 0 (small) to 3 (extra large), standby and replicas. */
export interface DbSize {
  /** 0 small (t4g.micro), 1 medium (t4g.medium), 2 large (r6g.large), 3 extra large (r6g.xlarge). */
  level: 0 | 1 | 2 | 3;
  /** A standby in another zone (Multi-AZ, HA). */
  ha: boolean;
  /** Read replicas (in the region, or cross-region for a global audience). */
  replicas: number;
  /** Whether the replicas are in other regions. */
  crossRegion: boolean;
  /** Separate primaries, one per data region, when each tenant's data stays in its own (else 1). */
  regions?: number;
  /** The peak queries per second it was sized for. */
  peakQps: number;
}

/** The database size of a plan's traffic and scale. */
export function dbSize(ctx: Context): DbSize {
  const t = ctx.traffic;
  const peakQps = (t.dbReads + t.dbWrites) / MONTH_SECONDS * PEAK_OVER_AVERAGE;
  const peakReads = t.dbReads / MONTH_SECONDS * PEAK_OVER_AVERAGE;
  const byLoad = CLASS_LIMITS.findIndex((limit) => peakQps < limit);
  const byStorage = STORAGE_LIMITS.findIndex((limit) => t.sqlStorageGb < limit);
  const level = Math.max(byLoad < 0 ? 3 : byLoad, byStorage < 0 ? 3 : byStorage) as DbSize["level"];
  // Each tenant's data in its own region: a primary (and its standby) per data region, no copies between them.
  if (ctx.workload.requirements.residency === "regional") {
    const regions = competitorRegions(ctx).length;
    return {
      level: Math.max(level, ctx.global ? 2 : 0) as DbSize["level"],
      ha: ctx.global || ctx.enterpriseTier,
      replicas: 0,
      crossRegion: false,
      peakQps,
      regions,
    };
  }
  if (ctx.global) return { level: 3, ha: true, replicas: 2, crossRegion: true, peakQps };
  const replicas = level > 0 && peakReads > REPLICA_ABOVE_READS ? 1 : 0;
  return { level, ha: ctx.enterpriseTier, replicas, crossRegion: false, peakQps };
}

/** Copies of the instance that are billed: the primary, the standby and the replicas. */
export function billedCopies(size: DbSize): number {
  return (size.regions ?? 1) * (1 + (size.ha ? 1 : 0)) + size.replicas;
}

/**
 * The layout after an instance name: "Multi-AZ + 1 read replica", "+2 cross-region replicas", "single-AZ"
 * (`standby` names the cloud's HA: "Multi-AZ", "HA", "zone-redundant HA").
 */
export function dbLayout(size: DbSize, standby: string, single: string): string {
  const replicas = size.replicas === 0
    ? ""
    : `${size.replicas} ${size.crossRegion ? "cross-region" : "read"} replica${size.replicas > 1 ? "s" : ""}`;
  const apart = (size.regions ?? 1) > 1 ? `a primary in each of ${size.regions} data regions, ` : "";
  if (size.ha) return apart + (replicas ? `${standby} + ${replicas}` : standby);
  return apart + (replicas ? `+${replicas}` : single);
}
