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
    "iot",
    "internet of things",
    "sensors?",
    "smart meters?",
    "meters",
    "devices? (?:report|send|stream|publish)\\w*",
    "telemetry",
    "mqtt",
    "fleet (?:tracking|telemetry|management)",
    "connected (?:cars?|vehicles?|devices?)",
    "thermostats?",
    "wearables?",
    "firmware",
  ],
  media: [
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
    "nightly",
    "cron",
    "scheduled (?:jobs?|tasks?|reports?|scripts?|exports?|scrap\\w*)",
    "batch (?:jobs?|processing|exports?|imports?)",
    "every (?:night|morning|hour|day|week|monday|\\d+ (?:minutes?|hours?))",
    "(?:hourly|daily|weekly|monthly) (?:\\w+ ){0,2}(?:jobs?|reports?|digests?|exports?|backups?|scrap\\w*|runs?|reconciliation)",
    "scrap(?:e|er|ers|ing)",
    "crawler?s?",
    "periodic(?:ally)?",
  ],
  bot_webhook: [
    "(?:slack|discord|telegram|whatsapp|teams|github|twitch) (?:bot|app|integration)s?",
    "chat ?bot for (?:slack|discord|telegram|teams|whatsapp)",
    "bots?",
    "webhooks?",
    "webhook (?:receiver|handler|consumer|relay)",
    "github app",
    "zapier",
  ],
  saas_custom_domains: [
    "custom (?:domains?|hostnames?)",
    "vanity (?:domains?|urls?)",
    "white[\\s-]?label\\w*",
    "(?:their|customers'?|tenants'?) own (?:domains?|subdomains?)",
    "(?:per[\\s-]tenant|tenant) (?:subdomains?|domains?)",
    "bring (?:their|your) own domain",
    "storefronts? on (?:their|customer) domains?",
  ],
  llm_rag: [
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
    "internal (?:tool|app|dashboard|portal|wiki|admin|system)s?",
    "intranet",
    "back[\\s-]?office",
    "for (?:our )?(?:employees|staff)",
    "employee (?:portal|directory|onboarding|app)",
    "admin (?:panel|portal|console)",
    "staff[\\s-]only",
  ],
  static_site: [
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

const compile = (list: string[]) => new RegExp(`(?<![\\w])(?:${list.join("|")})(?![\\w])`, "i");
const SHAPE_RES = Object.entries(SHAPE_PATTERNS).map(([s, l]) => [s as WorkloadShape, compile(l)] as const);

/** Named technologies the planner honours. */
export const TECHNOLOGIES = [
  "postgres",
  "mysql",
  "mongodb",
  "redis",
  "kafka",
  "graphql",
  "grpc",
  "kubernetes",
  "wordpress",
  "nextjs",
  "php_app",
  "elasticsearch",
  "containers",
] as const;
/** One named technology. */
export type Technology = typeof TECHNOLOGIES[number];

const TECH_RES: [Technology, RegExp][] = [
  ["postgres", compile(["postgres(?:ql)?", "pg", "supabase", "neon", "timescale(?:db)?", "postgis"])],
  ["mysql", compile(["mysql", "mariadb", "planetscale", "aurora mysql"])],
  ["mongodb", compile(["mongo(?:db)?", "documentdb"])],
  ["redis", compile(["redis", "valkey", "memcached"])],
  ["kafka", compile(["kafka", "redpanda", "confluent"])],
  ["graphql", compile(["graphql", "apollo", "federation gateway"])],
  ["grpc", compile(["grpc", "protobuf", "protocol buffers"])],
  ["kubernetes", compile(["kubernetes", "k8s", "helm", "eks", "gke", "aks", "microservices cluster"])],
  ["wordpress", compile(["wordpress", "woocommerce"])],
  ["nextjs", compile(["next\\.?js", "nextjs", "next app router"])],
  [
    "php_app",
    compile([
      "php",
      "laravel",
      "rails",
      "ruby on rails",
      "django",
      "flask",
      "spring boot",
      "asp\\.net",
      "\\.net",
    ]),
  ],
  ["elasticsearch", compile(["elastic ?search", "opensearch", "solr"])],
  [
    "containers",
    compile([
      "docker",
      "containers?",
      "containeri[sz]ed",
      "ffmpeg",
      "headless (?:browser|chrome)",
      "python worker",
    ]),
  ],
];

/** Hard requirements that change the design. */
export interface Requirements {
  /** Data must stay in a jurisdiction: "eu", "us" or a region-local "local". */
  residency?: "eu" | "us" | "local";
  hipaa: boolean;
  pci: boolean;
  soc2: boolean;
  strongConsistency: boolean;
  multiRegion: boolean;
}

const RESIDENCY = compile([
  "data residency",
  "residency",
  "gdpr",
  "(?:must|should|has to|have to|needs? to) (?:stay|remain|be stored|be kept|live|reside)",
  "never leaves?",
  "not leave",
  "in[\\s-]country",
  "sovereign\\w*",
  "data locali[sz]ation",
  "kept in the (?:eu|us|uk)",
]);
const EU = compile(["eu", "europe\\w*", "gdpr", "germany", "german", "france", "french", "uk", "schrems"]);
const US = compile(["us", "usa", "u\\.s\\.?", "united states", "america\\w*", "phi", "hipaa"]);

/** Reads the hard requirements from a description. */
export function readRequirements(text: string): Requirements {
  const residency = RESIDENCY.test(text)
    ? (EU.test(text) ? "eu" : US.test(text) ? "us" : "local")
    : undefined;
  return {
    residency,
    hipaa: compile(["hipaa", "phi", "protected health", "health records?", "ehr", "emr", "patient data"])
      .test(text),
    pci: compile(["pci(?:[\\s-]dss)?", "card ?holder data", "card numbers?", "pan data", "stores? cards?"])
      .test(
        text,
      ),
    soc2: compile(["soc ?2", "soc2", "iso ?27001", "audit (?:logs?|trails?)", "compliance"]).test(text),
    strongConsistency: compile([
      "strong(?:ly)? consisten\\w*",
      "linearizab\\w*",
      "serializab\\w*",
      "no double[\\s-](?:booking|spend\\w*|sell\\w*)",
      "never (?:double[\\s-]book|oversell)\\w*",
      "exactly[\\s-]once",
      "consistent (?:inventory|balances?|ledger)",
    ]).test(text),
    multiRegion: compile([
      "active[\\s-]active",
      "multi[\\s-]region",
      "survives? (?:the )?(?:loss|failure|outage) of (?:a|an entire|one) region",
      "region(?:al)? (?:failure|outage|failover)",
      "cross[\\s-]region",
      "(?:two|three|multiple|several) regions",
      "99\\.99+%?",
    ]).test(text),
  };
}

/** Who reaches the system. */
export interface Audience {
  customers: boolean;
  staff: boolean;
}

const STAFF = compile([
  "employees?",
  "staff",
  "internal",
  "admins?",
  "agents",
  "back[\\s-]?office",
  "operators?",
  "clinicians?",
  "nurses",
  "doctors",
  "teachers",
  "dispatchers?",
  "support team",
  "sales team",
  "moderators?",
  "editors",
  "warehouse workers",
  "sso",
  "okta",
  "entra",
  "azure ad",
]);
const CUSTOMERS = compile([
  "customers?",
  "users?",
  "shoppers?",
  "buyers?",
  "patients?",
  "players?",
  "visitors?",
  "public",
  "subscribers?",
  "members",
  "students?",
  "fans",
  "viewers?",
  "readers?",
  "riders?",
  "guests?",
  "consumers?",
  "clients",
  "tenants?",
  "attendees?",
  "creators?",
  "sellers?",
]);

/** The classification of one description. */
export interface Workload {
  /** Shapes in `WORKLOAD_SHAPES` order; never empty (`web_app` when nothing else matched). */
  shapes: WorkloadShape[];
  primary: WorkloadShape;
  technologies: Set<Technology>;
  requirements: Requirements;
  audience: Audience;
}

/** Classifies a description into workload shapes, named technologies, requirements and audience. */
export function classifyWorkload(text: string): Workload {
  const shapes = SHAPE_RES.filter(([, re]) => re.test(text)).map(([s]) => s);
  // A plain "internal tool" or "static site" never hides a primary workload that needs an app tier.
  if (!shapes.length || shapes.every((s) => s === "internal_tool")) shapes.push("web_app");
  const ordered = WORKLOAD_SHAPES.filter((s) => shapes.includes(s));
  const technologies = new Set(TECH_RES.filter(([, re]) => re.test(text)).map(([t]) => t));
  const staff = STAFF.test(text);
  const internalOnly = ordered.includes("internal_tool") && !CUSTOMERS.test(text.replace(STAFF, ""));
  return {
    shapes: ordered,
    primary: ordered[0],
    technologies,
    requirements: readRequirements(text),
    audience: { staff, customers: !internalOnly },
  };
}
