/**
 * The database migration of a moved app, read from the plan rather than from the wording: when an existing
 * relational database (Postgres, MySQL, SQL Server, Oracle) moves with its app (a lift-and-shift) into the
 * competitor's managed database, the cloud's own migration service replicates it (full load, then change
 * data capture) so the cut-over takes minutes, not a dump and restore. It is the `db_migration` core part
 * (lib/planner/core_parts.ts), which a description can also ask for in words. Not when the database is kept
 * where it is, and not for an Oracle bound for Oracle Database@Google Cloud or @Azure (the clouds' services
 * move the other engines).
 */
import type { Cloud } from "./catalog/facts.ts";
import type { ServiceUse } from "./catalog/mapping.ts";
import { SERVICES } from "./catalog/services.ts";
import type { Context } from "./context.ts";
import { KEPT_DB } from "./costs/managed_postgres.ts";
import type { Technology } from "./technologies.ts";

/** Engines each cloud's migration service moves into its managed databases. */
const MOVED_ENGINES: Partial<Record<Cloud, ReadonlySet<Technology>>> = {
  aws: new Set(["postgres", "mysql", "sql_server", "oracle"]),
  gcp: new Set(["postgres", "mysql", "sql_server"]),
  azure: new Set(["postgres", "mysql", "sql_server"]),
};

/** The migration service `tech`'s database brings on `cloud`, given the services it already uses there. */
export function databaseMoveUses(
  tech: Technology,
  cloud: Cloud,
  ctx: Context,
  uses: ServiceUse[],
): ServiceUse[] {
  if (!MOVED_ENGINES[cloud]?.has(tech) || !ctx.workload.shapes.includes("lift_and_shift")) return [];
  if (KEPT_DB.test(ctx.request.appDescription)) return [];
  const managed = uses.some((u) => {
    const def = SERVICES[cloud][u.service];
    return def?.type === "database" && !def.external;
  });
  return managed ? [{ service: "db_migration", role: "low-downtime database migration" }] : [];
}
