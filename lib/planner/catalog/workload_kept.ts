/**
 * Services for what a request keeps as it is: a Supabase project (database and sign-in), an app that
 * already runs on Vercel, and third-party products it already uses for one capability (Auth0, Algolia,
 * Postmark…), shown in the plans instead of being swapped for a default.
 */
import type { Cloud } from "./facts.ts";
import { chk } from "./facts.ts";
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
      chk(
        25,
        "USD/month Supabase Pro (Micro compute included; larger compute add-ons extra)",
        "https://supabase.com/pricing",
        "https://github.com/orgs/supabase/discussions/49162",
        "A Pro user quotes $25/month; the api-evangelist/supabase plans file agrees (8 GB database, 100K MAU included).",
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
  "The existing front end stays on Vercel; the new services run beside it",
  [["self", "compute", "fetch / events"]],
  undefined,
  { external: true },
);

/** A third-party product a request already uses for one capability, kept in place of the cloud's default. */
export interface KeptProduct {
  key: string;
  /** How the product is named (whole words, case-insensitive). */
  terms: string[];
  capability: "auth" | "search" | "vector" | "analytics" | "email" | "sms" | "relational";
  name: string;
  blurb: string;
}

/** Products kept when a request says it uses them (their bills stay with the vendor: not priced here). */
export const KEPT_PRODUCTS: KeptProduct[] = [
  {
    key: "auth0",
    terms: ["auth0"],
    capability: "auth",
    name: "Auth0 (kept)",
    blurb: "Sign-in stays on Auth0",
  },
  {
    key: "clerk",
    terms: ["clerk"],
    capability: "auth",
    name: "Clerk (kept)",
    blurb: "Sign-in stays on Clerk",
  },
  {
    key: "firebase_auth",
    terms: ["firebase(?! (?:cloud messaging|hosting|app hosting|fcm))"],
    capability: "auth",
    name: "Firebase Auth (kept)",
    blurb: "Sign-in stays on Firebase",
  },
  {
    key: "algolia",
    terms: ["algolia"],
    capability: "search",
    name: "Algolia (kept)",
    blurb: "Search index stays on Algolia",
  },
  {
    key: "pinecone",
    terms: ["pinecone"],
    capability: "vector",
    name: "Pinecone (kept)",
    blurb: "Vector index stays on Pinecone",
  },
  {
    key: "product_analytics",
    terms: ["posthog", "mixpanel", "amplitude"],
    capability: "analytics",
    name: "Product analytics (kept: PostHog / Mixpanel / Amplitude)",
    blurb: "Events keep going to the analytics tool in use",
  },
  {
    key: "mail_provider",
    terms: ["sendgrid", "postmark", "mailgun", "mailchimp", "brevo"],
    capability: "email",
    name: "Email provider (kept: SendGrid / Postmark / Mailgun)",
    blurb: "Mail keeps going out through the provider in use",
  },
];

/** A named stack the request already runs (Atlas, Confluent, Snowflake), kept in place of a cloud's look-alike. */
export interface KeptStack {
  key: string;
  terms: string[];
  name: string;
  blurb: string;
  /** Per cloud, the look-alike services whose roles matching `roles` give way to the kept stack. */
  drop: Partial<Record<Cloud, string[]>>;
  roles: RegExp;
}

/** Stacks kept when a request says it runs on them (their bills stay with the vendor: not priced here). */
export const KEPT_STACKS: KeptStack[] = [
  {
    key: "mongodb_atlas",
    terms: ["(?:mongodb |mongo )?atlas"],
    name: "MongoDB Atlas (kept)",
    blurb: "Your Atlas cluster, reached over the driver",
    drop: { aws: ["documentdb"], gcp: ["firestore"], azure: ["cosmos"] },
    roles: /mongo/i,
  },
  {
    key: "confluent",
    terms: ["confluent(?: cloud)?"],
    name: "Confluent Cloud (kept)",
    blurb: "Your Kafka topics stay on Confluent",
    drop: { aws: ["msk"], gcp: ["managed_kafka"], azure: ["event_hubs"] },
    roles: /kafka/i,
  },
  {
    key: "snowflake",
    terms: ["snowflake", "databricks"],
    name: "Snowflake / Databricks (kept)",
    blurb: "Your warehouse stays where it is and loads from object storage",
    drop: { aws: ["redshift"], gcp: ["bigquery"], azure: ["fabric"] },
    roles: /warehouse/i,
  },
];

const keptDef = (p: { key: string; name: string; blurb: string }): ServiceDef =>
  svc(`kept-${p.key}`, p.name, "external", "external", p.blurb, [["compute", "self", "API"]], undefined, {
    external: true,
  });
const KEPT_DEFS = Object.fromEntries(
  [...KEPT_PRODUCTS, ...KEPT_STACKS].map((p) => [`kept_${p.key}`, keptDef(p)]),
);

/** Kept services per cloud, merged into `SERVICES`. */
export const KEPT_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: {
    supabase: supabase(
      [["hyperdrive", "self", "TLS"]],
      "Your Supabase Postgres + Auth, reached through Hyperdrive",
    ),
    vercel_app: VERCEL_APP,
    ...KEPT_DEFS,
  },
  aws: {
    supabase: supabase([["compute", "self", "SQL + Auth"]], "Your Supabase Postgres + Auth, kept"),
    vercel_app: VERCEL_APP,
    ...KEPT_DEFS,
  },
  gcp: {
    supabase: supabase([["compute", "self", "SQL + Auth"]], "Your Supabase Postgres + Auth, kept"),
    vercel_app: VERCEL_APP,
    ...KEPT_DEFS,
  },
  azure: {
    supabase: supabase([["compute", "self", "SQL + Auth"]], "Your Supabase Postgres + Auth, kept"),
    vercel_app: VERCEL_APP,
    ...KEPT_DEFS,
  },
  vercel: {
    supabase: supabase([["compute", "self", "SQL + Auth"]], "Supabase (Marketplace): Postgres + Auth, kept"),
    ...KEPT_DEFS,
  },
};
