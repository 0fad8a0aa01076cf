/**
 * Services for what a request keeps as it is: a Supabase project (database and sign-in) and an app that
 * already runs on Vercel, shown in the plans instead of being swapped for a default.
 */
import type { Cloud } from "./facts.ts";
import { prov } from "./facts.ts";
import type { ServiceDef, Wire } from "./service_types.ts";
import { price, svc } from "./workload_helpers.ts";

const supabase = (wires: Wire[], blurb: string): ServiceDef =>
  svc(
    "supabase",
    "Supabase (kept)",
    "database",
    "data",
    blurb,
    wires,
    price(
      prov(
        25,
        "USD/month Supabase Pro (Micro compute included; larger compute add-ons extra)",
        "https://supabase.com/pricing",
      ),
      "month",
      "month",
    ),
    { external: true },
  );

/** The existing Vercel deployment a Cloudflare plan works beside (its own bill stays with Vercel). */
const VERCEL_APP: ServiceDef = svc(
  "vercel-app",
  "Your Vercel app (kept)",
  "compute",
  "external",
  "The existing front end stays on Vercel; Cloudflare runs beside it",
  [["self", "compute", "fetch / events"]],
  undefined,
  { external: true },
);

/** Kept services per cloud, merged into `SERVICES`. */
export const KEPT_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: {
    supabase: supabase(
      [["hyperdrive", "self", "TLS"]],
      "Your Supabase Postgres + Auth, reached through Hyperdrive",
    ),
    vercel_app: VERCEL_APP,
  },
  aws: { supabase: supabase([["compute", "self", "SQL + Auth"]], "Your Supabase Postgres + Auth, kept") },
  gcp: { supabase: supabase([["compute", "self", "SQL + Auth"]], "Your Supabase Postgres + Auth, kept") },
  azure: { supabase: supabase([["compute", "self", "SQL + Auth"]], "Your Supabase Postgres + Auth, kept") },
  vercel: {
    supabase: supabase([["compute", "self", "SQL + Auth"]], "Supabase (Marketplace): Postgres + Auth, kept"),
  },
};
