/**
 * Parts nobody asked for: what a design must not carry unless the request asks for it. A job, a pipeline,
 * a stream, a bot or a fleet of devices has no human-facing front door (CDN, WAF, an HTTP API gateway) unless
 * the text asks for a dashboard, a portal, a page or an API people call; a static site has no functions
 * tier when nothing on it runs code (no forms, mail, sign-in, data or jobs) and keeps its photos with its
 * pages, not in an uploads bucket; and a Next.js app on Amplify Hosting is served by Amplify (CDN and SSR
 * in one), not by CloudFront and Lambda beside it. Deterministic.
 */
import { isContentSite } from "./content_site.ts";
import { MIN_NODES_PER_PLATFORM } from "../protocol/events.ts";
import { type Capability } from "./capabilities.ts";
import { type Cloud } from "./catalog/facts.ts";
import { SHAPE_TOPOLOGY } from "./catalog/shape_services.ts";
import { type Context, IMPLIED_ROLES, type Selection } from "./context.ts";
import { compile } from "./match.ts";
import { HEADLESS_SHAPES, withoutSurfaceObjects, type WorkloadShape } from "./workload_shapes.ts";

/** Shapes whose work does not arrive from people in a browser: a schedule, devices, upstream systems, a chat platform. */
const NO_PEOPLE_FRONT = new Set<WorkloadShape>([...HEADLESS_SHAPES, "iot"]);

/** Words that ask for a surface people open: a dashboard, a portal, a page, a map, charts, an app of theirs. */
const UI_WORDS = compile([
  "dashboards?",
  "portals?",
  "web ?(?:sites?|pages?|apps?|ui|interface|front[\\s-]?end)s?",
  "websites?",
  "(?:landing |status |public |leaderboard |admin |settings |results? )pages?",
  "pages? (?:where|for|that|showing|with)",
  "sites?",
  "(?:live |public |fleet |heat ?)?maps?",
  "charts?",
  "graphs?",
  "plots?",
  "leaderboards?",
  "widgets?",
  "admin(?: panel| ui| console| area| screen)?",
  "(?:ui|gui|front[\\s-]?ends?|back[\\s-]?office|console|control panel|screens?|kiosks?|tablets?|browsers?)",
  "(?:mobile|phone|web|customer|user|driver|owner|member|parent|patient|companion|our|my) apps?",
  "next\\.?js",
  "(?:users|customers|owners|farmers|members|people|staff|clients|drivers|patients|agents|installers|dispatchers|operators|analysts|parents|residents|tenants|teams?) (?:can |will |should |must |need to |want to |get to )?(?:see|view|check|browse|open|log in|sign in|look up|download|search|track|watch|manage)\\w*",
  "(?:public|partner|customer|rest|graphql|open) apis?",
  "apis? (?:for|to) (?:our |their )?(?:customers|partners|clients|developers|users|apps?)",
  "self[\\s-]service",
]);

/** Capabilities that put people in front of a workload when it asks for a surface too. */
const PEOPLE_CAPS: Capability[] = ["auth", "images", "video"];

/**
 * The text asks for a surface people open (then a job or a device fleet gets a front door). A site or shop
 * the work is done for ("our shop's catalogue", "images uploaded to our website") is no surface of its own.
 */
export function asksForUi(text: string): boolean {
  return UI_WORDS.test(withoutSurfaceObjects(text));
}

/**
 * Whether the design starts at a CDN/edge tier: a shape people reach over HTTP (a site, an app, a SaaS, a
 * RAG app…), a static site to serve, or — beside a job, a pipeline, a bot or devices — a sign-in, images
 * or video only when the text also asks for a surface people open. Devices report to an endpoint, not
 * through a CDN, unless people get a dashboard or an app.
 */
export function frontDoor(ctx: Context): boolean {
  const shapes = ctx.workload.shapes;
  const served = shapes.some((s) => SHAPE_TOPOLOGY[s].edge && !NO_PEOPLE_FRONT.has(s)) ||
    ctx.caps.has("static_site");
  if (served) return true;
  const people = shapes.includes("iot") || PEOPLE_CAPS.some((c) => ctx.caps.has(c));
  return people && asksForUi(ctx.request.appDescription);
}

/** Words that say requests arrive over HTTP (webhooks, an endpoint, POSTs, HTTPS, an API of its own). */
const HTTP_IN = compile([
  "webhooks?",
  "callbacks?",
  "https?",
  "rest",
  "endpoints?",
  "apis? (?:for|to|that|which|where|of our own)",
  "(?:our|an?|its|the) (?:own )?(?:public |rest |http |ingest(?:ion)? )?apis?",
  "(?:post|posts|posted|posting|calls?|called|hits?) (?:to )?(?:us|our|it|the|an?)",
  "beacons?",
  "json",
  "(?:over|via) (?:wi-?fi|the internet)",
  "pixels?",
  "sdks?",
  "browsers?",
  "on[\\s-]demand",
  "slash commands?",
  "/\\w+",
]);

/**
 * Whether anything calls the design's functions over HTTP: a front door, a bot's platform, webhooks, an
 * endpoint devices or apps post to. A schedule, a pipeline's own triggers or an MQTT broker's rules do not
 * (no API gateway).
 */
export function httpIngress(ctx: Context): boolean {
  const shapes = ctx.workload.shapes;
  // A chat platform calls its bot over HTTP; devices and streams only when the text says they post to it.
  return frontDoor(ctx) || shapes.includes("bot_webhook") || HTTP_IN.test(ctx.request.appDescription);
}

/** Capabilities that make a static site run code (a form handler, mail, sign-in, data, jobs, AI). */
const RUNS_CODE: Capability[] = [
  "realtime",
  "relational",
  "kv",
  "ai",
  "vector",
  "queues",
  "scheduled",
  "email",
  "auth",
  "payments",
  "push",
  "ocr",
  "api_management",
  "orchestration",
  "sms",
  "search",
  "analytics",
];
/** Words that say a site runs code of its own: forms, submissions, personalisation, A/B tests, previews. */
const SITE_CODE = compile([
  "forms?",
  "submi\\w*",
  "sign[\\s-]?ups?",
  "rsvp\\w*",
  "comments?",
  "newsletter",
  "a/?b[\\s-]test\\w*",
  "experiments?",
  "personali[sz]\\w*",
  "geo[\\s-]?(?:target|block|redirect)\\w*",
  "redirects?",
  "isr",
  "incremental static",
  "(?:on[\\s-]demand |re)?revalidat\\w*",
  "previews?",
  "middleware",
  "age[\\s-]?gates?",
  "password[\\s-]protect\\w*",
  "webhooks?",
  "api routes?",
  "serverless functions?",
  "functions?",
  "feeds?",
]);
/** Words that say people hand the site files, or download big files from it (then a bucket holds them). */
const SITE_FILES = compile([
  "upload\\w*",
  "attach\\w*",
  "downloads?",
  "downloadable",
  "pdfs?",
  "archives?",
  "datasets?",
  "videos?",
  "audio",
  "mp3s?",
  "tracks",
  "tiles",
  "gpx",
  "zips?",
  "installers?",
  "binaries",
  "assets? (?:bucket|storage)",
  "\\d[\\d.,]*\\s?(?:gb|tb)",
]);

/** Roles of an image service (variants, optimisation). */
const IMAGE_ROLE = /\bimage/i;
/** The role functions take when they cut image variants themselves. */
const IMAGE_JOB = "image variants in the job";
/** The role of a static site's bucket when nobody uploads to it. */
const SITE_ASSETS_ROLE = "site images and assets";
/** The role of a bucket people upload to. */
const UPLOADS_ROLE = "user uploads";
/** Words that say people hand the system files (upload, attach, send photos in). */
const HANDS_FILES = compile([
  "upload\\w*",
  "attach\\w*",
  "user[\\s-]generated",
  "(?:send|submit|share|post|drop|snap|scan)s? (?:\\w+ ){0,3}(?:photos?|pictures?|images?|files?|documents?|pdfs?|receipts?|videos?)",
]);

/**
 * Whether a static site runs code of its own (then its functions tier stays). A search the team keeps on a
 * hosted product (Algolia) is queried from the pages.
 */
function siteRunsCode(ctx: Context, selections: Map<string, Selection>): boolean {
  const text = ctx.request.appDescription;
  const keptSearch = [...selections.keys()].some((k) => k.startsWith("kept_"));
  const code = RUNS_CODE.filter((c) => !(c === "search" && keptSearch));
  return ctx.workload.shapes.length > 1 || code.some((c) => ctx.caps.has(c) && !ctx.implied.has(c)) ||
    SITE_CODE.test(text);
}

/** Words that ask for tenants' own domains, hostnames or sites. */
const TENANT_DOMAINS = compile([
  "(?:sub)?domains?",
  "dom[ií]nios?",
  "dominios?",
  "domaines?",
  "storefronts?",
  "hostnames?",
  "cname",
  "white[\\s-]?label\\w*",
  "vanity (?:urls?|addresses)",
  "(?:their|customers'?|clients'?|tenants'?) (?:own )?(?:sites|websites|pages|stores|shops)",
  "(?:site|store|website|shop) builders?",
  "status pages?",
  "embedd?(?:ed|able)?",
  "(?:[\\w-]+\\.){2}[a-z]{2,}",
]);
/** Roles of the parts that serve tenants' custom domains. */
const DOMAIN_ROLES = /^(?:tenant custom domains|hostname → tenant map)/;

/**
 * A multi-tenant product whose text names no tenant domains (an API sold with keys, a B2B app on one
 * address) serves no custom hostnames: those parts are dropped (in place), a core node keeps its other roles.
 */
function withoutUnaskedDomains(selections: Map<string, Selection>, ctx: Context): void {
  if (
    !ctx.workload.shapes.includes("saas_custom_domains") || TENANT_DOMAINS.test(ctx.request.appDescription)
  ) {
    return;
  }
  for (const s of [...selections.values()]) {
    if (!s.roles.some((r) => DOMAIN_ROLES.test(r))) continue;
    s.roles = s.roles.filter((r) => !DOMAIN_ROLES.test(r));
    if (!s.roles.length && !s.core) selections.delete(s.key);
  }
}

/**
 * Drops what nobody asked for from one cloud's selected services (in place): a static site's functions on a
 * competitor when nothing on the site runs code, an uploads bucket on a static site nobody uploads to, the
 * HTTP API gateway of functions that only a schedule or a pipeline calls, and CloudFront + Lambda beside
 * Amplify Hosting serving a Next.js app.
 */
export function trimUnasked(cloud: Cloud, selections: Map<string, Selection>, ctx: Context): void {
  const staticOnly = ctx.workload.primary === "static_site" && !siteRunsCode(ctx, selections);
  const text = ctx.request.appDescription;
  withoutUnaskedDomains(selections, ctx);
  // Nobody uploads to a job, a pipeline or a site unless the text says people hand it files.
  const bucket = [...selections.values()].find((s) => s.roles.includes(UPLOADS_ROLE));
  // A content site that runs a form or two is still a site: its bucket holds the site's own files.
  const site = staticOnly || isContentSite(ctx.workload);
  if (bucket && !HANDS_FILES.test(text) && (NO_PEOPLE_FRONT.has(ctx.workload.primary) || site)) {
    const others = bucket.roles.filter((r) => r !== UPLOADS_ROLE);
    // A site's bucket keeps the files people download (PDFs, datasets, media); its photos are site assets.
    if (others.length) bucket.roles = others;
    else if (site && !SITE_FILES.test(text)) bucket.roles = [SITE_ASSETS_ROLE];
  }
  // Without a front door, an image service served through a CDN (Cloud CDN image optimisation, the
  // Serverless Image Handler) has nobody to serve: the functions cut the variants themselves (sharp).
  // Cloudflare's Images is a binding the Worker calls.
  if (cloud !== "cloudflare" && !frontDoor(ctx)) {
    const compute = [...selections.values()].find((s) => s.core === "compute");
    for (const s of [...selections.values()]) {
      const served = s.def.type === "cdn" || s.def.wires.some(([from]) => from === "edge");
      if (s.core || !served || !s.roles.every((r) => IMAGE_ROLE.test(r))) continue;
      selections.delete(s.key);
      if (compute && !compute.roles.includes(IMAGE_JOB)) compute.roles.push(IMAGE_JOB);
    }
  }
  if (cloud === "cloudflare") return;
  if (cloud === "gcp" || cloud === "azure") {
    keyedDataInSql(cloud, selections, ctx);
    appDataInDocuments(cloud, selections, ctx);
  }
  if (staticOnly) hostFromFiles(selections);
  if (cloud === "aws") awsTrim(selections, ctx, ctx.workload.primary === "static_site");
  if (cloud === "gcp" || cloud === "azure") triggeredCompute(cloud, selections, ctx);
}

/**
 * Google Cloud and Azure without HTTP ingress (a job, a pipeline): the job runs as Cloud Run jobs, with no
 * Cloud Run service beside it unless a trigger (a push subscription, a task queue) calls one; Azure's
 * Functions are triggered by the timer or a queue, not by HTTP.
 */
function triggeredCompute(cloud: Cloud, selections: Map<string, Selection>, ctx: Context): void {
  if (httpIngress(ctx)) return;
  if (cloud === "azure") {
    const functions = selections.get("functions");
    if (functions) functions.def = { ...functions.def, blurb: "Functions on triggers (timer, queue)" };
    return;
  }
  const service = selections.get("cloud_run");
  const jobs = selections.get("cloud_run_jobs");
  if (!service || !jobs || service.core !== "compute" || !roomToDrop(selections, 1)) return;
  // The scheduler executes the job itself; any other trigger (a push subscription, a task queue) needs a service.
  const others = new Map([...selections].filter(([key]) => key !== "scheduler"));
  if (touchesCompute(others, service, true, jobs)) return;
  selections.delete(service.key);
  jobs.core = "compute";
  jobs.rank = Math.max(jobs.rank, service.rank);
  jobs.roles.push(...service.roles.filter((r) => !jobs.roles.includes(r)));
}

/** The document store and the SQL databases of a cloud whose document store can hold an app's data. */
const DOCUMENT_AND_SQL: Partial<Record<Cloud, [string, string[]]>> = {
  gcp: ["firestore", ["cloud_sql"]],
  azure: ["cosmos", ["azure_sql", "postgres"]],
};

/** A cloud's document store and the SQL database in a plan, where it has both kinds. */
function documentAndSql(
  cloud: Cloud,
  selections: Map<string, Selection>,
): [Selection | undefined, Selection | undefined] {
  const [docKey, sqlKeys] = DOCUMENT_AND_SQL[cloud] ?? ["", []];
  const sqlKey = sqlKeys.find((k) => selections.has(k));
  return [docKey ? selections.get(docKey) : undefined, sqlKey ? selections.get(sqlKey) : undefined];
}

/**
 * Google Cloud and Azure: an app that keeps live state in Firestore or Cosmos DB keeps its other data
 * there too when the text asks for no SQL (the relational store was only implied): one database, as
 * Firebase and Cosmos DB apps are built, not a Postgres instance beside it for "app data".
 */
function appDataInDocuments(cloud: Cloud, selections: Map<string, Selection>, ctx: Context): void {
  const [doc, sql] = documentAndSql(cloud, selections);
  if (!doc || !sql || !ctx.implied.has("relational") || sql.core || !roomToDrop(selections, 1)) return;
  // A document store of keyed data only (tenant config, sessions) holds no live state to build on.
  if (doc.roles.every((r) => KEYED_ROLES.has(r))) return;
  if (sql.roles.every((r) => r === IMPLIED_ROLES.relational)) {
    selections.delete(sql.key);
    doc.roles.push(IMPLIED_ROLES.relational!);
    return;
  }
}

/** Small keyed data a SQL database beside it holds as well as a document store would (sessions, config). */
const KEYED_ROLES = new Set([
  "sessions & config",
  "tokens + dedup keys",
  "tenant config",
  "read-through cache",
]);

/**
 * Google Cloud and Azure: a document store whose only work is small keyed data (sessions, tenant config,
 * webhook dedup keys) is folded into the SQL database the text asks for, instead of a second database.
 */
function keyedDataInSql(cloud: Cloud, selections: Map<string, Selection>, ctx: Context): void {
  const [doc, sql] = documentAndSql(cloud, selections);
  // Only a SQL database the text asks for takes them: an implied one may be the smaller choice to drop.
  if (!doc || !sql || doc.core || ctx.implied.has("relational")) return;
  if (!doc.roles.every((r) => KEYED_ROLES.has(r))) return;
  if (!roomToDrop(selections, 1)) return;
  selections.delete(doc.key);
  sql.roles.push(...doc.roles);
}

/** Words that say pages render on request (server-side rendering, ISR, API routes). */
const SSR = compile([
  "ssr",
  "server[\\s-]side",
  "isr",
  "incremental static\\w*",
  "api routes?",
  "revalidat\\w*",
]);
/** Wire labels of triggers that run functions of their own (a queue's consumer, a schedule, an event rule). */
const TRIGGER =
  /\b(?:event source|invoke\w*|trigger\w*|consum\w*|target|rules?|timer|schedul\w*|execut\w*|push)\b/i;

/** Roles that say a store holds a site's own pages and files (its origin). */
const SITE_FILES_ROLE = /\b(?:site|static|pages|assets)\b/i;

/**
 * A static site with no code on a competitor: the bucket or static host holding its pages is the origin
 * behind the CDN, in place of a functions tier nothing calls.
 */
function hostFromFiles(selections: Map<string, Selection>): void {
  const compute = [...selections.values()].find((s) => s.core === "compute");
  const origin = [...selections.values()].find((s) =>
    !s.core && s.roles.some((r) => SITE_FILES_ROLE.test(r)) && s.def.type !== "security"
  );
  if (!compute || touchesCompute(selections, compute, false, origin) || !roomToDrop(selections, 1)) return;
  // Without a bucket of its own, the CDN that serves the pages is the whole host (Vercel's static hosting).
  const edge = [...selections.values()].find((s) => s.core === "edge");
  const host = origin ?? (edge?.def.type === "cdn" ? edge : undefined);
  if (!host) return;
  selections.delete(compute.key);
  host.core = "compute";
  host.rank = Math.max(host.rank, compute.rank);
}

/** Whether `n` services can leave the design and its diagram still has the nodes a plan needs. */
function roomToDrop(selections: Map<string, Selection>, n: number): boolean {
  // One node is the entry (users, devices, a schedule).
  return selections.size - n + 1 >= MIN_NODES_PER_PLATFORM;
}

/**
 * Whether another selected service is wired to the compute tier: any wire, or (`triggersOnly`) one that
 * calls it (a queue's consumer, a scheduler's target).
 */
function touchesCompute(
  selections: Map<string, Selection>,
  compute: Selection,
  triggersOnly: boolean,
  except?: Selection,
): boolean {
  for (const s of selections.values()) {
    if (s === compute || s === except || s.core) continue;
    // A product the team keeps (a hosted search, a CMS) is called from the pages, not from functions.
    if (!triggersOnly && s.key.startsWith("kept_")) continue;
    // Image variants are cut from the site's files, wherever they are hosted.
    if (!triggersOnly && s.roles.every((r) => /\bimage/i.test(r))) continue;
    const wired = s.def.wires.some(([from, to, label]) =>
      triggersOnly
        ? to === "compute" && from !== "users" && from !== "edge" && TRIGGER.test(label)
        : from === "compute" || to === "compute"
    );
    if (wired) return true;
  }
  return false;
}

/** AWS: Lambda without an HTTP API when only triggers call it; Amplify Hosting as a Next.js app's front door. */
function awsTrim(selections: Map<string, Selection>, ctx: Context, site: boolean): void {
  const lambda = selections.get("lambda");
  if (lambda && !httpIngress(ctx)) {
    lambda.name = "Lambda";
    lambda.def = { ...lambda.def, blurb: "Functions on triggers (Node.js)" };
  }
  const amplify = selections.get("amplify");
  const edge = [...selections.values()].find((s) => s.core === "edge");
  if (!amplify || amplify.core) return;
  // A static export is files in S3 behind CloudFront: no SSR host unless pages render on request.
  if (site && !SSR.test(ctx.request.appDescription)) {
    selections.delete("amplify");
    return;
  }
  // Amplify Hosting is the CDN and the SSR compute of a Next.js app: it replaces CloudFront in front, and
  // Lambda too unless a queue or a schedule calls functions of their own.
  if (edge && !roomToDrop(selections, 2)) return;
  if (edge) selections.delete(edge.key);
  if (lambda && !touchesCompute(selections, lambda, true) && roomToDrop(selections, 1)) {
    selections.delete("lambda");
    amplify.core = "compute";
    amplify.rank = Math.max(amplify.rank, lambda.rank);
  } else if (edge) {
    amplify.core = "edge";
    amplify.rank = Math.max(amplify.rank, edge.rank);
  }
}
