/**
 * What a request names and keeps, applied to a design once its services are selected: a Supabase project
 * stays the database and sign-in (Hyperdrive to it on Cloudflare, Supabase on Vercel) instead of a default
 * swapped in silently; an app that already runs on Vercel stays there and Cloudflare works beside it; GPUs
 * named by model (A100, H100) are the GPUs priced. Deterministic.
 */
import { CAPABILITY_SERVICES } from "./catalog/mapping.ts";
import type { Cloud } from "./catalog/facts.ts";
import { SERVICES } from "./catalog/services.ts";
import { TECH_SERVICES } from "./catalog/tech_services.ts";
import { KEPT_PRODUCTS, KEPT_STACKS } from "./catalog/workload_kept.ts";
import { compile } from "./match.ts";
import type { Context, Selection } from "./context.ts";
import { namedGpus } from "./named_gpus.ts";

/** Adds a service to a design (selection.ts's adder). */
type Add = (key: string, role: string | null, rank: number, core?: "edge" | "compute") => void;

/** Supabase named as what the app uses. */
const SUPABASE = /\bsupabase\b/i;
/**
 * An app, site or front end that already runs on Vercel (a statement of where it is, not a question of where
 * to put it).
 */
export const ON_VERCEL_NOW =
  /\b(?:(?:is|are|runs?|running|lives?|sits?|hosted|deployed|already|stays?|staying|built|currently|keep\w*)\b(?:[^.;?]|\.(?=\w)){0,50}\bon vercel|(?:next\.?js|remix|nuxt|svelte\w*|astro|site|app|store|storefront|shop|frontend|front[\s-]end|dashboard|docs)\)?\s+(?:\(|[\w.+-]+\s+){0,2}on vercel|vercel[\s-](?:hosted|deployed))\b/i;

/** Words that say the Vercel deployment is to stay as it is. */
const KEEP_VERCEL =
  /\b(?:keep\w*|stays?|staying|already|existing|as it is|leave)\b(?:[^.;?]|\.(?=\w)){0,50}\bvercel\b|\bvercel\b[^.;?]{0,30}\b(?:already|stays?|as it is)\b/i;
/** Primary shapes where the site itself is what the request describes (a plan may rebuild it on Workers). */
const SITE_ITSELF = new Set(["web_app", "static_site", "media", "saas_custom_domains", "internal_tool"]);

/**
 * True when the Cloudflare plan keeps an existing Vercel deployment instead of rebuilding it on Workers: the
 * request adds a workload beside the site (a pipeline, live rooms, a bot, devices), or says the site stays.
 */
export function keepsVercelApp(ctx: Context): boolean {
  const text = ctx.request.appDescription;
  const w = ctx.workload;
  if (!ON_VERCEL_NOW.test(text) || w.shapes.includes("lift_and_shift")) return false;
  return KEEP_VERCEL.test(text) || !SITE_ITSELF.has(w.primary);
}

/** Replaces the default database and sign-in with the named Supabase project. */
function keepSupabase(cloud: Cloud, ctx: Context, selections: Map<string, Selection>, add: Add): void {
  if (!SUPABASE.test(ctx.request.appDescription)) return;
  const databases = new Set([
    ...CAPABILITY_SERVICES[cloud].relational.map((u) => u.service),
    ...TECH_SERVICES.postgres.uses[cloud].map((u) => u.service),
  ]);
  databases.delete("hyperdrive");
  const signIn = new Set(CAPABILITY_SERVICES[cloud].auth.map((u) => u.service));
  let kept = false;
  for (const [key, sel] of [...selections]) {
    if (sel.core) continue;
    if (databases.has(key) && SERVICES[cloud][key]?.type === "database") {
      selections.delete(key);
      kept = true;
    }
    // Sign-in moves to Supabase Auth; a service with other roles (sessions, spam checks) keeps those.
    if (signIn.has(key)) {
      sel.roles = sel.roles.filter((r) => r !== "user sign-in");
      if (!sel.roles.length) selections.delete(key);
    }
  }
  if (!kept && !ctx.caps.has("auth")) return;
  if (cloud === "cloudflare") add("hyperdrive", "pooled connections to Supabase Postgres", 88);
  add("supabase", ctx.caps.has("auth") ? "your Postgres + Supabase Auth" : "your Supabase Postgres", 88);
}

/** Roles that rebuild the site's own pages (what stays on Vercel when it is kept). */
const SITE_ROLES = /OpenNext|static pages|SPA|Static Assets|static origin|Static Web Apps|site pages/i;

/**
 * Keeps an app already on Vercel in a plan on another cloud: shown as it is and called by the new services,
 * not rebuilt on Workers, Lambda or Cloud Run.
 */
function keepVercelApp(cloud: Cloud, ctx: Context, selections: Map<string, Selection>, add: Add): void {
  if (cloud === "vercel" || !keepsVercelApp(ctx)) return;
  for (const [key, sel] of [...selections]) {
    sel.roles = sel.roles.filter((r) => !SITE_ROLES.test(r));
    // The site's pages stay where they are served today.
    if (key === "static_assets" && !sel.core) selections.delete(key);
  }
  add("vercel_app", "existing front end on Vercel, calls the new services", 94);
}

/** Mentions that compare with a product or leave it, rather than use it ("Algolia-like", "move off Auth0"). */
const NOT_USED_BEFORE =
  /\b(?:like|than|replac\w*|instead of|off|leave|leaving|ditch\w*|drop\w*|from|vs\.?|versus)\s+$/i;
const NOT_USED_AFTER =
  /^(?:[\s-]+(?:like|style|esque|alternatives?|clones?|competitors?)\b|\s+(?:is|was|got) too (?:expensive|slow))/i;

/** Whether the text names a product as one it uses (not as a comparison or what it leaves). */
function uses(text: string, terms: string[]): boolean {
  const re = new RegExp(compile(terms).source, "gi");
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    const before = text.slice(Math.max(0, at - 20), at);
    const after = text.slice(at + m[0].length, at + m[0].length + 24);
    if (!NOT_USED_BEFORE.test(before) && !NOT_USED_AFTER.test(after)) return true;
  }
  return false;
}

/**
 * Third-party products the request already uses for one capability (Auth0 for sign-in, Algolia for search,
 * Postmark for mail) stay in the plan instead of the cloud's default service for it.
 */
function keepProducts(cloud: Cloud, ctx: Context, selections: Map<string, Selection>, add: Add): void {
  const text = ctx.request.appDescription;
  for (const p of KEPT_PRODUCTS) {
    if (!ctx.caps.has(p.capability) || !uses(text, p.terms)) continue;
    const defaults = CAPABILITY_SERVICES[cloud][p.capability];
    // A cloud whose default already is the product (Clerk on Vercel, SendGrid on Google Cloud) keeps it.
    if (defaults.some((u) => compile(p.terms).test(SERVICES[cloud][u.service]?.name ?? ""))) continue;
    for (const u of defaults) {
      const sel = selections.get(u.service);
      if (!sel || sel.core) continue;
      sel.roles = sel.roles.filter((r) => r !== u.role);
      if (!sel.roles.length) selections.delete(u.service);
    }
    add(`kept_${p.key}`, "already in use, kept", 70);
  }
}

/**
 * Stacks the request already runs (MongoDB Atlas, Confluent Cloud, Snowflake) stay in the plan instead of the
 * cloud's look-alike (DocumentDB, MSK, Redshift); a plan that already shows the stack keeps it as it is.
 */
function keepStacks(cloud: Cloud, ctx: Context, selections: Map<string, Selection>, add: Add): void {
  const text = ctx.request.appDescription;
  for (const k of KEPT_STACKS) {
    if (!uses(text, k.terms)) continue;
    const re = compile(k.terms);
    if ([...selections.values()].some((sel) => re.test(sel.def.name))) continue;
    for (const key of k.drop[cloud] ?? []) {
      const sel = selections.get(key);
      if (!sel || sel.core) continue;
      sel.roles = sel.roles.filter((r) => !k.roles.test(r));
      if (!sel.roles.length) selections.delete(key);
    }
    add(`kept_${k.key}`, "already in use, kept", 80);
  }
}

/** Applies what the request keeps to one cloud's selected services (in place). */
export function keepNamed(cloud: Cloud, ctx: Context, selections: Map<string, Selection>, add: Add): void {
  keepSupabase(cloud, ctx, selections, add);
  keepProducts(cloud, ctx, selections, add);
  keepStacks(cloud, ctx, selections, add);
  keepVercelApp(cloud, ctx, selections, add);
  namedGpus(cloud, ctx, selections);
}
