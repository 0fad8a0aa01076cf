/** Service selection: capabilities → services per cloud, with the scale, constraint and region notes. */
import { SPAM_FORMS } from "./content_site.ts";
import { DB_CLASS_NAMES, dbLayout, type DbSize, dbSize } from "./costs/db_size.ts";
import { CAPABILITIES, type Capability } from "./capabilities.ts";
import { frontDoor, trimUnasked } from "./unasked_parts.ts";
import { unaskedJobPart } from "./job_parts.ts";
import { type Cloud } from "./catalog/facts.ts";
import {
  CAPABILITY_RANK,
  CAPABILITY_SERVICES,
  CONSTRAINT_OPTIONS,
  CORE,
  type ServiceUse,
} from "./catalog/mapping.ts";
import { CLOUDFRONT_EGRESS_TIERS, type CloudFrontZone } from "./catalog/prices_aws.ts";
import { CLOUDFLARE_PRICES } from "./catalog/prices_cloudflare.ts";
import { SERVICES } from "./catalog/services.ts";
import {
  REQUIREMENT_SERVICES,
  SHAPE_CORE,
  SHAPE_SERVICES,
  SHAPE_TOPOLOGY,
} from "./catalog/shape_services.ts";
import { TECH_SERVICES } from "./catalog/tech_services.ts";
import {
  competitorRegions,
  computeRegions,
  type Context,
  IMPLIED_ROLES,
  premiumEdge,
  type Selection,
  shieldAdvanced,
  usesManagedSpeech,
} from "./context.ts";
import { keepNamed, keepsVercelApp } from "./kept_products.ts";
import { KEPT_DB } from "./costs/managed_postgres.ts";
import { databaseMoveUses } from "./database_move.ts";
import { disasterRecoveryUses } from "./disaster_recovery.ts";
import { namesLlm } from "./model_serving.ts";
import { broadcastVideo } from "./broadcast_video.ts";
import { tenantDatabaseNotes } from "./tenant_databases.ts";
import { namedProducts } from "./named_products.ts";
import { cacheReason, readHeavyTraffic } from "./cache_reasons.ts";
import { corePartUses } from "./core_parts.ts";
import { inboundOnly } from "./inbound_email.ts";
import { ORIGIN_KEYS, priorityNotes, priorityServices } from "./priorities.ts";
import { TECHNOLOGIES, type Technology } from "./technologies.ts";
import type { WorkloadShape } from "./workload_shapes.ts";

/**
 * Catalog entries and the services that replace them when present: a combined legacy entry gives way to
 * its separate services, and a job container gives way to the batch service that runs heavy jobs (so the
 * same vCPU-hours are not priced twice).
 */
const SUPERSEDED: Partial<Record<Cloud, Record<string, string[]>>> = {
  cloudflare: { containers: ["hpc_partner"] },
  aws: {
    firehose: ["data_firehose", "athena"],
    fargate: ["aws_batch", "sagemaker_cpu"],
    ec2_nodes: ["gamelift"],
    kinesis: ["msk"],
  },
  gcp: { cloud_run_jobs: ["cloud_batch", "vertex_training_cpu"], pubsub: ["managed_kafka"], gce: ["agones"] },
  azure: { container_apps: ["azure_batch", "azure_ml_cpu"], vms: ["playfab"] },
  vercel: { containers_partner: ["hpc_partner"] },
};

/** Game or UDP servers said to run on a Kubernetes cluster (Agones, "our game servers on GKE"). */
const FLEET_ON_CLUSTER =
  /\b(?:agones|(?:game|udp|dedicated) servers? (?:[\w-]+ ){0,4}(?:on|in) (?:[\w-]+ ){0,2}(?:kubernetes|k8s|gke|eks|aks)|(?:kubernetes|k8s|gke|eks|aks) (?:[\w-]+ ){0,4}(?:game|udp|dedicated) servers?)\b/i;
/**
 * On Cloudflare's side the kept cluster that runs the game or UDP servers is their fleet: it is priced once,
 * as the fleet, not again as the existing origin.
 */
const CLUSTER_IS_FLEET: Partial<Record<Cloud, Record<string, string[]>>> = {
  cloudflare: { origin: ["game_servers", "udp_servers"] },
};

/** The WAF services of each cloud (what a compliance control puts in front of public traffic). */
const WAF_KEYS = new Set(["waf", "armor", "azure_waf", "firewall"]);
/** Events a month from which a stream's events are analysed in its lake, not as Analytics Engine points. */
const BULK_EVENTS = 1e9;
/** Words that say a model keeps memory of each person or conversation. */
const AGENT_MEMORY =
  /\b(?:remember(?:s|ed|ing)?|memory|memories|across sessions|conversation history|chat history|long[\s-]term context)\b/i;
/** Words that say the work runs on GPUs. */
const GPU_WORDS = /\b(?:gpus?|cuda|rtx|a100s?|h100s?|l4s?|l40s)\b/i;
/** Where each cloud runs batch jobs that need GPUs (priced per GPU-hour: kept_products.ts). */
const GPU_JOB_SERVICE: Record<Cloud, string> = {
  cloudflare: "gpu_training",
  aws: "aws_batch",
  gcp: "cloud_batch",
  azure: "azure_batch",
  vercel: "gpu_partner",
};
/** Training-shape services that only make sense for GPU (deep-learning) training. */
const GPU_ONLY = new Set(["gpu_training", "workers_ai"]);

/** The WAF each competitor puts in front of an origin it fronts. */
const ORIGIN_WAF: Record<Exclude<Cloud, "cloudflare">, string> = {
  aws: "waf",
  gcp: "armor",
  azure: "azure_waf",
  vercel: "firewall",
};

/** Words that say the analytics are of site traffic (what Vercel Web Analytics measures). */
const SITE_TRAFFIC = /\b(?:page ?views?|visitors?|site traffic|web analytics|web vitals|pageviews)\b/i;

/** The CPU-priced variant of a GPU training service (tree models and classical ML). */
const CPU_VARIANT: Record<string, string> = {
  sagemaker: "sagemaker_cpu",
  vertex_training: "vertex_training_cpu",
  azure_ml: "azure_ml_cpu",
  gpu_partner: "containers_partner",
};
/** Requirement services that are themselves a relational database. */
const SQL_HEIRS = new Set(["aurora_dsql", "spanner"]);

/** Words that ask for a search index of records (not searching logs where they land). */
const SEARCH_INDEX = /\b(?:search index|search engine|full[\s-]?text|listings?)\b/i;
/**
 * A front end people load in a browser (an SPA, a browser game, a dashboard or chart they open, a page a QR
 * code leads to), served as static assets on Workers.
 */
const BROWSER_FRONT =
  /\b(?:react|vue|svelte|angular|spa|single[\s-]page|in the browser|browser[\s-]to[\s-]browser|web ?app|front[\s-]?end|dashboards?|charts?|graphs?|ui|qr(?: codes?)?|(?:on|from) (?:my|their|your|his|her|the) (?:phones?|laptops?|tablets?)|web pages?|pages?|(?:web ?)?sites?|websites?|lovable|bolt\.new|v0|static export)\b/i;

/** Object storage asked for as an archive (footage, recordings, records kept for years), not for uploads. */
const ARCHIVE_ONLY =
  /\b(?:archiv\w*|footage|recordings?|record(?:s|ed)?|retain\w*|kept|stored (?:for )?\d+|immutabl\w*|worm|\d+ years?)\b/i;
/** Words that say users upload files. */
const UPLOADS = /\b(?:upload\w*|attachments?|photos?|files?|documents?|images?|pdfs?)\b/i;

/** The app already runs on Vercel. */
const ON_VERCEL = /\b(?:is|runs|are|lives) on vercel\b/i;
/** Users who are far from the database (pages that hit it are slow for them). */
const FAR_USERS = /\b(?:slow for (?:them|users)|far from|latency for|users (?:are )?(?:now )?in)\b/i;

/** Words that say a stream's events trigger something as they arrive (alerts, actions, notifications). */
const STREAM_ACTIONS =
  /\b(?:alert\w*|alarm\w*|notif\w*|push(?:es|ed)?|sends?|sending|deliver\w*|pag(?:e|es|ing) (?:on[\s-]call|someone|the team)|trigger\w*|webhooks?|anomal\w*|fraud|thresholds?|rules?|react\w*|act(?:s|ed|ing)? on|actions?|block\w*|flag\w*|detect\w*|fan(?:s|ned|ning)?[\s-]?out|exactly[\s-]once|ledger|(?:show|display|update)s? (?:\w+ ){0,3}within|downstream|consumers?|subscri\w*|workers? (?:that|to) process|process(?:es|ed)? each|in the background|(?:reach|feed|update|sync)\w* (?:our|the|their|its) (?:[\w-]+ ){0,2}(?:systems?|services?|apps?|ledger|inventory|erp|crm|backend))\b/i;
/** A pipeline part that extracts or loads on a schedule (or orchestrates those runs). */
const SCHEDULED_EXTRACT = /\b(?:extract|schedule|orchestration)\b/;

/** Whether a shape's default part (by its role) is one the request gives no reason for. */
function unaskedShapePart(shape: WorkloadShape, role: string, ctx: Context, cdcStreamed: boolean): boolean {
  const text = ctx.request.appDescription;
  // A job's queue and bucket only when it fans items out or writes files.
  if (shape === "batch_job") return unaskedJobPart(role, text, ctx.workload.primary);
  // A stream's alert queue only when something is alerted on or acted upon as events arrive.
  if (shape === "stream_ingestion") return /alerts/.test(role) && !STREAM_ACTIONS.test(text);
  // Peers that only exchange data (files, game state) over a data channel need signalling and TURN, no SFU.
  if (shape === "webrtc") return /\bSFU\b|WebRTC calls/.test(role) && peersOnly(ctx);
  // Change data capture streamed into the warehouse is its extract: no scheduled extract beside it.
  return shape === "etl_warehouse" && cdcStreamed && SCHEDULED_EXTRACT.test(role);
}

/** Words of people seeing or hearing each other (then a data channel rides beside a call). */
const CALL_WORDS =
  /\b(?:calls?|calling|video|audio|voice|meetings?|conferenc\w*|consult\w*|webcams?|cameras?|screen[\s-]?shar\w*|talk\w*|hear\w*)\b/i;

/** Whether the request's WebRTC is peer-to-peer data alone (a data channel, no call). */
function peersOnly(ctx: Context): boolean {
  return ctx.workload.technologies.has("p2p_webrtc") && !CALL_WORDS.test(ctx.request.appDescription);
}
/** Words that say a model's answers must stay inside rules (policies, safety, what it may never say or do). */
const GUARDRAIL_WORDS =
  /\b(?:guardrails?|jailbreak\w*|prompt[\s-]injection|moderat\w*|toxic\w*|harmful|off[\s-]topic|must (?:never|not)|never (?:promise|say|give|offer|reveal|share|invent|make up)|within (?:the )?(?:\w+ )?(?:policy|policies|rules)|fare rules|compliant answers?|brand[\s-]safe)\b/i;
/** Words that say a model acts for people through tools or the team's APIs (not a human agent's desk). */
const AGENT_ACTS =
  /\b(?:tool[\s-]?(?:calls?|calling|use)|function[\s-]?call\w*|mcp|agentic|ai agents?|autonomous agents?|(?:virtual|digital|ai) (?:agents?|concierges?|receptionists?|assistants?)|copilots?|(?:assistants?|agents?|bots?|concierges?|copilots?) (?:[\w'’-]+ ){0,8}(?:through|via|using|against|calls?|calling) (?:our|their|the|your|its) (?:[\w-]+ ){0,4}apis?)\b/i;
/** The guardrails service of each cloud: checks of prompts and answers beside the model. */
const GUARDRAILS: Partial<Record<Cloud, string>> = {
  cloudflare: "ai_guardrails",
  aws: "bedrock_guardrails",
  gcp: "model_armor",
  azure: "content_safety",
};
/** Words that name SQL Server itself (not only the .NET stack that often runs on it). */
const SQL_SERVER_NAMED = /\b(?:sql server|mssql|t-sql|azure sql)\b/i;

/** Runtimes Workers does not run as they are: a moved app of these runs in Containers, not rewritten. */
const SERVER_RUNTIMES =
  /\b(?:elixir|phoenix|erlang|strapi|django|flask|fastapi|rails|ruby|sinatra|spring(?: boot)?|java|jvm|kotlin|scala|\.net|asp\.net|laravel|symfony|express|nest\\.?js|node(?:\.js)? (?:server|backend|api)|golang|go (?:service|server|backend)|rust (?:service|server|backend))\b/i;
/** Words of a team leaving its box (it keeps dying, off the VPS, somewhere more reliable), for both readers below. */
const LEAVING_HOST = String
  .raw`keeps? (?:dying|crashing|going down|falling over|failing)|(?:somewhere|something) (?:more )?(?:reliabl\w*|stable|safer)|unreliable|get off|off (?:the|our|an?|my) (?:\w+ ){0,2}(?:box|boxes|servers?|vps|droplets?)|` +
  // The app itself moves into a cloud ("we need to move to a big cloud", "migrate it all to the cloud"); a move
  // to the competitor named ("move to GCP") keeps Cloudflare in front of it over Tunnel.
  String
    .raw`(?:move|moves|moving|migrat\w*|shift\w*|rehost\w*|lift\w*) (?:[\w'’-]+ ){0,4}?(?:to|into|onto) (?:an? |the )?(?:(?:big|major|public|hyperscale\w*|managed) )?(?:clouds?|hyperscalers?)`;

/** Words that say the app should leave its boxes for a managed platform (not stay where it runs). */
const MANAGED_MOVE = new RegExp(
  String
    .raw`\b(?:managed|modern\w*|zero[\s-]downtime|containers?|containeri[sz]\w*|patch\w*|autoscal\w*|no more (?:servers|boxes)|serverless|move (?:everything|it|the app|off|us)|(?:migrate|moving) (?:it|everything|the app|us|away|off)|` +
    String.raw`${LEAVING_HOST})\b`,
  "i",
);

/** Words that say the old host goes away (it keeps dying, the team wants off it): nothing left to link to. */
const RETIRES_HOST = new RegExp(
  String
    .raw`\b(?:${LEAVING_HOST}|retir(?:e|ing) (?:the|our|it|them)|decommission\w*|shut(?:ting)? (?:it |them )?down)\b`,
  "i",
);

/** Words that say a live document keeps its past versions (history, snapshots, a change log). */
const VERSION_HISTORY =
  /\b(?:(?:version|revision|change|edit|cell[\s-]level (?:change )?)\s?(?:history|histories|log)|history of (?:every|each|all)|snapshots?|roll ?back|undo history|every (?:change|edit) (?:is )?(?:kept|stored|saved|recorded)|point[\s-]in[\s-]time)\b/i;
/** Words that say stream events stay in order per key, or start a timer per session or key. */
const KEYED_STREAM =
  /\b(?:in (?:strict )?order (?:for|per|within) (?:each|every|a|the)?\s?\w+|(?:strict|exact) (?:sequence|order(?:ing)?)|ordered per \w+|per[\s-]\w+ (?:order(?:ing)?|sequence|timers?)|inactivity timers?|(?:after|for) \d+ (?:minutes?|mins?|hours?|seconds?) (?:of inactivity|idle|without)|(?:does nothing|leaves? (?:\w+ ){0,3}in (?:the|their) (?:cart|basket)) (?:\w+ ){0,3}for \d+|abandon\w*|session timers?|timers? per (?:session|cart|user|customer))/i;

/** Shapes whose content flows through the system as it is made (what machine translation is for). */
const FLOWING = new Set<WorkloadShape>([
  "realtime_ws",
  "webrtc",
  "media",
  "llm_rag",
  "bot_webhook",
  "stream_ingestion",
]);
/** Words that say an item is held for a while and released (seats, stock, slots). */
const HOLDS =
  /\b(?:(?:reserved|held|hold|holds|locked|blocked|kept)\s(?:[\w-]+ ){0,4}for (?:\d+|a few|five|ten|fifteen|twenty|thirty) ?(?:minutes?|mins?|m|seconds?|secs?)|(?:expires?|released?|freed) (?:again )?after (?:\d+|a few) ?(?:minutes?|mins?|seconds?))\b/i;

/** Words that say an Oracle database itself moves (lifted, migrated, rehosted). */
const ORACLE_MOVES =
  /\b(?:lift|move|moving|migrat\w*|rehost\w*|re-?platform\w*)\b[^.]{0,60}\boracle\b|\boracle\b[^.]{0,40}\b(?:moves?|migrat\w*) (?:to|into) (?:the )?(?:cloud|aws|azure|gcp|google cloud)/i;

/** MQTT brokers a team runs itself. */
const NAMED_BROKER = /\b(?:emqx|hivemq|mosquitto|vernemq)\b/i;
/** UDP servers named as voice, VPN or telephony software: hosted on VMs, not in a game-server fleet. */
const NON_GAME_UDP_SERVERS =
  /\b(?:mumble|murmur|teamspeak|ventrilo|asterisk|freeswitch|wireguard|openvpn)\b/i;

/** Named technologies that say where the app runs. */
const HOST_TECHS = new Set<Technology>([
  "wordpress",
  "kubernetes",
  "php_app",
  "containers",
  "vm_estate",
  "remote_desktop",
]);
/** Shapes and technologies whose compute service replaces functions as the competitor's compute tier. */
const HOST_SOURCES: (WorkloadShape | Technology)[] = [
  "game",
  "kubernetes",
  "wordpress",
  "php_app",
  "realtime_udp",
  "vm_estate",
  "lift_and_shift",
  "saas_custom_domains",
  "internal_tool",
  "web_app",
];

/** The always-on server a competitor design runs on instead of functions, if the workload needs one. */
function hostService(cloud: Cloud, ctx: Context): string | undefined {
  const w = ctx.workload;
  for (const source of HOST_SOURCES) {
    if (source === "lift_and_shift" && (ctx.fileShareOnly || ctx.networkOnly)) continue;
    const uses = (TECHNOLOGIES as readonly string[]).includes(source)
      ? (w.technologies.has(source as Technology) ? techUses(source as Technology, cloud, ctx) : [])
      : (w.shapes.includes(source as WorkloadShape)
        ? SHAPE_SERVICES[cloud][source as WorkloadShape] ?? []
        : []);
    const hit = uses.find((u) => {
      const def = SERVICES[cloud][u.service];
      return def?.type === "compute" && !def.external && u.service !== CORE[cloud].compute;
    });
    if (hit) return hit.service;
  }
  return undefined;
}

/**
 * Whether SQL Server is what the database moves as: outside Azure only when it is named (.NET alone does not
 * say it); on Azure also not when the text names another engine (".NET 8 on PostgreSQL").
 */
function movesAsSqlServer(cloud: Cloud, ctx: Context): boolean {
  if (SQL_SERVER_NAMED.test(ctx.request.appDescription)) return true;
  const otherEngine = (["postgres", "mysql", "mongodb", "oracle"] as Technology[]).some((t) =>
    ctx.workload.technologies.has(t)
  );
  return cloud === "azure" && !otherEngine;
}

/**
 * Whether a server estate's or a named app stack's services apply: a named app stack on its VMs (WordPress,
 * Symfony, a cluster) moves as that app, not as a server estate, unless the estate is many servers (140
 * Windows VMs running IIS), which is rehosted as VMs rather than moved app by app onto a PaaS.
 */
function estateUses(tech: "vm_estate" | "php_app", cloud: Cloud, ctx: Context): boolean {
  const appStack = (["wordpress", "php_app", "kubernetes", "containers"] as Technology[]).some((t) =>
    ctx.workload.technologies.has(t)
  );
  const estate = ctx.workload.shapes.includes("lift_and_shift") &&
    ctx.traffic.instanceHours >= ESTATE_SERVERS * 730;
  if (tech === "vm_estate") return !appStack || estate;
  return !estate || cloud === "cloudflare" || cloud === "vercel";
}

/** A named technology's services on one cloud (managed game fleets only pay off from Growth scale). */
function techUses(tech: Technology, cloud: Cloud, ctx: Context): ServiceUse[] {
  // Managed game-server fleets host UDP servers from Growth scale; a quiz or board game needs none.
  const udp = ctx.workload.shapes.includes("realtime_udp");
  // Voice, VPN or telephony servers named by their software stay on VMs.
  const fleet = ctx.growthPlus && udp && !NON_GAME_UDP_SERVERS.test(ctx.request.appDescription);
  if (tech === "game" && cloud !== "cloudflare" && !fleet) return [];
  // Lobbies and matchmaking are for players connected live; data about a game (its telemetry) has none.
  if (tech === "game" && !udp && !ctx.workload.shapes.includes("realtime_ws")) return [];
  // Core counts and hours say "heavy job" only for a job or a training run, not for a migrated server.
  const jobs = ctx.workload.shapes.some((s) => s === "batch_job" || s === "ml_training");
  if (tech === "hpc_batch" && !jobs) return [];
  // A broker the team already runs (EMQX, HiveMQ…) moves onto GKE; otherwise a managed broker (IoT Core is gone).
  if (tech === "mqtt" && cloud === "gcp" && NAMED_BROKER.test(ctx.request.appDescription)) {
    return [{ service: "gke", role: "EMQX/HiveMQ MQTT broker on GKE (Cloud IoT Core retired 2023)" }];
  }
  // A Postgres the team keeps on its host stays there on Vercel (no move to Neon); users far from it read
  // from a replica near them.
  if (tech === "postgres" && cloud === "vercel" && KEPT_DB.test(ctx.request.appDescription)) {
    const far = ctx.constraints.has("Global Performance") || FAR_USERS.test(ctx.request.appDescription);
    return [
      { service: "ext_postgres", role: "your Postgres, kept" },
      ...(far ? [{ service: "pg_read_replica", role: "read replica in the users' region" }] : []),
    ];
  }
  // Redis that carries a task queue's broker (Celery, Sidekiq, BullMQ, RQ) stays Redis: KV is no broker.
  if (tech === "redis" && cloud === "cloudflare" && TASK_BROKER.test(ctx.request.appDescription)) {
    return [{ service: "task_broker", role: "the task queue's broker, kept (the task code is unchanged)" }];
  }
  // An always-on encoder is for a continuous live channel, not for a web app open "24/7".
  if (tech === "encoder" && !ctx.workload.shapes.includes("media")) return [];
  if (tech === "p2p_webrtc" && !ctx.workload.shapes.includes("webrtc")) return [];
  // A Windows share moves as an SMB share with its directory: not as an NFS mount or objects.
  if (tech === "shared_files" && ctx.workload.technologies.has("smb_share")) return [];
  if (tech === "sql_server" && !movesAsSqlServer(cloud, ctx)) return [];
  // A named Oracle moves as Oracle only when the app that uses it moves and no other target database is
  // named; an Oracle that a pipeline reads from, or that stays in the data centre, is a source.
  if (tech === "oracle") {
    const w = ctx.workload;
    const otherDb = (["postgres", "mysql", "sql_server"] as Technology[]).some((t) => w.technologies.has(t));
    const moves = w.shapes.includes("lift_and_shift") || ORACLE_MOVES.test(ctx.request.appDescription);
    if (!moves || otherDb || w.shapes.includes("etl_warehouse")) return [];
  }
  // Managed domain controllers are for a moved Windows estate or file share; signing in with AD is the IdP.
  if (tech === "active_directory" && !ctx.workload.shapes.includes("lift_and_shift")) return [];
  // Machine translation is for content that flows (captions, chat, feeds, generated copy), not a site's
  // translated pages.
  if (tech === "translation" && !ctx.workload.shapes.some((s) => FLOWING.has(s))) return [];
  // A BI tool reads a warehouse: a dashboard in a web app is the app's own page.
  if (tech === "bi" && !ctx.workload.shapes.includes("etl_warehouse")) return [];
  // Servers and desktops are rehosted only when an existing estate moves, not when a new app is described.
  if (
    (tech === "vm_estate" || tech === "remote_desktop") && !ctx.workload.shapes.includes("lift_and_shift")
  ) {
    return [];
  }
  if ((tech === "vm_estate" || tech === "php_app") && !estateUses(tech, cloud, ctx)) return [];
  // GPU counts, token budgets and dataset sizes say "GPU cluster" only for a training run.
  if (tech === "gpu_cluster" && !ctx.workload.shapes.includes("ml_training")) return [];
  // A speech model the request trains itself is served from its own GPU endpoint, not a managed speech API.
  if ((tech === "speech" || tech === "voice") && !usesManagedSpeech(ctx)) return [];
  // PII redaction on Cloudflare is Firewall for AI: it inspects prompts, so only for an LLM workload.
  if (tech === "governance" && cloud === "cloudflare" && !ctx.workload.shapes.includes("llm_rag")) return [];
  const uses = TECH_SERVICES[tech].uses[cloud];
  // A framework's default database gives way to the database the description names (Magento on MySQL).
  const namedDb = (["mysql", "postgres", "sql_server", "mongodb"] as Technology[]).some((t) =>
    ctx.workload.technologies.has(t)
  );
  if (tech === "php_app" && namedDb) {
    return uses.filter((u) => SERVICES[cloud][u.service]?.type !== "database");
  }
  const recovery = tech === "vm_estate" ? disasterRecoveryUses(cloud, ctx) : [];
  return [...uses, ...databaseMoveUses(tech, cloud, ctx, uses), ...recovery];
}

/** Words of coordination between game servers or players: lobbies, matchmaking, regions, pools. */
const FLEET_WORDS =
  /\b(?:lobb(?:y|ies)|matchmak\w*|match[\s-]?making|regions?|multi[\s-]region|pools?|fleet|shards?|servers|server networks?|matches|tournaments?|ranked|rooms?)\b/i;

/** Roles of the stores that hold a game fleet's lobbies and sessions (kept on the one server otherwise). */
const SESSION_ROLES = new Set(["lobbies + matchmaking", "session state", "lobbies + session state"]);

/** A realtime-UDP design of one always-on server whose text names no fleet (see `prune`). */
function oneUdpServer(ctx: Context): boolean {
  return ctx.workload.shapes.includes("realtime_udp") && ctx.traffic.instanceHours <= 730 &&
    !FLEET_WORDS.test(ctx.request.appDescription);
}

/** Task queues that run on a Redis broker. */
const TASK_BROKER = /\b(?:celery|sidekiq|bullmq|bull queues?|resque|rq workers?|python-rq|huey|dramatiq)\b/i;

/** Servers from which a moved estate is rehosted as VMs, whatever its apps (fewer move app by app). */
const ESTATE_SERVERS = 10;

/** Words that say the app's servers exist and stay where they run (then Cloudflare fronts them over Tunnel). */
const RUNS_ON_OWN_SERVERS =
  /\b(?:on[\s-]?prem\w*|(?:our|own|existing|current|\d+|two|three|four|five|a few|a couple of|an?) (?:own )?(?:old )?(?:servers?|data ?cent(?:re|er)s?|vms?|virtual machines|boxe?s?|hardware|racks?|vps(?:es)?|droplets?|dedicated servers?|bare[\s-]metal)|data ?cent(?:re|er)s?|colo(?:cation)?|vps|droplets?|hetzner|ovh\w*|linode|digital ?ocean|vultr|hostinger|stays? (?:on|where|in)|keep (?:it|them) (?:on|where|in|running))\b/i;

/**
 * A moved app on a runtime Workers does not run, which the team wants off its boxes; or an app built on
 * such a runtime (Rails, Django, .NET, Spring) with no servers of its own named to keep: it runs as it is in
 * containers (Cloudflare, Vercel), not rewritten for Workers.
 */
function movesToContainers(cloud: Cloud, ctx: Context): boolean {
  const text = ctx.request.appDescription;
  if ((cloud !== "cloudflare" && cloud !== "vercel") || ctx.fileShareOnly || !SERVER_RUNTIMES.test(text)) {
    return false;
  }
  const ownServers = RUNS_ON_OWN_SERVERS.test(text);
  if (ctx.workload.shapes.includes("lift_and_shift") && leavesItsBoxes(text)) return true;
  return ctx.workload.technologies.has("php_app") && !ctx.workload.technologies.has("wordpress") &&
    !ownServers;
}

/**
 * A web app moved off its server (Laravel, Django, Rails, PHP) onto managed compute, whose containers or
 * instances keep no disk: the uploads and files it kept on the box move to object storage.
 */
function movedAppLeavesDisk(ctx: Context): boolean {
  const text = ctx.request.appDescription;
  if (!ctx.workload.shapes.includes("lift_and_shift") || ctx.fileShareOnly) return false;
  const tech = ctx.workload.technologies;
  if (!SERVER_RUNTIMES.test(text) && !tech.has("php_app") && !tech.has("wordpress")) return false;
  return leavesItsBoxes(text);
}

/** The app leaves the boxes it runs on: a managed move is asked for, or no servers of its own are named. */
function leavesItsBoxes(text: string): boolean {
  return MANAGED_MOVE.test(text) || !RUNS_ON_OWN_SERVERS.test(text);
}

/** Whether the design starts at a CDN/edge tier (unasked_parts.ts: only where people reach it over HTTP). */
export function hasEdge(ctx: Context): boolean {
  return frontDoor(ctx);
}

/**
 * AWS's Elemental chain for broadcast-grade video (broadcast_video.ts): MediaLive for a live channel,
 * MediaPackage for packaging, DRM and the DVR window (live or on demand), MediaTailor for ads; null when the
 * text asks for none of it.
 */
function awsBroadcastUses(ctx: Context): ServiceUse[] | null {
  const { grade, ads } = broadcastVideo(ctx.request.appDescription);
  if (!grade) return null;
  const uses: ServiceUse[] = ctx.live ? [{ service: "medialive", role: "live channel encoding" }] : [];
  uses.push({ service: "mediapackage", role: ctx.live ? "packaging + DRM + DVR window" : "packaging + DRM" });
  if (ads) uses.push({ service: "mediatailor", role: "server-side ad insertion" });
  return uses;
}

export function servicesFor(cloud: Cloud, cap: Capability, ctx: Context): ServiceUse[] {
  const option = CONSTRAINT_OPTIONS.find((o) =>
    o.cloud === cloud && o.capability === cap && ctx.constraints.has(o.constraint)
  );
  const uses = option ? option.use : CAPABILITY_SERVICES[cloud][cap];
  // A form's spam is Turnstile's job on Cloudflare (frontUses), not a WAF plan's.
  if (cloud === "cloudflare" && cap === "bot_protection" && ctx.formSpamOnly) return [];
  // Vercel Web Analytics counts site traffic; app, product or email events need an event store.
  if (cloud === "vercel" && cap === "analytics" && !SITE_TRAFFIC.test(ctx.request.appDescription)) {
    return [{ service: "log_partner", role: "event analytics" }];
  }
  if (cap === "video" && cloud === "aws") {
    const broadcast = awsBroadcastUses(ctx);
    if (broadcast) return [...broadcast, ...uses];
  }
  if (cap === "video" && ctx.live) {
    if (cloud === "aws") return [{ service: "ivs", role: "live channels" }, ...uses];
    if (cloud === "gcp") return [...uses, { service: "live_stream", role: "live channels" }];
    if (cloud === "cloudflare") {
      return [{ service: "stream", role: "Stream Live (RTMPS/SRT/WebRTC)" }, ...uses];
    }
  }
  return uses;
}

/** A service to add with its role and fold rank. */
interface RankedUse {
  service: string;
  role: string | null;
  rank: number;
}

/** The host of UDP servers that are not a game's, in place of the game fleet. */
/** Data a month (GB) up to which a warehouse pipeline is a few scheduled jobs. */
const SMALL_INGEST_GB = 30;
/** What a small pipeline runs on instead of an orchestration environment or a stream-processing cluster. */
const SMALL_ETL: Partial<Record<Cloud, Record<string, [string, string]>>> = {
  gcp: {
    composer: ["workflows", "job steps (no Airflow environment at this size)"],
    dataflow: ["cloud_run_jobs", "extract + transform jobs"],
  },
};

/** Devices and readings a month up to which telemetry is kept in the app's own store, with no lake. */
const SMALL_FLEET = 100;
const SMALL_FLEET_READINGS = 10_000_000;
/** Where a handful of devices keep their readings instead of a lake, a stream job and a warehouse (null: none). */
const SMALL_IOT: Partial<Record<Cloud, Record<string, [string, string] | null>>> = {
  cloudflare: {
    pipelines: ["analytics_engine", "readings for charts + alerts"],
    r2_catalog: null,
    r2: null,
  },
  aws: { data_firehose: null, athena: null, s3: null },
  gcp: { dataflow: null, bigquery: ["firestore", "latest readings + history"] },
  azure: { event_hubs: null, adls: ["cosmos", "latest readings + history"] },
};

/** Whether the pipeline moves little data: stated (or assumed for a personal project) under SMALL_INGEST_GB. */
function smallPipeline(ctx: Context): boolean {
  return ctx.traffic.ingestGb <= SMALL_INGEST_GB && !ctx.workload.shapes.includes("stream_ingestion");
}

/** Whether a handful of devices reports (a greenhouse, a brewery; tier defaults are fleets of 1,000 and up). */
function smallFleet(ctx: Context): boolean {
  const t = ctx.traffic;
  return t.devices <= SMALL_FLEET && t.devices * t.deviceMessagesEach <= SMALL_FLEET_READINGS &&
    !ctx.workload.technologies.has("warehouse");
}

/**
 * What a small workload uses instead of `service` of its shape's topology: a replacement, `null` when it is
 * dropped, `undefined` when the shape's own service stays.
 */
function smallSwap(
  cloud: Cloud,
  shape: WorkloadShape,
  service: string,
  ctx: Context,
): [string, string] | null | undefined {
  if (shape === "etl_warehouse" && smallPipeline(ctx)) return SMALL_ETL[cloud]?.[service];
  if (shape === "iot" && smallFleet(ctx)) return SMALL_IOT[cloud]?.[service];
  return undefined;
}

const NOT_GAME_HOSTS: Record<string, string> = { game_servers: "udp_servers", partner_game: "partner_udp" };

/**
 * What the kind of system needs, per shape. A named stack (WordPress, Kubernetes, a PHP app, containers)
 * says where a lift-and-shift runs, so the shape's generic host is not added next to it.
 */
function shapeUses(cloud: Cloud, ctx: Context): RankedUse[] {
  const w = ctx.workload;
  const out: RankedUse[] = [];
  const namedHost = [...w.technologies].some((t) => HOST_TECHS.has(t));
  if (w.cpuTraining && cloud === "cloudflare") {
    out.push({ service: "containers", role: "CPU training runs", rank: SHAPE_TOPOLOGY.ml_training.rank });
  }
  // Jobs that need GPUs (rendering, transcoding, inference runs) rent them: Workers has none for batch work.
  const gpuJobs = w.shapes.includes("batch_job") && !w.shapes.includes("ml_training") &&
    GPU_WORDS.test(ctx.request.appDescription);
  // An assistant or agent that remembers each person across sessions keeps that memory per conversation.
  const memory = w.shapes.includes("llm_rag") && AGENT_MEMORY.test(ctx.request.appDescription);
  if (memory && cloud === "cloudflare") {
    out.push({ service: "durable_objects", role: "per-conversation memory (Agents SDK)", rank: 88 });
  }
  const gpuService = GPU_JOB_SERVICE[cloud];
  if (gpuJobs && gpuService) {
    out.push({ service: gpuService, role: "GPU nodes for the jobs", rank: SHAPE_TOPOLOGY.batch_job.rank });
  }
  out.push(...servingUses(cloud, ctx));
  const cdcStreamed = w.changesStreamed;
  for (const shape of w.shapes) {
    const coreRank = shape === w.primary ? 58 : 50;
    // A network that moves alone moves no servers or databases to back up.
    const moved = !(shape === "lift_and_shift" && ctx.networkOnly);
    for (const u of moved ? SHAPE_CORE[cloud][shape] ?? [] : []) out.push({ ...u, rank: coreRank });
    // A file share or a network that moves alone has no app server to host.
    if (shape === "lift_and_shift" && (namedHost || ctx.fileShareOnly || ctx.networkOnly)) continue;
    // An app already on Vercel has no other backend host to keep on the Vercel side.
    if (shape === "lift_and_shift" && cloud === "vercel" && ON_VERCEL.test(ctx.request.appDescription)) {
      continue;
    }
    // Staff who use a bot inside their chat platform sign in there: no SSO gate in front of a tool.
    if (shape === "internal_tool" && w.audience.viaChat) continue;
    const rank = SHAPE_TOPOLOGY[shape].rank - (shape === w.primary ? 0 : 6);
    for (const u of SHAPE_SERVICES[cloud][shape] ?? []) {
      // A small pipeline (a nightly pull of a few sources) runs as scheduled jobs, not on an Airflow
      // environment or a Dataflow cluster sized for terabytes.
      const small = smallSwap(cloud, shape, u.service, ctx);
      if (small === null) continue;
      if (unaskedShapePart(shape, u.role, ctx, cdcStreamed)) continue;
      if (small) {
        out.push({ service: small[0], role: small[1], rank });
        continue;
      }
      // An LLM app that only extracts or generates has no retrieval index.
      const t = SERVICES[cloud][u.service]?.type;
      if (shape === "llm_rag" && (t === "vector" || t === "search") && !ctx.caps.has("vector")) continue;
      // Gradient-boosted trees and other tabular models train on CPUs: no GPU rental, no LoRA to serve;
      // managed training services run (and are priced) on CPU machines.
      // Workers AI serves only an LLM fine-tune (a LoRA); other models get an endpoint (servingUses).
      if (shape === "ml_training" && u.service === "workers_ai" && ctx.servedModel !== "llm") continue;
      if (shape === "ml_training" && w.cpuTraining) {
        if (GPU_ONLY.has(u.service)) continue;
        const cpu = CPU_VARIANT[u.service];
        if (cpu) {
          out.push({ service: cpu, role: "CPU training jobs", rank });
          continue;
        }
      }
      // UDP that is not a game (SIP and RTP, telemetry, SRT contribution) runs on UDP servers, not a game fleet,
      // and has no lobbies.
      const udpNotGame = shape === "realtime_udp" && !w.technologies.has("game");
      const role = udpNotGame
        ? u.role.replace(/game servers/g, "UDP servers").replace(/lobbies \+ /, "")
        : u.role;
      out.push({ service: (udpNotGame && NOT_GAME_HOSTS[u.service]) || u.service, role, rank });
    }
  }
  return out;
}

/**
 * The endpoint that serves what a training request trained (workload_serving.ts): a custom model on every
 * cloud, on a GPU when it generates or transcribes, an LLM fine-tune on the competitor's GPU endpoint (Workers
 * AI serves its LoRA). Vercel's GPU partner serves what it trains.
 */
function servingUses(cloud: Cloud, ctx: Context): RankedUse[] {
  const served = ctx.servedModel;
  if (!ctx.workload.shapes.includes("ml_training") || !served || cloud === "vercel") return [];
  if (served === "llm" && cloud === "cloudflare") return [];
  const service = served === "custom" ? "model_endpoint" : "model_endpoint_gpu";
  const role = served === "llm" ? "serve the fine-tuned model" : "serve the trained model";
  return [{ service, role, rank: SHAPE_TOPOLOGY.ml_training.rank - 2 }];
}

/**
 * The WAF and staff SSO. A WAF guards public HTTP traffic: pipelines, jobs and UDP servers without an edge
 * get none by tier alone, and Enterprise Security on a headless pipeline means staff SSO and keys, not a WAF
 * with nothing to guard; UDP servers keep network DDoS protection (Cloudflare's is Spectrum, in front).
 */
function securityUses(cloud: Cloud, ctx: Context, edge: boolean): RankedUse[] {
  const core = CORE[cloud];
  const es = ctx.constraints.has("Enterprise Security");
  const udp = ctx.workload.shapes.includes("realtime_udp");
  const out: RankedUse[] = [];
  // UDP servers without a web edge are guarded by Spectrum on Cloudflare: no WAF with no HTTP to inspect.
  const spectrumOnly = cloud === "cloudflare" && udp && !edge;
  // Spam on a form is Turnstile's job on Cloudflare (frontUses), not a WAF plan's.
  const bots = ctx.caps.has("bot_protection") && !(cloud === "cloudflare" && ctx.formSpamOnly);
  const security = !spectrumOnly && (bots || (ctx.enterpriseTier && edge) ||
    (es && edge) || (es && udp && cloud !== "cloudflare"));
  if (security) {
    const role = !edge && udp
      ? "network DDoS protection for the UDP servers"
      : ctx.enterpriseTier
      ? "WAF + bot management (Enterprise tier)"
      : "WAF";
    out.push({ service: core.security, role, rank: es ? 95 : CAPABILITY_RANK.bot_protection });
  }
  if (es || ctx.caps.has("zero_trust")) {
    out.push({
      service: core.zeroTrust,
      role: ctx.caps.has("zero_trust") ? null : "staff SSO (Enterprise Security)",
      rank: es ? 94 : CAPABILITY_RANK.zero_trust,
    });
  }
  // Enterprise Security keeps keys and secrets in the provider's vault, with its audit trail.
  const vault = VAULT[cloud];
  if (es && vault) {
    out.push({ service: vault, role: "keys + secrets, audited (Enterprise Security)", rank: 60 });
  }
  return out;
}

/** The key and secret vault of each cloud that has one in the catalog. */
const VAULT: Partial<Record<Cloud, string>> = { aws: "kms", gcp: "kms", azure: "key_vault" };

/**
 * What Cloudflare puts in front of an app: Page Shield on a PCI payment page, Turnstile on forms that draw
 * spam, and the WAF in front of a lifted origin.
 */
function frontUses(cloud: Cloud, ctx: Context, edge: boolean): RankedUse[] {
  if (!edge) return [];
  const w = ctx.workload;
  // Both plans guard a lifted origin alike: the competitor's WAF stands where Cloudflare's does.
  if (cloud !== "cloudflare") {
    return w.shapes.includes("lift_and_shift")
      ? [{ service: ORIGIN_WAF[cloud], role: "WAF in front of the origin", rank: 82 }]
      : [];
  }
  const text = ctx.request.appDescription;
  const out: RankedUse[] = [];
  if (w.requirements.pci) {
    out.push({
      service: "page_shield",
      role: "third-party script monitoring (PCI 6.4.3 / 11.6.1)",
      rank: 84,
    });
  }
  if (ctx.caps.has("bot_protection") && SPAM_FORMS.test(text)) {
    // With sign-in, the sign-in node already carries Turnstile; without it, Turnstile stands alone.
    const service = ctx.caps.has("auth") ? "turnstile" : "turnstile_forms";
    out.push({ service, role: "spam protection on forms", rank: 70 });
  }
  if (w.shapes.includes("lift_and_shift")) {
    out.push({ service: "waf", role: "WAF in front of the origin", rank: 82 });
  }
  return out;
}

/** A combined or generic entry gives way to the services that replace it (its roles move to the heir). */
function supersede(cloud: Cloud, selections: Map<string, Selection>, text: string): void {
  const superseded = {
    ...SUPERSEDED[cloud],
    ...(FLEET_ON_CLUSTER.test(text) ? CLUSTER_IS_FLEET[cloud] : {}),
  };
  for (const [legacy, parts] of Object.entries(superseded)) {
    const gone = selections.get(legacy);
    const heirKey = parts.find((k) => selections.has(k));
    if (!gone || gone.core || !heirKey) continue;
    const heir = selections.get(heirKey)!;
    for (const r of gone.roles) if (!heir.roles.includes(r)) heir.roles.push(r);
    selections.delete(legacy);
  }
}

/** Adds a service to a design (or raises its rank, core slot and roles when it is already there). */
type AddService = (key: string, role: string | null, rank: number, core?: "edge" | "compute") => void;

/** The {@link AddService} of one cloud's design: catalog services first, then products the request names. */
function serviceAdder(
  cloud: Cloud,
  selections: Map<string, Selection>,
  named: ReturnType<typeof namedProducts>,
): AddService {
  return (key, role, rank, core) => {
    const def = SERVICES[cloud][key] ?? named.get(key);
    if (!def) throw new Error(`catalog: ${cloud} has no service ${key}`);
    let sel = selections.get(key);
    if (!sel) {
      sel = {
        key,
        def,
        id: def.id,
        name: def.name,
        roles: [],
        notes: [],
        rank,
        core,
        folded: [],
        absorbed: [],
      };
      selections.set(key, sel);
    }
    sel.rank = Math.max(sel.rank, rank);
    if (core) sel.core = core;
    if (role && !sel.roles.includes(role)) sel.roles.push(role);
  };
}

/**
 * Services the stated requirements need (compliance, residency, strong consistency, multi-region). A SQL
 * service that brings strong consistency or multi-region (Aurora DSQL, Spanner) replaces the default database.
 */
function addRequirementUses(
  cloud: Cloud,
  ctx: Context,
  selections: Map<string, Selection>,
  add: AddService,
  replaced: Set<Capability>,
): void {
  const w = ctx.workload;
  const req = w.requirements;
  const namedSql = w.technologies.has("postgres") || w.technologies.has("mysql") ||
    w.technologies.has("sql_server");
  const needs = (k: keyof typeof REQUIREMENT_SERVICES) => REQUIREMENT_SERVICES[k][cloud];
  const reqUses = [
    ...(req.hipaa || req.pci || req.soc2 ? needs("compliance") : []),
    ...(req.residency ? needs("residency") : []),
    // A named relational database is already strongly consistent: keep it instead of adding a second one.
    ...(req.strongConsistency && (cloud === "cloudflare" || !namedSql) ? needs("strongConsistency") : []),
    ...(req.multiRegion ? needs("multiRegion") : []),
  ];
  // Origin failover needs an origin: a plan wholly on Cloudflare already runs in every city.
  const hasOrigin = [...selections.keys()].some((k) => ORIGIN_KEYS.has(k));
  // A WAF control guards public HTTP traffic: a job or a pipeline without an edge has none to guard.
  const edge = hasEdge(ctx);
  for (const u of reqUses) {
    if (u.service === "load_balancing" && !hasOrigin) continue;
    if (!edge && SERVICES[cloud][u.service]?.type === "security" && WAF_KEYS.has(u.service)) continue;
    add(u.service, u.role, 86);
  }
  // A strongly consistent or multi-region SQL service (Aurora DSQL, Spanner) is the app's database, not a
  // second one beside the default.
  if (
    (req.strongConsistency || req.multiRegion) && !namedSql && reqUses.some((u) => SQL_HEIRS.has(u.service))
  ) {
    replaced.add("relational");
  }
}

/** Services for each capability the description names, except those a named technology or requirement replaced. */
function addCapabilityUses(cloud: Cloud, ctx: Context, add: AddService, replaced: Set<Capability>): void {
  const w = ctx.workload;
  for (const cap of CAPABILITIES) {
    if (!ctx.caps.has(cap) || replaced.has(cap)) continue;
    // A training request that names no LLM has no LLM to call: its model is served by its endpoint.
    if (cap === "ai" && w.primary === "ml_training" && !namesLlm(ctx.request.appDescription)) continue;
    // A system only staff use signs them in through its staff SSO: no customer identity service beside it.
    if (cap === "auth" && !w.audience.customers && ctx.caps.has("zero_trust")) continue;
    // Mail that is only received reaches the app through the mail workflow, not a sending service.
    if (cap === "email" && inboundOnly(ctx.request.appDescription)) continue;
    // Logs are searched where they land (R2 SQL over the lake), not in a vector index.
    if (
      cloud === "cloudflare" && cap === "search" && w.primary === "stream_ingestion" &&
      !SEARCH_INDEX.test(ctx.request.appDescription)
    ) continue;
    const impliedRole = ctx.implied.has(cap)
      ? IMPLIED_ROLES[cap]
      : cap === "object_storage" && ARCHIVE_ONLY.test(ctx.request.appDescription) &&
          !UPLOADS.test(ctx.request.appDescription)
      ? "archive / retention"
      : undefined;
    for (const u of servicesFor(cloud, cap, ctx)) add(u.service, impliedRole ?? u.role, CAPABILITY_RANK[cap]);
  }
}

/** The services one cloud's design uses, with their roles and notes. */
export function select(cloud: Cloud, ctx: Context): Map<string, Selection> {
  const selections = new Map<string, Selection>();
  const named = namedProducts(ctx.request.appDescription);
  const add = serviceAdder(cloud, selections, named);
  const core = CORE[cloud];
  const w = ctx.workload;
  const edge = hasEdge(ctx);
  if (edge) add(core.edge, null, 1000, "edge");
  // A server that has to keep running (a migrated app, UDP servers, a cluster) is the competitor's compute
  // tier instead of functions; Cloudflare keeps Workers in front.
  const host = cloud === "cloudflare" ? undefined : hostService(cloud, ctx);
  add(host ?? core.compute, null, 999, "compute");
  // Game servers on hosts still need an API for accounts, matchmaking and lobbies beside them.
  if (host && w.shapes.includes("realtime_udp") && w.technologies.has("game")) {
    add(core.compute, "accounts, matchmaking + lobby API", 89);
  }
  // What the kind of system needs, then the named technologies (which may replace a default), then the
  // capabilities the description names. A named stack (WordPress, Kubernetes, a PHP app, containers) says
  // where a lift-and-shift runs, so the shape's generic host is not added next to it.
  for (const u of shapeUses(cloud, ctx)) add(u.service, u.role, u.rank);
  const replaced = new Set<Capability>();
  for (const tech of w.technologies) {
    const spec = TECH_SERVICES[tech];
    const uses = techUses(tech, cloud, ctx);
    if (uses.length) { for (const cap of spec.replaces) replaced.add(cap); }
    for (const u of uses) add(u.service, u.role, 88);
  }
  const toContainers = addWorkloadClassUses(cloud, ctx, add);
  addRequirementUses(cloud, ctx, selections, add, replaced);
  addCapabilityUses(cloud, ctx, add, replaced);
  for (const u of frontUses(cloud, ctx, edge)) add(u.service, u.role, u.rank);
  // Products the description names (Telegram, Shopify, a geocoding API…) stay in the plan as externals.
  for (const key of named.keys()) add(key, "named in the request", 45);
  // Core parts no capability covers (a phone line, a database migration) keep a node of their own.
  for (const [key, role] of corePartUses(cloud, ctx.request.appDescription)) add(key, role, 70);
  for (const u of priorityServices(cloud, ctx, selections)) add(u.service, u.role, u.rank);
  for (const u of securityUses(cloud, ctx, edge)) add(u.service, u.role, u.rank);
  // What the request keeps (Supabase, an app on Vercel, the GPUs it names) replaces the defaults.
  keepNamed(cloud, ctx, selections, add);
  const hasData = ctx.caps.has("relational") || ctx.caps.has("kv");
  // Cost Optimization on Cloudflare leans on D1 read replicas instead of a second KV cache copy; residency
  // keeps personal data out of the globally replicated KV.
  const cfCache = ctx.caps.has("relational") && !replaced.has("relational") &&
    !ctx.constraints.has("Cost Optimization") && !w.requirements.residency;
  addCache(cloud, ctx, add, { hasData, edge, cfCache });
  supersede(cloud, selections, ctx.request.appDescription);
  prune(cloud, selections, ctx, { edge, toContainers });
  annotate(cloud, selections, ctx);
  priorityNotes(cloud, selections, ctx);
  trimUnasked(cloud, selections, ctx);
  // A browser front end (an SPA, a browser game) is served by the Worker itself as Static Assets (free);
  // noted after the priorities' settings, which win when the subtitle is full.
  const spa = edge && !w.shapes.includes("static_site") && BROWSER_FRONT.test(ctx.request.appDescription) &&
    !keepsVercelApp(ctx);
  if (cloud === "cloudflare" && spa) selections.get("workers")?.notes.push("SPA on Static Assets");
  for (const sel of selections.values()) sel.notes = sel.notes.filter(Boolean);
  return selections;
}

/**
 * The read cache a reason in the request calls for (cache_reasons.ts): asked for, the Redis a named job
 * framework or a moved app runs with, or high read traffic. On Cloudflare the KV copy in front of D1 serves
 * only read traffic (a job framework's Redis is Queues' work there) and only in front of D1 itself.
 */
function addCache(
  cloud: Cloud,
  ctx: Context,
  add: AddService,
  { hasData, edge, cfCache }: { hasData: boolean; edge: boolean; cfCache: boolean },
): void {
  // Read traffic is absorbed in front of the app's own data, for people reaching it over HTTP.
  const traffic = hasData && edge && readHeavyTraffic(ctx);
  if (cloud === "cloudflare") {
    // A job framework's Redis is Queues' work here, and a cache asked for is KV already (the kv capability).
    if (traffic && cfCache) add(CORE.cloudflare.cache, "hot-read cache in front of D1", 60);
    return;
  }
  const role = cacheReason(ctx) ?? (traffic ? "read-through cache" : null);
  if (role) add(CORE[cloud].cache, role, 60);
}

/**
 * Services of particular workload classes: a moved app to containers, version history of a live document,
 * per-key order and holds with expiry, guardrails for an agent. True when the moved app goes to containers.
 */
function addWorkloadClassUses(cloud: Cloud, ctx: Context, add: ReturnType<typeof serviceAdder>): boolean {
  const core = CORE[cloud];
  const w = ctx.workload;
  // A moved app on a runtime Workers does not run (Elixir, Strapi, Django, Java, .NET) goes to Containers
  // instead of a rewrite, when the team wants it off its boxes.
  const toContainers = movesToContainers(cloud, ctx);
  if (toContainers && cloud === "cloudflare") {
    add("containers", "the app as it is, in containers (no rewrite to Workers)", 88);
  }
  // Vercel runs no long-lived server: the moved app server runs on a container host beside it.
  if (toContainers && cloud === "vercel") {
    add("containers_partner", "the app server as it is (Vercel runs no long-lived servers)", 88);
  }
  // A moved web app leaves its server's disk behind: what it wrote there goes to object storage.
  if (movedAppLeavesDisk(ctx)) {
    const store = CAPABILITY_SERVICES[cloud].object_storage[0]?.service;
    if (store) add(store, "uploads + static files (off the old server's disk)", 70);
  }
  // A live shared document or board keeps its snapshots and version history in object storage beside the room.
  if (w.shapes.includes("realtime_ws") && VERSION_HISTORY.test(ctx.request.appDescription)) {
    const store = CAPABILITY_SERVICES[cloud].object_storage[0]?.service;
    if (store) add(store, "document snapshots + version history", 75);
  }
  // Events that must stay in order per key, or that start a timer per session, need one owner per key: a
  // Durable Object per match, shop or cart (alarms for the timers).
  if (
    cloud === "cloudflare" && (w.shapes.includes("stream_ingestion") || w.shapes.includes("bot_webhook")) &&
    KEYED_STREAM.test(ctx.request.appDescription)
  ) {
    add("durable_objects", "per-key order + timers (one object per key, alarms)", 86);
  }
  // Holds that expire (a seat while the buyer pays, stock in a basket) need one owner per item and a timer:
  // a Durable Object with an alarm on Cloudflare, a store with TTLs elsewhere.
  if (HOLDS.test(ctx.request.appDescription)) {
    if (cloud === "cloudflare") add("durable_objects", "one owner per item: holds + expiry alarms", 86);
    else add(core.cache, "holds with expiry (TTL)", 72);
  }
  // An agent that acts for people (tool calls, bookings, refunds) or whose answers must stay inside rules has
  // its prompts and answers checked beside the model.
  const guard = GUARDRAILS[cloud];
  if (
    guard && w.shapes.includes("llm_rag") &&
    (AGENT_ACTS.test(ctx.request.appDescription) || GUARDRAIL_WORDS.test(ctx.request.appDescription))
  ) {
    add(guard, "prompt + answer guardrails (policy, PII, prompt injection)", 87);
  }
  return toContainers;
}

/** Drops what another selected service covers once everything is selected. */
function prune(
  cloud: Cloud,
  selections: Map<string, Selection>,
  ctx: Context,
  { edge, toContainers }: { edge: boolean; toContainers: boolean },
): void {
  // The boxes it ran on are retired once the app runs in Containers: not priced beside them.
  if (toContainers && (selections.has("containers") || selections.has("containers_partner"))) {
    selections.delete("origin");
    // An app with no boxes of its own needs no link to them (a move off named hosts keeps its Tunnel while
    // the old hosts and what stays on them are reached).
    const tunnel = selections.get("tunnel");
    const linkOnly = tunnel?.roles.every((r) =>
      r === "origin link" || r === "private link to the existing origin"
    );
    const text = ctx.request.appDescription;
    if (linkOnly && (!RUNS_ON_OWN_SERVERS.test(text) || RETIRES_HOST.test(text))) selections.delete("tunnel");
  }
  // A pipeline of a few gigabytes a month (a sheet, a small table) needs no cluster to transform it or a
  // provisioned warehouse: a scheduled function loads it and the serverless query engine reads it.
  if (ctx.smallPipeline) {
    for (const key of HEAVY_PIPELINE[cloud] ?? []) {
      if (selections.get(key)?.core === undefined) selections.delete(key);
    }
  }
  // One game or UDP server (a few dozen friends) has no pools to steer between and, unless the text asks
  // for them, no lobbies or matchmaking to coordinate.
  // (Vercel's design keeps its one store: the game host is a partner's, its functions hold nothing else.)
  if (oneUdpServer(ctx) && cloud !== "vercel") {
    if (cloud === "cloudflare") selections.delete("load_balancing");
    for (const [key, sel] of selections) {
      if (!sel.core && sel.roles.length && sel.roles.every((r) => SESSION_ROLES.has(r))) {
        selections.delete(key);
      }
    }
  }
  // UDP servers with no web edge are guarded by Spectrum: a WAF has no HTTP to inspect (asked-for DDoS
  // protection moves to Spectrum's role).
  const spectrum = selections.get("spectrum");
  const waf = selections.get("waf");
  if (cloud === "cloudflare" && spectrum && waf && !waf.core && !edge) {
    if (!spectrum.roles.includes("DDoS protection")) spectrum.roles.push("DDoS protection");
    selections.delete("waf");
  }
  // Billions of events a month are cheaper landed by Pipelines (per GB) than written as Analytics Engine
  // points (per million): the stream's lake is where they are analysed.
  const lake = selections.get("pipelines");
  const points = selections.get("analytics_engine");
  if (lake && points && !points.core && ctx.traffic.events >= BULK_EVENTS) {
    for (const r of points.roles) if (!lake.roles.includes(r)) lake.roles.push(r);
    selections.delete("analytics_engine");
  }
}

/** Services sized for big pipelines that a small one goes without, per cloud. */
const HEAVY_PIPELINE: Partial<Record<Cloud, string[]>> = {
  gcp: ["dataflow", "composer"],
  aws: ["glue", "redshift"],
};

/** `note(key, text)`: appends a subtitle note to the selected service `key`, if the design has it. */
function noter(sel: Map<string, Selection>): (key: string, text: string) => void {
  return (key, text) => void sel.get(key)?.notes.push(text);
}

/** Cloudflare: city count, Smart Placement, jurisdictions, D1 shards and hints. */
function annotateCloudflare(sel: Map<string, Selection>, ctx: Context): void {
  const note = noter(sel);
  const t = ctx.traffic;
  const gp = ctx.constraints.has("Global Performance");
  const cities = CLOUDFLARE_PRICES.cities.value;
  note(
    "cdn",
    ctx.request.region === "Global"
      ? `${cities}+ cities`
      : `${ctx.region.city} served from nearby PoPs of ${cities}+ cities`,
  );
  if (gp || ctx.caps.has("relational")) note("workers", "Smart Placement near data");
  if (ctx.global) note("workers", "no regions to choose: deploys to every city");
  const residency = ctx.workload.requirements.residency;
  if (residency === "regional") {
    note(
      "d1",
      "a database per data region (jurisdiction eu in the EU, location hints elsewhere), no read replicas",
    );
    note("r2", "a bucket per data region (EU jurisdiction in the EU)");
    note("durable_objects", "created in the tenant's jurisdiction");
    note("kv", "no personal data (KV replicates globally)");
  }
  if (residency === "eu" || residency === "us") {
    note("d1", `jurisdiction ${residency}, no read replicas outside it`);
    note("r2", `${residency.toUpperCase()} jurisdiction bucket`);
    note("durable_objects", `jurisdiction "${residency}"`);
    note("kv", "no personal data (KV replicates globally)");
  }
  const shards = Math.ceil(t.sqlStorageGb / CLOUDFLARE_PRICES.d1MaxDbGb.value);
  if (shards > 1) note("d1", `${shards}× 10 GB databases (per-tenant shards)`);
  if (ctx.region.d1Hint && !residency) note("d1", `location hint ${ctx.region.d1Hint}`);
  if (!residency && (ctx.growthPlus || gp)) note("d1", "global read replication");
  if (ctx.region.doHint && !residency) note("durable_objects", `locationHint "${ctx.region.doHint}"`);
  if (ctx.enterpriseTier) note("waf", "Enterprise Bot Management, custom rules");
  if (ctx.caps.has("object_storage")) {
    note("r2", ctx.global ? "auto-distributed, no replication fees" : "zero egress");
  }
}

/** Where a competitor design runs: its regions, the primary one, and the note its compute carries. */
interface CompetitorRegions {
  regions: string[];
  multi: boolean;
  /** Data regions kept apart: each tenant's data in its own, nothing copied between them. */
  apart: boolean;
  primary: string;
  /** The regions compute runs in. */
  compute: string[];
  regionNote: string;
}

/** AWS: regions, Graviton, CloudFront price zone, replicas, Valkey, Shield. */
function annotateAws(
  sel: Map<string, Selection>,
  ctx: Context,
  { regions, multi, primary, compute, regionNote }: CompetitorRegions,
): void {
  const note = noter(sel);
  const costOpt = ctx.constraints.has("Cost Optimization");
  note("lambda", regionNote);
  if (costOpt) note("lambda", "arm64 (Graviton)");
  if (compute.length > 1) note("lambda", "Route 53 latency routing");
  const mix = Object.keys(ctx.region.cloudFrontMix) as CloudFrontZone[];
  note(
    "cloudfront",
    mix.length > 1
      ? "blended global price zones"
      : `${CLOUDFRONT_EGRESS_TIERS.zoneLabels[mix[0]]} price zone`,
  );
  note("rds", primary);
  const db = dbSize(ctx);
  note(
    "rds",
    multi
      ? `Multi-AZ + cross-region replicas (${regions.slice(1).join(", ")})`
      : `${DB_CLASS_NAMES.aws[db.level]} ${dbLayout(db, "Multi-AZ", "single-AZ")}`,
  );
  note("dynamodb", multi ? `Global Tables: ${regions.join(", ")}` : `on-demand, ${primary}`);
  const ec = sel.get("elasticache");
  if (ec) {
    if (costOpt) ec.name = "ElastiCache Serverless (Valkey)";
    note("elasticache", primary);
  }
  note("s3", primary);
  if (shieldAdvanced(ctx)) note("waf", "Shield Advanced");
  note("bedrock", primary);
  note("iot_core", primary);
  note("apigw_ws", primary);
}

/** Google Cloud: regions, replicas, Firestore and bucket locations, Armor Enterprise. */
function annotateGcp(
  sel: Map<string, Selection>,
  ctx: Context,
  { multi, primary, regionNote }: CompetitorRegions,
): void {
  const note = noter(sel);
  note("cloud_run", regionNote);
  note("cloud_sql", primary);
  note("cloud_sql", multi ? "HA + cross-region read replicas" : dbLayout(dbSize(ctx), "HA", "single zone"));
  note("firestore", multi ? firestoreMultiRegion(ctx) : primary);
  if (ctx.enterpriseTier) note("memorystore", "Standard tier (HA)");
  note("gcs", multi ? "multi-region bucket" : primary);
  if (ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier && premiumEdge(ctx)) {
    note("armor", "Enterprise (Adaptive Protection)");
  }
  note("vertex", primary);
}

/** Azure SQL Database's tier and layout: its HA is built in; replicas are geo-replicas. */
function azureSqlLayout(size: DbSize, multi: boolean): string {
  const tier = DB_CLASS_NAMES.azureSql[size.level];
  if (multi || size.replicas) return `${tier} · built-in HA + active geo-replication`;
  return `${tier} · built-in HA`;
}

/** Azure: regions, replicas, Cosmos writes, Front Door Premium with the WAF. */
function annotateAzure(
  sel: Map<string, Selection>,
  ctx: Context,
  { regions, multi, primary, regionNote }: CompetitorRegions,
): void {
  const note = noter(sel);
  note("functions", regionNote);
  note("postgres", primary);
  note(
    "postgres",
    multi
      ? "zone-redundant HA + geo read replicas"
      : dbLayout(dbSize(ctx), "zone-redundant HA", "single zone"),
  );
  note("azure_sql", primary);
  note("azure_sql", azureSqlLayout(dbSize(ctx), multi));
  note("cosmos", multi ? `multi-region writes: ${regions.join(", ")}` : primary);
  const fd = sel.get("front_door");
  if (fd && sel.has("azure_waf") && premiumEdge(ctx)) fd.name = "Front Door Premium";
  note("blob", primary);
  note("web_pubsub", primary);
  note("openai", primary);
}

/** Vercel: function regions and Neon replicas. */
function annotateVercel(
  sel: Map<string, Selection>,
  { multi, apart, primary, compute, regionNote }: CompetitorRegions,
): void {
  const note = noter(sel);
  note("functions", regionNote);
  if (compute.length > 1) {
    note("functions", apart ? "each serves its own data region" : "multi-region failover");
  }
  note("neon", multi ? "read replicas per region" : `near ${primary}`);
}

/** Scale, constraint and region details that change names and subtitles. */
export function annotate(cloud: Cloud, sel: Map<string, Selection>, ctx: Context): void {
  const note = noter(sel);
  for (const [key, text] of tenantDatabaseNotes(ctx.request.appDescription, sel.keys())) note(key, text);
  if (cloud === "cloudflare") {
    annotateCloudflare(sel, ctx);
    return;
  }
  const regions = competitorRegions(ctx);
  // Data regions kept apart (each tenant's data in its own) have no replicas between them.
  const apart = ctx.workload.requirements.residency === "regional";
  const multi = regions.length > 1 && !apart;
  const primary = regions[0];
  const compute = computeRegions(ctx);
  const regionNote = compute.length > 1 ? `${compute.join(" + ")}` : primary;
  // An always-on host as the compute tier carries the region too.
  const host = [...sel.values()].find((s) => s.core === "compute" && s.key !== CORE[cloud].compute);
  if (host) note(host.key, regionNote);
  const where: CompetitorRegions = { regions, multi, apart, primary, compute, regionNote };
  if (cloud === "aws") annotateAws(sel, ctx, where);
  else if (cloud === "gcp") annotateGcp(sel, ctx, where);
  else if (cloud === "azure") annotateAzure(sel, ctx, where);
  else annotateVercel(sel, where);
  if (apart) {
    for (const key of REGIONAL_STORES) {
      note(key, `one per data region (${regions.join(", ")}), no copies between them`);
    }
  }
}

/** Databases and buckets a design keeps one of per data region when each tenant's data stays in its own. */
const REGIONAL_STORES = [
  "rds",
  "rds_mysql",
  "aurora",
  "dynamodb",
  "s3",
  "cloud_sql",
  "firestore",
  "gcs",
  "azure_sql",
  "postgres",
  "mysql",
  "cosmos",
  "blob",
  "neon",
];

/** Firestore multi-region location for the audience (nam5/eur3 exist; elsewhere the regional location). */
function firestoreMultiRegion(ctx: Context): string {
  if (ctx.workload.requirements.residency === "eu" || ctx.region.d1Hint === "weur") {
    return "multi-region (eur3)";
  }
  if (ctx.region.d1Hint === "enam" || ctx.request.region === "Global") return "multi-region (nam5)";
  return `regional ${ctx.region.gcp} (no multi-region location nearby)`;
}
