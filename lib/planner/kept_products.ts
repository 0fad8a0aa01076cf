/**
 * What a request names and keeps, applied to a design once its services are selected: a Supabase project
 * stays the database and sign-in (Hyperdrive to it on Cloudflare, Supabase on Vercel) instead of a default
 * swapped in silently; an app that already runs on Vercel stays there and Cloudflare works beside it; GPUs
 * named by model (A100, H100) are the GPUs priced. Deterministic.
 */
import { CAPABILITY_SERVICES } from "./catalog/mapping.ts";
import { type Cloud, prov } from "./catalog/facts.ts";
import { SERVICES } from "./catalog/services.ts";
import { TECH_SERVICES } from "./catalog/tech_services.ts";
import { KEPT_PRODUCTS, KEPT_STACKS } from "./catalog/workload_kept.ts";
import { compile } from "./match.ts";
import type { Context, Selection } from "./context.ts";

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

/** A GPU model named in the text and the list price of one of its GPU-hours on each cloud's training service. */
interface GpuSku {
  label: string;
  /** Per cloud that offers the model; a cloud without it keeps its default GPU. */
  perHour: Partial<Record<Cloud, [number, string, string]>>;
}

const LAMBDA = "https://lambda.ai/pricing";
const AWS = "https://aws.amazon.com/sagemaker/pricing/";
const GCP = "https://cloud.google.com/vertex-ai/pricing";
const AZURE = "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/";
/** Named GPU models and their per-GPU-hour list prices (approximate; flagged unverified). */
const GPU_SKUS: [RegExp, GpuSku][] = [
  [/\bh100s?\b/i, {
    label: "H100",
    perHour: {
      cloudflare: [2.99, "USD/GPU-hour H100 SXM on a GPU cloud (approx.)", LAMBDA],
      vercel: [2.99, "USD/GPU-hour H100 SXM on a GPU cloud (approx.)", LAMBDA],
      aws: [6.88, "USD/GPU-hour ml.p5.48xlarge (8× H100) ÷ 8 (approx.)", AWS],
      gcp: [11.06, "USD/GPU-hour a3-highgpu-8g (8× H100) ÷ 8 (approx.)", GCP],
      azure: [12.29, "USD/GPU-hour ND96isr H100 v5 (8× H100) ÷ 8 (approx.)", AZURE],
    },
  }],
  [/\ba100s?\b/i, {
    label: "A100",
    perHour: {
      cloudflare: [1.79, "USD/GPU-hour A100 80GB on a GPU cloud (approx.)", LAMBDA],
      vercel: [1.79, "USD/GPU-hour A100 80GB on a GPU cloud (approx.)", LAMBDA],
      aws: [4.71, "USD/GPU-hour ml.p4d.24xlarge (8× A100) ÷ 8 (approx.)", AWS],
      gcp: [4.22, "USD/GPU-hour a2-highgpu-1g (1× A100) on Vertex AI (approx.)", GCP],
      azure: [3.67, "USD/GPU-hour NC24ads A100 v4 (1× A100) (approx.)", AZURE],
    },
  }],
  [/\bl40s\b/i, {
    label: "L40S",
    perHour: {
      cloudflare: [1.95, "USD/GPU-hour L40S on a GPU cloud (approx.)", "https://modal.com/pricing"],
      vercel: [1.95, "USD/GPU-hour L40S on a GPU cloud (approx.)", "https://modal.com/pricing"],
      aws: [2.34, "USD/GPU-hour ml.g6e.xlarge (1× L40S) (approx.)", AWS],
    },
  }],
  [/\bt4s?\b/i, {
    label: "T4",
    perHour: {
      aws: [0.736, "USD/GPU-hour ml.g4dn.xlarge (1× T4) (approx.)", AWS],
      gcp: [0.54, "USD/GPU-hour n1-standard-4 + 1× T4 (approx.)", GCP],
      azure: [0.526, "USD/GPU-hour NC4as T4 v3 (1× T4) (approx.)", AZURE],
    },
  }],
];

/** The batch service of each competitor cloud and the GPU VM its GPU jobs run on when no GPU is named. */
const BATCH_GPU: Partial<Record<Cloud, [string, number, string, string]>> = {
  aws: [
    "aws_batch",
    0.805,
    "USD/GPU-hour g6.xlarge (1× L4) on-demand (approx.)",
    "https://aws.amazon.com/ec2/pricing/on-demand/",
  ],
  gcp: [
    "cloud_batch",
    0.71,
    "USD/GPU-hour g2-standard-4 (1× L4) on-demand (approx.)",
    "https://cloud.google.com/compute/gpus-pricing",
  ],
  azure: ["azure_batch", 0.526, "USD/GPU-hour NC4as T4 v3 (1× T4) (approx.)", AZURE],
};
/** Words that say jobs run on GPUs. */
const GPU_JOB_WORDS = /\b(?:gpus?|cuda|rtx|a100s?|h100s?|l4s?|l40s)\b/i;

/**
 * Batch jobs that need GPUs (rendering, inference runs) run on GPU VMs, priced per GPU-hour like the GPU
 * nodes of the Cloudflare design, not as CPU cores.
 */
function gpuBatch(cloud: Cloud, ctx: Context, selections: Map<string, Selection>): void {
  const w = ctx.workload;
  const batch = BATCH_GPU[cloud];
  const gpuJobs = w.shapes.includes("batch_job") && !w.shapes.includes("ml_training") &&
    GPU_JOB_WORDS.test(ctx.request.appDescription);
  const sel = batch && gpuJobs ? selections.get(batch[0]) : undefined;
  if (!batch || !sel?.def.price) return;
  const [, value, unit, source] = batch;
  const name = `${sel.def.name} (GPU VMs)`;
  sel.def = {
    ...sel.def,
    name,
    price: { ...sel.def.price, meter: "gpu_hours", unit: "GPU-h", fact: prov(value, unit, source) },
  };
  sel.name = name;
}

/** Prices the GPU-hours of a design on the GPU model the text names (the first named, H100 before A100). */
function namedGpus(cloud: Cloud, ctx: Context, selections: Map<string, Selection>): void {
  gpuBatch(cloud, ctx, selections);
  const sku = GPU_SKUS.find(([re]) => re.test(ctx.request.appDescription))?.[1];
  if (!sku) return;
  for (const sel of selections.values()) {
    const p = sel.def.price;
    if (!p || p.meter !== "gpu_hours" || p.unit !== "GPU-h") continue;
    const offer = sku.perHour[cloud];
    if (!offer) continue;
    const [value, unit, source] = offer;
    const name = `${sel.def.name} (${sku.label})`;
    // The blurb names the GPUs that are priced, not the default ones.
    const blurb = sel.def.blurb.replace(/\bH100\/L40S\b/, sku.label).replace(
      /\s*\(ml\.g5\)/,
      ` (${sku.label})`,
    );
    sel.def = { ...sel.def, name, blurb, price: { ...p, fact: prov(value, unit, source) } };
    sel.name = name;
  }
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
