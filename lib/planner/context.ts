/** The design context: everything the planner's decisions depend on, built once per request. */
import { mailsEachRecord } from "./mail_recipients.ts";
import { jobRuntime } from "./figure_cpu_hours.ts";
import { coreParts } from "./core_parts.ts";
import { glossToEnglish } from "./gloss.ts";
import { withoutChangeCadences } from "./change_cadences.ts";
import { maskDocSubjects } from "./doc_subjects.ts";
import { contentSiteCapabilities, formSpamOnly, withoutSiteHookCapabilities } from "./content_site.ts";
import { plainDurations, plainShorthand } from "./figure_text.ts";
import { humanRolesAsStaff } from "./human_roles.ts";
import type { Technology } from "./technologies.ts";
import {
  CONTINENT_REGION,
  namedContinents,
  otherAudienceContinents,
  REGION_CONTINENT,
} from "./audience_continents.ts";
import { type ServedModel, servedModel } from "./model_serving.ts";
import { type CostData, type EdgeData, type NodeData } from "../protocol/events.ts";
import { type Constraint, type NormalizedRequest, type Region } from "../protocol/request_schema.ts";
import { type Capability, detectCapabilities } from "./capabilities.ts";
import { maskMediaSources } from "./data_sources.ts";
import { type Cloud, COMPETITOR_CLOUD, type CompetitorCloud } from "./catalog/facts.ts";
import {
  MULTI_REGION,
  MULTI_REGION_CONTINENT,
  REGION_INFO,
  type RegionInfo,
  RESIDENT_REGIONS,
} from "./catalog/regions.ts";
import { type ServiceDef } from "./catalog/service_types.ts";
import { SCALE_TRAFFIC, type Traffic } from "./catalog/traffic.ts";
import { withoutNegated } from "./negation.ts";
import { asksForUi } from "./unasked_parts.ts";
import { type ReadNumbers, readNumbers } from "./numbers.ts";
import { CUSTOMERS } from "./requirements.ts";
import { countsRows, usageFor } from "./usage.ts";
import { glossCjk } from "./gloss_cjk.ts";
import { readBroadcastHours, readLiveAudience } from "./live_broadcasts.ts";
import {
  ANSWERING_CHAT,
  BOT_PLATFORM,
  classifyWorkload,
  GENERATIVE,
  type Workload,
  type WorkloadShape,
} from "./workload_shapes.ts";

export type CostItem = CostData["items"][number];

/** Everything the design decisions depend on. */
export interface Context {
  request: NormalizedRequest;
  /** A content site whose only bots are its forms' spam (content_site.ts): Turnstile, no WAF plan. */
  formSpamOnly?: boolean;
  /**
   * A pipeline of a few gigabytes a month whose size the text gives (rows of a sheet, a stated volume), with
   * no devices or large history: no Spark/Beam cluster or provisioned warehouse.
   */
  smallPipeline?: boolean;
  competitor: CompetitorCloud;
  caps: Set<Capability>;
  constraints: Set<Constraint>;
  traffic: Traffic;
  region: RegionInfo;
  /** Growth and above: caching tier, read replicas. */
  growthPlus: boolean;
  /** Enterprise and Global: WAF/bot management, HA. */
  enterpriseTier: boolean;
  /** Global scale: multi-region competitor design. */
  global: boolean;
  /** The description asks for live video. */
  live: boolean;
  /** Capabilities the description did not name but every design needs (a place to keep data). */
  implied: Set<Capability>;
  /** The request region the design is built for (residency may move it into the jurisdiction). */
  regionName: Region;
  /** Workload shapes, named technologies, requirements and audience read from the description. */
  workload: Workload;
  /** The request moves a Windows file share and no application with it (no app tier or database of its own). */
  fileShareOnly: boolean;
  /** The request moves a corporate network (remote access, SASE) to reach apps that stay where they run. */
  networkOnly: boolean;
  /** What a training request serves once trained (model_serving.ts): an LLM LoRA, a custom model, none. */
  servedModel: ServedModel;
  /** Figures read from the description, and the tier defaults that were kept. */
  read: string[];
  assumed: string[];
}

/** What an implied store holds, instead of the role it has when the description asks for it. */
export const IMPLIED_ROLES: Partial<Record<Capability, string>> = {
  object_storage: "site content and assets",
  relational: "app data",
};

/** One service chosen for a design (before folding into nodes). */
export interface Selection {
  key: string;
  def: ServiceDef;
  id: string;
  name: string;
  roles: string[];
  notes: string[];
  rank: number;
  core?: "edge" | "compute";
  /** Services folded into this node. */
  folded: Selection[];
  /** Names of services folded into this node without renaming it (listed in the subtitle). */
  absorbed: string[];
}

export interface Design {
  cloud: Cloud;
  selections: Map<string, Selection>;
  nodes: NodeData[];
  edges: EdgeData[];
  costs: CostItem[];
}

export const DATA_CAPS: Capability[] = [
  "relational",
  "kv",
  "object_storage",
  "vector",
  "iot",
  "analytics",
  "video",
  "search",
];
export const LIVE_VIDEO =
  /(?<![\w])(?:live[\s-]?stream(?:s|ing|ers?)?|livestream\w*|broadcast(?!ers?\b)\w*|webinars?|twitch|live video|live shopping|(?:go|goes|going|went) live|24\/7 (?:stream|channel|radio)\w*|(?:streams?|streaming|broadcasts?|broadcasting|airs?|airing) (?:[\w'-]+ ){0,4}live|live (?:[\w-]+ ){0,2}(?:streams?|streaming|channels?|feeds?|broadcasts?|coverage)|live (?:audio|radio|lectures?|concerts?|sermons?|matches|broadcasts?|channels?)|streams? (?:\w+ ){0,3}to (?:~|about |over |up to )?\d[\d,.]*k? (?:live )?viewers)(?![\w])/i;

/** User-facing shapes that keep accounts or records in a database. */
const APP_SHAPES = new Set([
  "web_app",
  "media",
  "realtime_ws",
  "saas_custom_domains",
  "webrtc",
  "llm_rag",
  "iot",
  "bot_webhook",
  "internal_tool",
]);
/** Shapes whose own topology already holds their data (no implied relational store). */
const SELF_STORING = new Set([
  "etl_warehouse",
  "stream_ingestion",
  "ml_training",
  "batch_job",
  "realtime_udp",
  "lift_and_shift",
]);

/** The description asks for a cheap build: no premium tier is sized for it. */
const CHEAP =
  /\b(?:cheap(?:est|ly)?|low[\s-]cost|(?:low|tight|tiny|small|little|limited) budget|on a budget|budget[\s-]friendly|basically free|for free|free tier|i want it free|as little as possible)\b/i;
/** A stated attack risk: DDoS, scalpers, scraping, credential stuffing, a past defacement or breach. */
const ATTACK =
  /\b(?:ddos\w*|attacks?|attacked|scalp\w*|credential stuffing|scrap(?:ing|ers)|defaced|hacked|breach(?:ed|es)?|(?:bad|malicious) bots|bot (?:traffic|attacks?))\b/i;
/** Requests a month from which a premium edge tier is sized for the traffic (without a stated attack). */
const PREMIUM_MIN_REQUESTS = 50_000_000;
/** Requests a month from which a stated attack risk justifies a premium edge tier. */
const ATTACKED_MIN_REQUESTS = 5_000_000;

/**
 * Whether a premium edge tier (Cloudflare Business, Shield Advanced, Armor Enterprise, Front Door Premium,
 * DDoS Network Protection, Bot Control) is justified: a stated reason (an attack risk, compliance, Enterprise
 * Security or the enterprise tier) and a volume that needs it; never for a request that asks to be cheap.
 */
export function premiumEdge(ctx: Context): boolean {
  const text = ctx.request.appDescription;
  if (CHEAP.test(text) || ctx.constraints.has("Cost Optimization")) return false;
  const requests = ctx.traffic.requests;
  if (ATTACK.test(text)) return requests >= ATTACKED_MIN_REQUESTS;
  const r = ctx.workload.requirements;
  const reason = r.pci || r.hipaa || ctx.constraints.has("Enterprise Security") || ctx.enterpriseTier;
  return reason && requests >= PREMIUM_MIN_REQUESTS;
}

/** DDoS protection asked for in so many words. */
const DDOS_ASKED = /\b(?:ddos\w*|denial[\s-]of[\s-]service)\b/i;

/**
 * Whether an AWS design subscribes to Shield Advanced: at the enterprise tier, when DDoS protection is asked
 * for or Enterprise Security comes with a premium edge; never for a request that asks to be cheap.
 */
export function shieldAdvanced(ctx: Context): boolean {
  const text = ctx.request.appDescription;
  if (!ctx.enterpriseTier || CHEAP.test(text) || ctx.constraints.has("Cost Optimization")) return false;
  return DDOS_ASKED.test(text) || (ctx.constraints.has("Enterprise Security") && premiumEdge(ctx));
}

/** A personal or local project: my club, my shop, our parish, a tiny budget, a side project. */
/** Words of one person speaking of their own project ("i want to", "my photos"). */
const SOLO = /\b(?:i|i'm|i'd|im|my)\b/i;
/** Words that say a team or company speaks ("we", "our", "the team"). */
const TEAM = /\b(?:we|we're|we'd|our|us|team|company|colleagues|engineers)\b/i;
const PERSONAL = new RegExp(
  String
    .raw`\b(?:my|our) (?:(?:own|little|small|local|tiny|home|family)\s+)?(?:[\w-]+\s+)?(?:class(?:es)?|shop|store|bakery|brewery|caf[eé]|van|stall|studio|pub|club|choir|band|family|mum|mom|dad|kids|blog|portfolio|garden|home|house|flat|parish|church|allotment|hobby|side project|newsletter|podcast|salon|gym)\b|\b(?:tiny|small|little) budget\b|\bi run a (?:small|little|tiny)\b|\bside project\b|\bhobby\b|\bfor fun\b|\bi want it free\b|\bbasically free\b|\blol\b|\bnossa (?:par[oó]quia|igreja|loja)\b`,
  "i",
);
/** Emails named as data: what a model trains on, an archive to label, classify, index or search. */
const EMAIL_AS_DATA =
  /\b(?:(?:train\w*|fine[\s-]?tun\w*|pre[\s-]?train\w*|label\w*|classif\w*|index\w*|embed\w*|mine|mining|analy[sz]\w*|archiv\w*)\s(?:\S+\s){0,10}?e-?mails?|e-?mails? (?:archives?|corpus|corpora|dumps?|exports?|history|datasets?|backups?)|(?:historical|past|old|archived) (?:[\w-]+ ){0,2}e-?mails?)\b/i;
/** Words that say the system sends mail (then email stays, whatever else the emails are). */
const EMAIL_SENT =
  /\b(?:send\w*|sent|e-?mail(?:s|ed|ing)? (?:me|us|them|him|her|each|every|a link|the (?:user|customer|team|report|results?|digest))|e-?mailed|newsletters?|magic links?|password resets?|(?:by|via) e-?mail|e-?mail (?:notifications?|alerts?|digests?|reports?|confirmations?|receipts?|reminders?|campaigns?)|digests?|repl(?:y|ies)|mailing lists?|transactional)\b/i;

/** Words that name a body of documents to retrieve from. */
const CORPUS =
  /\b(?:knowledge|docs?|documents?|manuals?|search\w*|wiki|archives?|polic(?:y|ies)|questions|similar|pdfs?|articles)\b/i;

/**
 * Whether speech goes to a managed speech service: the description asks for speech, and it is not a speech
 * model the request trains itself and serves from its own GPU endpoint.
 */
export function usesManagedSpeech(ctx: Pick<Context, "workload" | "servedModel">): boolean {
  const w = ctx.workload;
  const asked = w.technologies.has("speech") || w.technologies.has("voice");
  return asked && !(w.shapes.includes("ml_training") && ctx.servedModel === "gpu");
}

/**
 * A description as the planner reads it before its negated phrases are removed: through its English gloss,
 * shorthand and durations spelled out, people who are agents read as staff, the technology a docs site is
 * about masked (doc_subjects.ts), cadences of change to the system itself taken out (change_cadences.ts).
 */
export function glossedText(description: string): string {
  return humanRolesAsStaff(
    plainDurations(
      plainShorthand(maskDocSubjects(withoutChangeCadences(glossToEnglish(glossCjk(description))))),
    ),
  );
}

/** A description as the planner reads it: {@link glossedText}, with negated phrases ("no AI") removed. */
export function plannerText(description: string): string {
  return withoutNegated(glossedText(description));
}

/**
 * Builds the design context of a request. Every decision reads the description in its English gloss and
 * without the parts it says it does not want (negation.ts): "NOT realtime", "no login", "without
 * Kubernetes" add nothing.
 */
export function makeContext(asked: NormalizedRequest): Context {
  const request = { ...asked, appDescription: plannerText(asked.appDescription) };
  const text = request.appDescription;
  // Media a platform hosts and the system only reads (transcripts of a channel) is text, not video to host.
  const read = maskMediaSources(text);
  const detected = detectCapabilities(read);
  const caps = new Set<Capability>(detected);
  // Emails that are a corpus (training data, an archive to label or search) are not mail the system sends.
  if (caps.has("email") && EMAIL_AS_DATA.test(text) && !EMAIL_SENT.test(text)) caps.delete("email");
  const workload = classifyWorkload(text);
  // Sessions of a live workload (a match, a room, a call) are state it keeps per session: a key-value store.
  if (workload.shapes.some((s) => LIVE_SESSIONS.has(s)) && /\bsessions?\b/i.test(read)) caps.add("kv");
  const { fileShareOnly, networkOnly } = staffEstate(text, workload, caps);
  withoutSiteHookCapabilities(text, workload, caps);
  const shapes = new Set(workload.shapes);
  const similarityOnly = subjectOnlyCapabilities(text, workload, caps);
  withoutAnsweringChatRooms(text, workload, caps);
  contentSiteCapabilities(text, workload, caps);
  withoutMachineWaitingRoom(workload, caps);
  withoutCachedSpikeQueue(text, caps);
  const audioOnly = addShapeCapabilities(read, shapes, caps, similarityOnly);
  const implied = impliedStores(text, workload, caps, fileShareOnly || networkOnly);
  for (const cap of implied) caps.add(cap);
  const scale = request.scale;
  const generation = shapes.has("llm_rag") && GENERATES.test(text) && !ASKS.test(text);
  const personal = request.persona === "Vibe Coder" && scale === "Startup" && PERSONAL.test(text);
  const numbers = readNumbers(text);
  jobRuntimeTech(numbers, workload);
  const live = caps.has("video") && LIVE_VIDEO.test(request.appDescription);
  const usage = usageFor(SCALE_TRAFFIC[scale], numbers, workload, {
    audioOnly,
    generation,
    personal,
    solo: request.persona === "Vibe Coder" && SOLO.test(text) && !TEAM.test(text),
    phone: coreParts(text).includes("phone_line"),
    mails: caps.has("email"),
    mailsEach: mailsEachRecord(text),
    live: live ? { broadcast: readBroadcastHours(text), audience: readLiveAudience(text) } : undefined,
    served: shapes.has("ml_training") && servedModel(request.appDescription) !== null,
  });
  outgrowsD1(numbers.databaseGb, workload, caps);
  const regionName = residencyRegion(request, workload.requirements.residency);
  const region = REGION_INFO[regionName];
  return {
    request,
    competitor: COMPETITOR_CLOUD[request.competitor],
    caps,
    constraints: new Set(request.constraints),
    traffic: usage.traffic,
    region,
    regionName,
    growthPlus: scale !== "Startup",
    enterpriseTier: scale === "Enterprise" || scale === "Global",
    global: scale === "Global",
    live,
    implied,
    workload,
    fileShareOnly,
    networkOnly,
    formSpamOnly: formSpamOnly(text, workload, caps),
    smallPipeline: smallPipeline(numbers, workload, usage.traffic),
    servedModel: workload.shapes.includes("ml_training") ? servedModel(request.appDescription) : null,
    read: usage.read,
    assumed: usage.assumed,
  };
}

/** Gigabytes a month up to which a pipeline is small: one function run loads it. */
const SMALL_PIPELINE_GB = 10;
/** Gigabytes of history up to which a small pipeline's warehouse stays small. */
const SMALL_HISTORY_GB = 100;

/** Whether an ETL pipeline is small by the figures the text gives (see `Context.smallPipeline`). */
function smallPipeline(numbers: ReadNumbers, workload: Workload, t: Traffic): boolean {
  if (!workload.shapes.includes("etl_warehouse") || numbers.devices !== undefined) return false;
  const sized = numbers.ingestGbMonth !== undefined || countsRows(numbers);
  return sized && t.ingestGb <= SMALL_PIPELINE_GB && (numbers.storedGb ?? 0) <= SMALL_HISTORY_GB;
}

/** D1's largest database on Workers Paid, in GB (developers.cloudflare.com/d1/platform/limits/). */
const D1_MAX_GB = 10;

/**
 * A scheduled job whose stated compute outgrows functions runs on a batch service (many CPU-hours a run) or in
 * containers (an item longer than a function may run): the technology is read into the workload (in place).
 */
function jobRuntimeTech(numbers: ReturnType<typeof readNumbers>, workload: Workload): void {
  if (!workload.shapes.includes("batch_job")) return;
  const runtime = jobRuntime(numbers);
  if (runtime === "batch") workload.technologies.add("hpc_batch");
  if (runtime === "container") workload.technologies.add("containers");
}

/**
 * A database the text says is larger than one D1 database holds (10 GB) lives in a managed Postgres reached
 * through Hyperdrive: reads that engine into the workload (in place) when none is named.
 */
function outgrowsD1(databaseGb: number | undefined, workload: Workload, caps: Set<Capability>): void {
  const t = workload.technologies;
  const engines: Technology[] = ["postgres", "mysql", "sql_server", "oracle", "mongodb"];
  if ((databaseGb ?? 0) > D1_MAX_GB && caps.has("relational") && !engines.some((k) => t.has(k))) {
    t.add("postgres");
  }
}

/**
 * A file share or a corporate network (SASE, WAN, a secure web gateway) is used by the people who work there:
 * staff only, unless customers are named too; a file share's "permissions" are the directory's, not an app's
 * sign-in. Adjusts the audience and capabilities in place.
 */
function staffEstate(
  text: string,
  workload: Workload,
  caps: Set<Capability>,
): { fileShareOnly: boolean; networkOnly: boolean } {
  // The apps the staff reach through the network ("to reach internal apps") are there already: none is built.
  const built = text.replace(REACHED_APPS, " ");
  const fileShareOnly = workload.technologies.has("smb_share") && !APP_WORDS.test(built);
  const networkOnly = workload.technologies.has("sase") && !APP_WORDS.test(built);
  const staffEstate = workload.technologies.has("smb_share") || workload.technologies.has("sase");
  if (staffEstate && !CUSTOMERS.test(text)) {
    workload.audience = { ...workload.audience, staff: true, customers: false };
    if (fileShareOnly) {
      caps.delete("auth");
      caps.delete("object_storage");
    }
  }
  return { fileShareOnly, networkOnly };
}

/**
 * Drops capabilities (in place) that come from what the data is about, not from what the system does:
 * embeddings for similarity lookups beside another workload need a vector index but no LLM, "visual search"
 * over them is no full-text index, a chat-platform bot's members sign in on the platform, and an e-commerce
 * company that trains a model or runs a pipeline takes no payments in it. True when the vectors are for similarity lookups only.
 */
function subjectOnlyCapabilities(text: string, workload: Workload, caps: Set<Capability>): boolean {
  const shapes = workload.shapes;
  const similarityOnly = caps.has("vector") && !shapes.includes("llm_rag") && !GENERATIVE.test(text);
  if (similarityOnly) {
    caps.delete("ai");
    const searches = text.match(/\bsearch(?:es|ing|able)?\b/gi)?.length ?? 0;
    const vectorSearches = text.match(VECTOR_SEARCH)?.length ?? 0;
    if (searches && searches === vectorSearches) caps.delete("search");
  }
  // A bot's members use it inside their chat platform and are signed in there: no sign-in service of its own
  // unless a site, a dashboard or a log-in of its own is named.
  const inChat = workload.primary === "bot_webhook" && !shapes.includes("web_app") && BOT_PLATFORM.test(text);
  if (inChat && !OWN_SIGN_IN.test(text)) caps.delete("auth");
  if (HEADLESS_PRIMARY.has(workload.primary)) {
    // What the company is (an e-commerce shop, a marketplace) is not what this system does.
    // Nor is SQL over a lake or a warehouse a database of the pipeline's own.
    const lake = workload.primary === "etl_warehouse" || workload.primary === "stream_ingestion";
    const own = new Set(
      detectCapabilities(text.replace(BUSINESS_WORDS, " ").replace(lake ? LAKE_SQL : /$^/, " ")),
    );
    for (const cap of ["payments", "relational", "images"] as Capability[]) {
      if (caps.has(cap) && !own.has(cap)) caps.delete(cap);
    }
    if (caps.has("payments") && !PAY_WORDS.test(text)) caps.delete("payments");
    // Sign-in logs, members or accounts a pipeline or a job works on are its data: a sign-in service only
    // when people open a surface of its own.
    if (caps.has("auth") && !asksForUi(text)) caps.delete("auth");
    // "Real-time" of a pipeline or a job is its latency: WebSocket rooms only when people get live updates.
    if (caps.has("realtime") && !shapes.includes("realtime_ws")) caps.delete("realtime");
    // Orders, bookings or an ERP a pipeline reads are its sources: the warehouse is its store, and a database
    // of its own only when one is named.
    if (lake && caps.has("relational") && !OWN_DATABASE.test(text.replace(LAKE_SQL, " "))) {
      caps.delete("relational");
    }
    // A payment provider a pipeline reads from (Stripe invoices into the warehouse) takes no payments here.
    if (lake && caps.has("payments") && !TAKES_PAYMENT.test(text)) caps.delete("payments");
    // Photos a model trains on or a job reads are data: no image resizing service unless images are served.
    if (caps.has("images") && !IMAGE_SERVING.test(text)) caps.delete("images");
  }
  return similarityOnly;
}

/** Pages built ahead of the request: a spike on them is served from the cache. */
const PRERENDERED =
  /\b(?:pre-?render\w*|static(?:ally)? (?:generated|built|export\w*|pages?|site)|ssg|static export|output: ?'export'|jamstack)\b/i;
/** Transactions a queue protects: buying, booking, paying, registering when a rush opens. */
const TRANSACTIONS =
  /\b(?:buy\w*|checkout|check-out|purchas\w*|ticket sales?|on sale|sells? out|book(?:s|ing|ings)?|reserv\w*|pay(?:s|ing|ment|ments)?|register\w*|registration|sign[\s-]?ups?|enrol\w*|apply|applications?|orders?|carts?|stock)\b/i;

/**
 * A rush onto pages built ahead of time (a festival's prerendered timetable) is served from the cache: no
 * waiting room unless a transaction is asked for (removed in place).
 */
function withoutCachedSpikeQueue(text: string, caps: Set<Capability>): void {
  if (caps.has("waiting_room") && PRERENDERED.test(text) && !TRANSACTIONS.test(text)) {
    caps.delete("waiting_room");
  }
}

/** Shapes whose traffic is sent by machines (systems, jobs, webhooks), not by people in a browser. */
const MACHINE_FED = new Set<WorkloadShape>(["stream_ingestion", "etl_warehouse", "batch_job", "bot_webhook"]);
/** Shapes people reach in a browser or an app, who could be queued. */
const PEOPLE_FACING = new Set<WorkloadShape>([
  "web_app",
  "static_site",
  "realtime_ws",
  "media",
  "saas_custom_domains",
  "internal_tool",
  "llm_rag",
]);

/**
 * A waiting room queues people in a browser: a rush of events from a payment switch or a job's burst is
 * absorbed by the stream, not queued on a page (removed in place when no shape faces people).
 */
function withoutMachineWaitingRoom(workload: Workload, caps: Set<Capability>): void {
  if (!caps.has("waiting_room") || !MACHINE_FED.has(workload.primary)) return;
  if (workload.shapes.some((s) => PEOPLE_FACING.has(s))) return;
  caps.delete("waiting_room");
}

/**
 * A chat that a model answers ("a chat that answers questions about the rules") is the model's conversation:
 * no WebSocket rooms unless the request asks for them in other words too (people who talk to each other,
 * live updates), which the WebSocket shape reads.
 */
function withoutAnsweringChatRooms(text: string, workload: Workload, caps: Set<Capability>): void {
  const shapes = workload.shapes;
  if (!caps.has("realtime") || !shapes.includes("llm_rag") || shapes.includes("realtime_ws")) return;
  if (!ANSWERING_CHAT.test(text)) return;
  const rest = text.replace(new RegExp(ANSWERING_CHAT.source, "gi"), " ");
  if (!detectCapabilities(rest).includes("realtime")) caps.delete("realtime");
}

/** A web surface or a sign-in of a bot's own (then its users sign in there too). */
const OWN_SIGN_IN =
  /\b(?:web ?(?:sites?|pages?|apps?|dashboards?|portals?)|dashboards?|portals?|log[\s-]?ins?|log in|sign[\s-]?(?:in|up)s?|oauth|passwords?)\b/i;
/** Searches over vectors: by image, by similarity, by meaning. */
const VECTOR_SEARCH =
  /\b(?:visual|image|photo|picture|similar[\w-]*|semantic|vector|reverse[\s-]image|embedding|lookalike)[\s-](?:[\w-]+\s)?search(?:es|ing|able)?\b/gi;
/** Primary shapes that serve no shop of their own (a model, a pipeline, a job, UDP servers). */
const HEADLESS_PRIMARY = new Set<WorkloadShape>([
  "ml_training",
  "etl_warehouse",
  "stream_ingestion",
  "batch_job",
  "realtime_udp",
]);
/** Words that say what kind of business the company is (not what the described system does). */
const BUSINESS_WORDS =
  /\b(?:e[\s-]?commerce|online (?:store|shop|retailer)s?|web ?shops?|storefronts?|marketplaces?|retailers?|saas)\b/gi;
/** SQL named as how a lake or warehouse is queried ("queryable in SQL", "SQL access for analysts"). */
const LAKE_SQL =
  /\b(?:(?:queryable|query|queries|querying|queried|analy[sz]\w*) (?:[\w-]+ ){0,4}(?:in|with|via|using|over|through|by) (?:plain |standard |ansi )?sql|sql (?:queries|access|endpoints?|interface|analytics|over)|in sql)\b/gi;
/** Words that name a database (of the system's own, or one it reads and writes). */
const OWN_DATABASE =
  /\b(?:sql|postgres\w*|mysql|mariadb|sqlite|relational|databases?|dbs?|oltp|supabase|neon|ledgers?|store (?:them|the (?:results|rates|prices|readings|values)))\b/i;
/** Words that say images are served to people (variants, thumbnails, previews, galleries). */
const IMAGE_SERVING =
  /\b(?:thumbnails?|resiz\w*|variants?|galler(?:y|ies)|avatars?|watermark\w*|previews?|crop\w*|optimi[sz]\w*|transform\w*|display\w*|serv\w* (?:the |their |our )?(?:images|photos|pictures)|upload\w*)\b/i;
/** Words that say the system itself takes money (a checkout, a charge), not that it reads payment data. */
const TAKES_PAYMENT =
  /\b(?:checkouts?|charg(?:e|es|ed|ing) (?:the |their |our )?(?:customers?|cards?|users?)|(?:take|takes|accept|accepts|collect|collects) payments?|pay (?:for|with|by|online)|payment (?:page|flow|form)s?)\b/i;
/** Words that say money changes hands in the system itself. */
const PAY_WORDS =
  /\b(?:pay\w*|checkouts?|stripe|paypal|billing|subscriptions?|invoic\w*|donations?|purchases?|payouts?|charges?|charged|refunds?|ticket sales?|deposits?)\b/i;

/** Adds the capabilities the shapes imply (in place); true when the media is audio only. */
function addShapeCapabilities(
  text: string,
  shapes: Set<WorkloadShape>,
  caps: Set<Capability>,
  similarityOnly: boolean,
): boolean {
  // Capabilities a shape implies: a RAG/LLM app calls a model and (unless it only generates) searches
  // vectors; vector search needs an embedding model; images keep their originals in object storage; a
  // multi-tenant SaaS signs its tenants' users in.
  if (shapes.has("llm_rag")) {
    caps.add("ai");
    // Nor does a gateway in front of other apps' model calls retrieve anything itself.
    const noRetrieval = /\b(?:image generation|text[\s-]to[\s-]image|ocr)\b/i.test(text) ||
      (caps.has("api_management") && /\bgateway\b/i.test(text)) ||
      // A model that drafts or summarises from the input it is given (a transcript, an email) has no corpus.
      (/\b(?:draft|summar(?:y|ies|i[sz])|transcrib|dictat|classif)\w*/i.test(text) && !CORPUS.test(text)) ||
      // Nor does a model that writes copy for each item it is given (descriptions, captions, translations),
      // or reads each item for what it says (clauses extracted, risky parts flagged, tickets triaged).
      ((GENERATES.test(text) || READS_EACH.test(text)) && !ASKS.test(text));
    if (!noRetrieval) caps.add("vector");
    // A model that reads each PDF or scan it is given needs the file's text first: document extraction.
    if (READS_EACH.test(text) && FILE_DOCUMENTS.test(text)) caps.add("ocr");
  }
  if (caps.has("vector") && !similarityOnly) caps.add("ai");
  if (caps.has("images")) caps.add("object_storage");
  if (shapes.has("saas_custom_domains")) caps.add("auth");
  if (shapes.has("iot")) caps.add("iot");
  if (shapes.has("media")) caps.add("video");
  // Calls are WebRTC, not one-to-many video: no encoding ladder unless the request also publishes video.
  else if (shapes.has("webrtc")) caps.delete("video");
  // Audio on demand (podcasts, voice notes, call recordings) is files served from storage through the CDN:
  // no video encoding ladder, player minutes or transcoding jobs.
  // Clips of audio files ("a 30s preview clip" of a WAV upload) are audio too.
  const seen = AUDIO_FILES.test(text) ? text.replace(/\bclips?\b/gi, " ") : text;
  const audioOnly = AUDIO.test(text) && !VIDEO_WORDS.test(seen) && !LIVE_VIDEO.test(text);
  if (audioOnly) {
    caps.delete("video");
    caps.add("object_storage");
  }
  // Uploads each worked on (transcoded, normalised, transcribed, given a waveform or preview) go through a
  // queue from the upload event to the workers, so a burst of uploads waits instead of failing.
  if (shapes.has("media") && caps.has("object_storage") && UPLOAD_WORK.test(text)) caps.add("queues");
  return audioOnly;
}

/** Work done on every uploaded media file, not on a stream played live. */
const UPLOAD_WORK =
  /\b(?:transcod\w*|re-?encod\w*|normali[sz]\w*|transcrib\w*|waveforms?|loudness|(?:generat\w*|creat\w*|mak\w*|render\w*|cut\w*|extract\w*) (?:[\w'’-]+ ){0,3}(?:previews?|thumbnails?|renditions?|versions?|clips?|mp3s?|aac|hls|sprites?|proxies))\b/i;

/** The stores a design implies when the description names none (`none`: it keeps no app data at all). */
function impliedStores(
  text: string,
  workload: Workload,
  caps: Set<Capability>,
  none: boolean,
): Set<Capability> {
  const implied = new Set<Capability>();
  const shapes = new Set(workload.shapes);
  // A design always persists something: imply a store when the description names none. Apps with users
  // (accounts, feeds, bookings, chat history, device registries) keep them in a relational store.
  const named = workload.technologies.has("postgres") || workload.technologies.has("mysql") ||
    workload.technologies.has("mongodb") || workload.technologies.has("wordpress") ||
    workload.technologies.has("sql_server");
  // A static site's videos are files served beside its pages: no accounts of their own.
  const site = workload.primary === "static_site";
  const appShape = workload.shapes.some((s) => APP_SHAPES.has(s) && !(site && s === "media"));
  if (!named && !caps.has("relational") && !none) {
    if (appShape || caps.has("auth") || caps.has("payments")) implied.add("relational");
    else if (caps.has("kv")) {
      // a key-value store alone is enough for a non-app workload
    } else if (!DATA_CAPS.some((c) => caps.has(c)) && !workload.shapes.some((s) => SELF_STORING.has(s))) {
      implied.add(
        caps.has("static_site") || workload.primary === "static_site" ? "object_storage" : "relational",
      );
    }
  }
  // A site's form whose entries are not mailed (a call for papers, RSVPs) keeps them in a store; a signup
  // list (a waitlist, a newsletter) and comments are kept whatever is mailed.
  const kept = (!caps.has("email") && SITE_FORM.test(text)) || SITE_LIST.test(text);
  if (!named && !caps.has("relational") && !caps.has("kv") && site && kept) implied.add("relational");
  // A job over people (subscribers, customers, members) reads them from somewhere.
  if (!named && !caps.has("relational") && shapes.has("batch_job") && PEOPLE.test(text)) {
    implied.add("relational");
  }
  return implied;
}

/** The region the competitor design runs in: data residency pins it inside the jurisdiction. */
function residencyRegion(
  request: NormalizedRequest,
  residency: Workload["requirements"]["residency"],
): Region {
  return residency === "eu" && !EU_REGIONS.has(request.region)
    ? "Frankfurt"
    : residency === "us" && request.region !== "N. Virginia"
    ? "N. Virginia"
    : request.region;
}

const EU_REGIONS = new Set(["Frankfurt", "London"]);
/** Shapes whose sessions are live state (a match, a room, a call), not sign-in sessions or events attended. */
const LIVE_SESSIONS = new Set<WorkloadShape>(["realtime_ws", "webrtc", "realtime_udp"]);
/** Copy a model writes for each item (descriptions, captions, alt text, translations). */
const GENERATES =
  /\b(?:(?:generat|writ|rewrit|translat|locali[sz])\w* (?:[\w-]+ ){0,4}(?:descriptions?|copy|titles|alt[\s-]text|captions|blurbs|texts?|articles)|(?:descriptions?|copy|alt[\s-]text|captions|blurbs|titles) (?:[\w-]+ ){0,3}generated|(?:translate|locali[sz]e) (?:our|the|all|every) (?:[\w,-]+ ){0,4}(?:into|to) \w+ languages)\b/i;
/** A model that reads each item it is given for what it says: extraction, flagging, triage. */
const READS_EACH =
  /\b(?:extract(?:s|ing)?|pull(?:s|ing)? out|flag(?:s|ging)?|triag(?:e|es|ing)|categori[sz](?:e|es|ing))\b/i;
/** Files a model can read only once their text is extracted (PDFs, scans). */
const FILE_DOCUMENTS = /\b(?:pdfs?|scans?|scanned|faxe[sd])\b/i;
/** Words that say people ask the model about a body of documents (then it retrieves). */
const ASKS = /\b(?:ask\w*|answer\w*|questions?|q ?& ?a|chat\w*|search\w*|cite\w*|citations?)\b/i;
/** Audio files by their formats or their kind (then a "clip" is a clip of audio). */
const AUDIO_FILES =
  /\b(?:wav|mp3s?|flac|aac|ogg|m4a|stems|music|songs?|tracks|beats|podcasts?|audiobooks?)\b/i;
/** Audio people record, upload or listen to. */
const AUDIO =
  /\b(?:podcast\w*|audio(?! and video| & video|\/video)|mp3s?|voice (?:notes?|memos?|messages?|recordings?)|(?:call|meeting|interview) recordings?|audiobooks?|music|songs?|sermons? (?:recordings?|archive)|listeners?)\b/i;
/**
 * Words that say there is video, an encoding ladder or a continuous broadcast too (then the media pipeline
 * stays).
 */
const VIDEO_WORDS =
  /\b(?:videos?|films?|movies?|footage|clips?|vod|hls|dash|4k|1080p|cameras?|webcams?|tv|screen recordings?|vlogs?|youtube|twitch|cartoons?|anim\w*|series|trailers?|dubbed|transcod\w*|adaptive bitrate|abr|bitrates?|drm|widevine|fairplay|radio|24\/7|around the clock|live|broadcast\w*)\b/i;
/** Words that say an application moves too (not only the files of a share). */
/** Existing apps a corporate network reaches ("to reach internal apps", "access our on-prem systems"). */
const REACHED_APPS =
  /\b(?:(?:to |so \w+ can )?(?:reach|access|get to|connect to|open|use)\s+(?:our |the |their |all )?)?(?:internal|private|corporate|company|on-?prem\w*|legacy|existing|in-?house) (?:web )?(?:apps?|applications?|tools|systems|resources|services)\b/gi;
const APP_WORDS =
  /\b(?:apps?|applications?|portals?|sites?|websites?|erp|crm|apis?|intranet|web ?shops?|databases?|db|sql|\.net|php|java)\b/i;
/** A form on a site whose entries someone reads later (submissions, RSVPs, a call for papers). */
const SITE_FORM =
  /\b(?:forms?|rsvps?|submissions?|registrations?|call[\s-]for[\s-](?:papers|proposals|speakers)|cfps?|wait[\s-]?lists?|sign[\s-]?ups?)\b/i;
/** What a site keeps whatever it mails: a signup list (waitlist, newsletter, mailing list) or comments. */
const SITE_LIST =
  /\b(?:wait[\s-]?lists?|newsletter sign[\s-]?ups?|mailing lists?|sign[\s-]?ups?|subscribers?|comments?)\b/i;
const PEOPLE =
  /\b(?:subscribers|customers|users|members|accounts|contacts|recipients|employees|patients|students|authors)\b/i;

/**
 * Regions the competitor's compute runs in: the data regions, plus a second region for Global Performance
 * (latency-routed compute; data stays in its regions unless multi-region was asked for).
 */
export function computeRegions(ctx: Context): string[] {
  const regions = competitorRegions(ctx);
  if (regions.length > 1 || !ctx.constraints.has("Global Performance")) return regions;
  const residency = ctx.workload.requirements.residency;
  if (residency === "local" || residency === "regional") return regions;
  if (residency) {
    const second = RESIDENT_REGIONS[residency][ctx.competitor]
      .find((r) => r !== regions[0]);
    return second ? [regions[0], second] : regions;
  }
  // The second region serves another part of the audience: one the description names, or any when the
  // audience is worldwide; an audience on one continent is served from its region and the CDN.
  const elsewhere = otherAudienceContinents(ctx.regionName, ctx.request.appDescription);
  if (ctx.regionName !== "Global" && elsewhere.length === 0) return regions;
  const pool = MULTI_REGION[ctx.competitor].filter((r) => r !== regions[0]);
  const near = pool.find((r) =>
    elsewhere.includes(MULTI_REGION_CONTINENT[MULTI_REGION[ctx.competitor].indexOf(r)])
  );
  const second = near ?? pool[0];
  return second ? [regions[0], second] : regions;
}

/** Regions of the competitor's data: one, or several at Global scale / when multi-region is asked for. */
export function competitorRegions(ctx: Context): string[] {
  const primary = ctx.region[ctx.competitor];
  const req = ctx.workload.requirements;
  // Each tenant's data in its own region: a data region per continent served, nothing copied between them.
  if (req.residency === "regional") {
    const home = ctx.request.region === "Global" ? "north_america" : REGION_CONTINENT[ctx.request.region];
    // The jurisdictions the text names ("EU or US", "EU, US or AU"): a data region in each of them.
    const named = namedContinents(ctx.request.appDescription).filter((c) =>
      c !== home && CONTINENT_REGION[c]
    );
    if (named.length > 0) {
      const regions = named.map((c) => REGION_INFO[CONTINENT_REGION[c]!][ctx.competitor]);
      return [...new Set([primary, ...regions])].slice(0, 4);
    }
    const others = MULTI_REGION[ctx.competitor].filter((r, i) =>
      r !== primary && MULTI_REGION_CONTINENT[i] !== home
    );
    return [primary, ...others].slice(0, 3);
  }
  if (!ctx.global && !req.multiRegion) return [primary];
  const pool = req.residency === "eu"
    ? RESIDENT_REGIONS.eu[ctx.competitor]
    : req.residency === "us"
    ? RESIDENT_REGIONS.us[ctx.competitor]
    : req.residency === "local"
    ? []
    : MULTI_REGION[ctx.competitor];
  const extra = pool.filter((r) => r !== primary);
  return [primary, ...extra].slice(0, ctx.global ? 3 : 2);
}
