/**
 * A managed Postgres outside the cloud's own services (Neon, also the price of the Postgres a Cloudflare plan
 * reaches through Hyperdrive), sized the way the competitor's database is: compute units by the scale tier, a
 * compute per region copy, billed for the hours it runs (it scales to zero after 5 idle minutes), plus storage.
 * A database the team keeps on its current host is billed there ($0 in the plan).
 */
import { dbSize } from "./db_size.ts";
import { VERCEL_PRICES } from "../catalog/prices_vercel.ts";
import { type Context, type CostItem } from "../context.ts";
import { gb, item, rate } from "../format.ts";

/** A database the team says it keeps where it runs. */
export const KEPT_DB =
  /\b(?:(?:we're|we are|we) keeping (?:it|the (?:db|database))|keep(?:ing)? (?:our|the) (?:postgres\w*|db|database)|(?:postgres\w*|db|database) (?:is|stays|lives) on (?:rds|aurora|cloud sql|azure))\b/i;

/** Neon compute units by database size level (db_size.ts), matched to the RDS classes' memory. */
const NEON_CU = [0.25, 1, 4, 8] as const;

/** The cost line of a managed Postgres named `name`, priced at Neon's published rates. */
export function managedPostgresItem(name: string, ctx: Context): CostItem {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  // Sized like the tier's RDS instance by memory (1 CU = 4 GB: t4g.micro 1 GB, t4g.medium 4 GB, r6g.large
  // 16 GB, r6g.xlarge 32 GB) with its read replicas as extra computes; Neon's storage is replicated, so an
  // RDS Multi-AZ standby has no compute to match.
  const size = dbSize(ctx);
  const cu = NEON_CU[size.level];
  const copies = 1 + size.replicas;
  // Neon suspends a compute after 5 idle minutes: it runs in the 5-minute windows that see a query
  // (queries spread evenly over the month's 8,640 windows), always on once nearly every window does.
  const queries = t.dbReads + t.dbWrites;
  const active = 730 * (1 - Math.exp(-queries / 8_640));
  const cuH = cu * active * copies;
  return item(name, cuH * P.neonCuHour.value + t.sqlStorageGb * P.neonStoragePerGb.value, [
    `${cu} CU × ${Math.round(active)} active h (${
      active >= 729.5 ? "queries in every 5-minute window: always on" : "scale to zero when idle"
    }) × ${copies} compute(s) × ${rate(P.neonCuHour.value)}/CU-h`,
    `${gb(t.sqlStorageGb)} × ${rate(P.neonStoragePerGb.value)}`,
  ]);
}
