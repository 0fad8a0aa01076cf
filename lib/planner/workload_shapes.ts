/**
 * Workload classification: what kind of system the description asks for, before any service is chosen.
 * A request can have several shapes (a SaaS with custom domains that also runs a nightly batch job); the
 * first shape in `WORKLOAD_SHAPES` order that matches is the primary one and decides the entry node and
 * whether the design starts at a CDN. Also reads the named technologies (Postgres, Kafka, Kubernetes, …),
 * the hard requirements (data residency, HIPAA/PCI/SOC 2, strong consistency, multi-region active-active)
 * and who uses the system (customers, staff or both).
 *
 * Every pattern is matched as whole words, case-insensitively. Deterministic.
 */
import { compile } from "./match.ts";
import { type Audience, CUSTOMERS, readRequirements, type Requirements, STAFF } from "./requirements.ts";
import { type ShapeEvidence, shapeEvidence } from "./shape_vocabulary.ts";
import { TECH_RES, type Technology } from "./technologies.ts";

export type { Audience, Requirements, Technology };

/** The workload shapes, most specific first (the first that matches is the primary shape). */
export const WORKLOAD_SHAPES = [
  "lift_and_shift",
  "realtime_udp",
  "webrtc",
  "ml_training",
  "iot",
  "media",
  "saas_custom_domains",
  "llm_rag",
  "realtime_ws",
  "etl_warehouse",
  "stream_ingestion",
  "bot_webhook",
  "batch_job",
  "internal_tool",
  "static_site",
  "web_app",
] as const;
/** One workload shape. */
export type WorkloadShape = typeof WORKLOAD_SHAPES[number];

/** Human-readable shape names (assumptions, prompts). */
export const SHAPE_LABELS: Record<WorkloadShape, string> = {
  lift_and_shift: "lift-and-shift of an existing stack",
  realtime_udp: "real-time over UDP",
  webrtc: "WebRTC calls",
  ml_training: "ML training",
  etl_warehouse: "ETL / data warehouse",
  stream_ingestion: "stream / log ingestion",
  iot: "IoT ingestion",
  media: "media (VOD / live)",
  batch_job: "scheduled batch job",
  bot_webhook: "bot / webhook worker",
  saas_custom_domains: "multi-tenant SaaS with custom domains",
  llm_rag: "LLM / RAG app",
  realtime_ws: "real-time over WebSocket",
  internal_tool: "internal tool for staff",
  static_site: "static / docs site",
  web_app: "web / API app",
};

const SHAPE_PATTERNS: Record<Exclude<WorkloadShape, "web_app">, string[]> = {
  lift_and_shift: [
    "existing (?:postgres\\w*|mysql|database|db|sql server|oracle)",
    "containeri[sz]e (?:the|our) (?:app|application|monolith)",
    "can'?t move (?:the|our) (?:database|db|data)",
    "lease ends",
    "lift[\\s-]and[\\s-]shift",
    "migrat(?:e|es|ed|ing|ion)",
    "re[\\s-]?host",
    "move (?:our|an?|the|my) (?:existing|current|legacy|on[\\s-]?prem\\w*)",
    "existing (?:\\w+ ){0,3}(?:app|application|stack|cluster|site|database|monolith|services?|backend|servers?)",
    "legacy",
    "on[\\s-]?prem(?:ise|ises)?",
    "wordpress",
    "kubernetes",
    "k8s",
    "helm",
    "(?:our|an?) (?:\\w+ ){0,2}(?:rails|django|laravel|php|spring|\\.net|asp\\.net) (?:app|application|monolith|site|backend)",
    "monolith",
  ],
  realtime_udp: [
    "minecraft",
    "bedrock server",
    "valheim",
    "(?:host|run) (?:a |our |my )?(?:\\w+ ){0,2}server for",
    "sip",
    "rtp",
    "pbx",
    "asterisk",
    "voip",
    "authoritative dns",
    "dns servers?",
    "mavlink",
    "udp ports?",
    "game (?:server|backend)s?",
    "udp",
    "game servers?",
    "dedicated servers?",
    "fast[\\s-]paced (?:\\w+ )?(?:game|shooter|multiplayer)",
    "(?:fps|shooter|battle royale|racing game|moba)",
    "netcode",
    "tick[\\s-]?rate",
    "authoritative server",
  ],
  webrtc: [
    "push[\\s-]to[\\s-]talk",
    "voice (?:chat|rooms?|calls?)",
    "voice channels?",
    "audio[\\s-]only",
    "walkie[\\s-]?talkies?",
    "callers?",
    "voice (?:ai|agents?|assistants?|bots?)",
    "speech[\\s-]to[\\s-]text",
    "video (?:dates?|dating|rooms?|consultations?|hearings?|interviews?|sessions?|meetings?|visits?)",
    "speed[\\s-]dat\\w*",
    "court hearings?",
    "(?:1|one)[\\s:-]?(?:on|to)?[\\s:-]?(?:1|one)",
    "face[\\s-]to[\\s-]face video",
    "conference calls?",
    "webrtc",
    "video[\\s-]?calls?",
    "voice[\\s-]?calls?",
    "audio[\\s-]?calls?",
    "video[\\s-]?chat",
    "video[\\s-]?conferenc\\w*",
    "telehealth",
    "telemedicine",
    "(?:1|one)[\\s:-]?(?:on|to)?[\\s:-]?(?:1|one) video",
    "meetings? (?:app|rooms?)",
    "voice rooms?",
    "screen[\\s-]?shar\\w*",
    "sfu",
    "turn servers?",
  ],
  ml_training: [
    "train(?:s|ed)? (?:an? |our |the |their )?(?:[\\w-]+ ){0,3}(?:models?|cnns?|llms?|networks?|classifiers?|transformers?)",
    "trained (?:daily|weekly|nightly|hourly|on)",
    "retrain\\w*",
    "h100s?",
    "a100s?",
    "gpu clusters?",
    "diffusion models?",
    "(?:recommendation|ranking|two[\\s-]tower|churn|forecasting) models?",
    "labell?ed (?:\\w+ ){0,2}(?:images|data|examples)",
    "model weights",
    "checkpoints?",
    "sentiment (?:model|classifier)",
    "fine[\\s-]tune",
    "train(?:ing)? (?:\\w+ ){0,2}models?",
    "model training",
    "fine[\\s-]?tun\\w*",
    "training (?:pipeline|jobs?|runs?|data)",
    "gpus?",
    "pytorch",
    "tensorflow",
    "hyperparameter\\w*",
    "ml pipeline",
    "mlops",
    "jupyter",
    "notebooks?",
  ],
  etl_warehouse: [
    "warehouse(?! management| workers?| staff| inventory| robots?)",
    "looker",
    "power ?bi",
    "tableau",
    "metabase",
    "superset",
    "t\\+1",
    "lands? nightly",
    "load (?:\\w+ ){0,3}into",
    "(?:query|queries) (?:\\w+ ){0,3}with sql",
    "data team",
    "(?:pull|sync|extract|import|export)s? (?:\\w+ ){0,5}(?:every hour|hourly|nightly|daily|into a)",
    "sap",
    "sox",
    "cdc",
    "change data capture",
    "fivetran",
    "airbyte",
    "data[\\s-]?warehouse\\w*",
    "warehouse for analytics",
    "etl",
    "elt",
    "data lake\\w*",
    "lakehouse",
    "iceberg",
    "dbt",
    "bi (?:tool|dashboards?|reports?)",
    "business intelligence",
    "snowflake",
    "(?:hourly|nightly|daily) (?:\\w+ )?(?:loads?|extracts?|imports?|sync)",
    "sql analytics",
    "olap",
  ],
  stream_ingestion: [
    "telemetry (?:from|of) (?:our )?(?:[\\w-]+ )?(?:app|apps|clients?|services?|fleet)",
    "crash reports?",
    "usage events",
    "product events",
    "capture (?:\\w+ ){0,3}events",
    "(?:function|request|access|audit|firewall|vpn|app|application|server) logs",
    "centrali[sz]e (?:\\w+ ){0,4}logs",
    "keep (?:all )?(?:\\w+ ){0,3}logs",
    "log drains?",
    "log retention",
    "raw (?:payloads?|webhooks?|events?)",
    "land (?:every|all|raw)",
    "replay (?:any|every|the)",
    "detection rules",
    "page views, clicks",
    "log (?:pipeline|ingestion|shipping|aggregation|analytics)",
    "(?:ingest|ingests|ingesting|ingestion) (?:\\w+ ){0,3}(?:logs?|events?|clicks?|data|tb|gb)",
    "clickstream",
    "event stream\\w*",
    "stream processing",
    "streaming (?:data|pipeline|analytics|events?)",
    "kafka",
    "kinesis",
    "(?:tb|gb)\\s*(?:\\/|per|a|each) ?day",
    "events? per second",
    "observability pipeline",
    "siem",
  ],
  iot: [
    "edge devices?",
    "production lines?",
    "trucks?",
    "vehicles? (?:send|report|stream)\\w*",
    "gps trackers?",
    "can[\\s-]?bus",
    "telematics",
    "opc[\\s-]?ua",
    "plcs?",
    "scada",
    "tags sampled",
    "edge gateways?",
    "lorawan",
    "esp32",
    "arduino",
    "raspberry pi",
    "(?:ev )?chargers?",
    "ocpp",
    "(?:device|sensor|vehicle|machine|meter) telemetry",
    "(?:send|sends|report|reports) (?:a |their )?(?:readings?|gps|location|data) every",
    "soil (?:moisture )?sensors?",
    "iot",
    "internet of things",
    "sensors?",
    "smart meters?",
    "meters",
    "devices? (?:report|send|stream|publish)\\w*",
    "mqtt",
    "fleet (?:tracking|telemetry|management)",
    "connected (?:cars?|vehicles?|devices?)",
    "thermostats?",
    "wearables?",
    "firmware",
  ],
  media: [
    "short (?:vertical )?videos?",
    "video sharing",
    "tiktok",
    "youtube",
    "reels",
    "live (?:classes|concerts?|events?|sports|shows?)",
    "video lessons?",
    "hours of video",
    "on[\\s-]demand (?:library|videos?|classes)",
    "recorded classes",
    "watch (?:\\w+ ){0,2}videos?",
    "upload (?:\\w+ ){0,3}videos?",
    "mp3s?",
    "episodes?",
    "rss feeds?",
    "audio (?:files|streaming)",
    "video[\\s-]?streaming",
    "stream(?:ing)? (?:\\w+ )?videos?",
    "vod",
    "live[\\s-]?stream(?:s|ing|ers?)?",
    "livestream\\w*",
    "transcod\\w*",
    "podcasts?",
    "(?:course|training|lecture|workout|cooking) videos?",
    "video (?:platform|library|hosting|uploads?|courses?|on demand)",
    "broadcast\\w*",
    "webinars?",
    "music streaming",
    "radio",
  ],
  batch_job: [
    "on the \\d+(?:st|nd|rd|th)",
    "payroll",
    "monthly (?:\\w+ ){0,2}(?:runs?|billing|invoices?|payroll|close|statements?)",
    "link[\\s-]checker",
    "check (?:\\w+ ){0,3}every (?:minute|hour|day|week|night|sunday|monday)",
    "(?:weekly|daily|nightly|hourly|monthly) batch",
    "batch",
    "runs? for (?:\\d+|a few|several) hours",
    "takes? (?:\\d+|a few|several|about \\d+) hours",
    "end of (?:the )?(?:day|month)",
    "each (?:morning|night|evening|day)",
    "every (?:sunday|saturday|weekday|month)",
    "regenerates?",
    "nightly",
    "cron",
    "scheduled (?:jobs?|tasks?|reports?|scripts?|exports?|scrap\\w*)",
    "batch (?:jobs?|processing|exports?|imports?)",
    "every (?:night|morning|evening|hour|day|week|monday|\\d+ (?:minutes?|hours?))",
    "(?:hourly|daily|weekly|monthly) (?:\\w+ ){0,2}(?:jobs?|reports?|digests?|exports?|backups?|scrap\\w*|runs?|reconciliation)",
    "scrap(?:e|er|ers|ing)",
    "crawler?s?",
    "periodic(?:ally)?",
  ],
  bot_webhook: [
    "(?:slack|discord|telegram|whatsapp|teams|github|twitch|line) (?:bot|app|integration)s?",
    "bots? (?:that|which|for)",
    "(?:a|our|my) (?:\\w+ )?bot",
    "slash commands?",
    "approvals? in (?:slack|teams)",
    "chat ?bot for (?:slack|discord|telegram|teams|whatsapp)",
    "webhooks?",
    "webhook (?:receiver|handler|consumer|relay)",
    "github app",
    "zapier",
  ],
  saas_custom_domains: [
    "(?:its|their|his|her) own (?:custom )?domains?",
    "uses? (?:its|their) own domains?",
    "cname",
    "status pages?",
    "(?:site|store|website|shop) builders?",
    "each (?:customer|tenant|merchant|school|restaurant|store) gets (?:\\w+ ){0,2}(?:domain|subdomain|site)",
    "custom (?:domains?|hostnames?)",
    "vanity (?:domains?|urls?)",
    "white[\\s-]?label\\w*",
    "(?:their|customers'?|tenants'?) own (?:domains?|subdomains?)",
    "(?:per[\\s-]tenant|tenant) (?:subdomains?|domains?)",
    "bring (?:their|your) own domain",
    "storefronts? on (?:their|customer) domains?",
  ],
  llm_rag: [
    "chat with (?:(?:your|my|our|their) (?:own )?(?:\\w+ )?)?(?:pdfs?|docs|documents?|files|data|knowledge base|codebase|notes|manuals?|contracts?)",
    "ask(?:s)? (?:\\w+ ){0,2}questions",
    "answers? (?:[\\w'’]+ ){0,3}(?:questions|from)",
    "q&a",
    "q ?& ?a",
    "(?:coding|code|ai|virtual|research|writing|support) assistants?",
    "ai (?:[\\w-]+ ){0,2}agents?",
    "agents? (?:that|which)",
    "sentiment",
    "summari[sz]\\w*",
    "knowledge base",
    "grounded in",
    "cites? (?:the )?(?:source|article)\\w*",
    "multilingual (?:\\w+ ){0,2}search",
    "natural[\\s-]language (?:search|queries)",
    "decision support",
    "rag",
    "retrieval[\\s-]augmented",
    "llms?",
    "gpt[\\w.-]*",
    "claude",
    "gemini",
    "(?:ai|llm) (?:chat ?bot|assistant|agents?|copilot|search|summar\\w*)",
    "chat ?bot",
    "copilot",
    "semantic search",
    "embeddings?",
    "vector (?:search|database|db|store|index)",
    "ai agents?",
    "generative ai",
    "genai",
    "image generation",
    "text[\\s-]to[\\s-]image",
    "ocr",
    "document (?:extraction|processing|understanding|ai)",
    "extract (?:\\w+ ){0,2}from (?:\\w+ ){0,2}(?:pdfs?|documents?|invoices?|receipts?|scans?)",
  ],
  realtime_ws: [
    "pushed to",
    "push(?:es|ed)? (?:\\w+ ){0,2}(?:updates?|scores?|alerts?) to",
    "live (?:map|location|commentary|quiz\\w*|chat|support)",
    "gps",
    "location tracking",
    "(?:watch|see|track)(?:es|s|ing)? (?:\\w+ ){0,3}(?:move|live|in real time)",
    "quiz(?:zes)?",
    "support chat",
    "in real[\\s-]?time",
    "crdts?",
    "yjs",
    "cursors?",
    "co[\\s-]?edit\\w*",
    "web[\\s-]?sockets?",
    "socket\\.io",
    "real[\\s-]?time",
    "chats?",
    "chat rooms?",
    "messaging",
    "multi[\\s-]?player",
    "collaborative",
    "co[\\s-]?editing",
    "presence",
    "whiteboards?",
    "live (?:updates?|feeds?|cursors?|scores?|dashboards?|auctions?|bidding|tracking|polls?|quiz\\w*)",
    "push notifications?",
    "notifications?",
  ],
  internal_tool: [
    "for (?:our |all |\\d[\\d,.]*k? )?(?:employees|staff|engineers|team members|colleagues)",
    "team wiki",
    "(?:company|internal|team) (?:wiki|knowledge base|handbook)",
    "internal (?:tool|app|dashboard|portal|wiki|admin|system)s?",
    "intranet",
    "back[\\s-]?office",
    "for (?:our )?(?:employees|staff)",
    "employee (?:portal|directory|onboarding|app)",
    "admin (?:panel|portal|console)",
    "staff[\\s-]only",
    "(?:at|for|in) (?:a|an|our|the) (?:[\\d,.]+k?[\\s-])?(?:person|people|employee|staff|seat)s? (?:company|firm|organi[sz]ation|org|business|enterprise|agency|hospital|university|school|practice)",
    "(?:it|hr) help[\\s-]?desk",
    "(?:our |the )?(?:employees|staff|technicians|engineers|nurses|field workers) (?:can )?(?:snap|submit|upload|log|book|request|file|enter|record|scan|fill)\\w*",
    "help[\\s-]?desk for (?:our )?(?:staff|employees|colleagues)",
  ],
  static_site: [
    "website for (?:my|our|a)",
    "(?:restaurant|caf[eé]|bakery|salon|church|club|band|wedding|dental|clinic|plumber|family'?s?|personal|company|agency) (?:\\w+ )?(?:site|website|homepage)",
    "menu",
    "opening hours",
    "information (?:site|website|portal)",
    "public information",
    "docusaurus",
    "mkdocs",
    "contentful",
    "static rebuild",
    "docs portal",
    "developer docs",
    "static (?:site|website|pages?)",
    "marketing (?:site|website|pages?)",
    "landing pages?",
    "docs? (?:site|website|portal)",
    "documentation (?:site|website|portal)",
    "portfolio",
    "brochure",
    "jamstack",
    "hugo",
    "astro",
    "gatsby",
    "eleventy",
    "blog",
  ],
};

const SHAPE_RES = Object.entries(SHAPE_PATTERNS).map(([s, l]) => [s as WorkloadShape, compile(l)] as const);

/** The classification of one description. */
export interface Workload {
  /** Shapes in `WORKLOAD_SHAPES` order; never empty (`web_app` when nothing else applies). */
  shapes: WorkloadShape[];
  primary: WorkloadShape;
  technologies: Set<Technology>;
  requirements: Requirements;
  audience: Audience;
  /** The models named train on CPUs (gradient-boosted trees, classical ML): no GPUs. */
  cpuTraining: boolean;
}

/** Models that train on CPUs (tabular, classical ML). */
const CPU_TRAINING = compile([
  "lightgbm",
  "xgboost",
  "catboost",
  "scikit[\\s-]?learn",
  "sklearn",
  "prophet",
  "random forests?",
  "arima",
  "tabular",
  "logistic regression",
  "gradient[\\s-]boost\\w*",
]);

/** Shapes whose requests do not arrive over HTTP from people (no edge of their own). */
const HEADLESS = new Set<WorkloadShape>([
  "realtime_udp",
  "ml_training",
  "etl_warehouse",
  "stream_ingestion",
  "bot_webhook",
  "batch_job",
]);
/** Words that say an app or a server is what moves (not only jobs or pipelines). */
const APP_SERVER = compile([
  "apps?",
  "applications?",
  "sites?",
  "websites?",
  "apis?",
  "backends?",
  "monoliths?",
  "(?<!sql |mail |ftp |dns )servers?",
  "stacks?",
  "clusters?",
  "wordpress",
  "services",
  "portals?",
  "intranet",
  "vms?",
]);
/** Chat platforms whose bots staff reach with the platform's own sign-in. */
const CHAT_PLATFORM = compile(["slack", "(?:microsoft |ms )?teams", "discord", "google chat", "mattermost"]);
/** A surface people open in a browser or app, beside a headless workload ("a shop with nightly backups"). */
const USER_SURFACE = compile([
  "(?:web ?)?sites?",
  "websites?",
  "web ?apps?",
  "web ?shops?",
  "online (?:shop|store)s?",
  "e[\\s-]?commerce",
  "storefronts?",
  "marketplaces?",
  "mobile apps?",
  "(?:customer|user|member|client|patient) (?:portal|app|accounts?)",
  "sign[\\s-]?ups?",
  "log[\\s-]?ins?",
  "(?:users|customers|members|people) (?:can )?(?:sign|log|browse|book|order|buy|post)",
  "shops?(?! floor)",
]);

/** The shapes a description applies to: decisive phrasings, or enough families of the shape's vocabulary. */
function detectShapes(text: string): { shapes: WorkloadShape[]; evidence: Record<string, ShapeEvidence> } {
  const named = new Set(SHAPE_RES.filter(([, re]) => re.test(text)).map(([s]) => s));
  const evidence = shapeEvidence(text);
  const inferred = Object.entries(evidence).filter(([, e]) => e.applies).map(([s]) => s as WorkloadShape);
  const shapes = [...new Set([...named, ...inferred])];
  // Migrating pipelines (SSIS packages, cron scripts, a warehouse) moves the pipeline, not an app server.
  const pipelines = shapes.some((s) =>
    s === "etl_warehouse" || s === "stream_ingestion" || s === "batch_job"
  );
  if (shapes.includes("lift_and_shift") && pipelines && !APP_SERVER.test(text)) {
    shapes.splice(shapes.indexOf("lift_and_shift"), 1);
  }
  // A plain "internal tool" never hides a primary workload that needs an app tier; a web app is the
  // fallback when nothing else applies, and sits beside a headless workload that also has a site or shop.
  const onlyHeadless = shapes.every((s) => HEADLESS.has(s) || s === "internal_tool");
  if (!shapes.length || shapes.every((s) => s === "internal_tool")) shapes.push("web_app");
  else if (onlyHeadless && USER_SURFACE.test(text)) shapes.push("web_app");
  return { shapes, evidence };
}

/** Classifies a description into workload shapes, named technologies, requirements and audience. */
export function classifyWorkload(text: string): Workload {
  const { shapes, evidence } = detectShapes(text);
  // "Multiplayer" over UDP is not also a WebSocket app unless WebSockets or chat are named.
  if (shapes.includes("realtime_udp") && !/\b(?:web ?sockets?|chat\w*|socket\.io)\b/i.test(text)) {
    shapes.splice(shapes.indexOf("realtime_ws") >>> 0, shapes.includes("realtime_ws") ? 1 : 0);
  }
  const ordered = WORKLOAD_SHAPES.filter((s) => shapes.includes(s));
  const technologies = new Set(TECH_RES.filter(([, re]) => re.test(text)).map(([t]) => t));
  // UDP servers for a game (a shooter, a racer, "our title") are game servers, named or not.
  if (shapes.includes("realtime_udp") && evidence.realtime_udp?.families.includes("game")) {
    technologies.add("game");
  }
  const staff = STAFF.test(text);
  // Only a tool that is internal at heart has no customers (a migrated estate with internal admin UIs does).
  const internalOnly = ordered.includes("internal_tool") && ordered[0] !== "lift_and_shift" &&
    !CUSTOMERS.test(text.replace(STAFF, ""));
  return {
    shapes: ordered,
    primary: ordered[0],
    technologies,
    requirements: readRequirements(text),
    cpuTraining: ordered.includes("ml_training") && CPU_TRAINING.test(text),
    audience: {
      staff,
      customers: !internalOnly,
      viaChat: !!staff && internalOnly && ordered.includes("bot_webhook") && !ordered.includes("web_app") &&
        CHAT_PLATFORM.test(text),
    },
  };
}
