/**
 * Topology per workload shape, named technology and hard requirement: which services each cloud uses, what
 * the entry node is and whether the design starts at a CDN. The default capability mapping (mapping.ts)
 * still adds what the description names; this module adds what the *kind of system* needs (a batch job
 * gets a scheduler and an orchestrator, a warehouse gets extractors, a lake and a query engine) and lets a
 * named technology replace a default (Postgres → Hyperdrive instead of D1).
 */
import type { WorkloadShape } from "../workload_shapes.ts";
import type { Cloud } from "./facts.ts";
import type { ServiceUse } from "./mapping.ts";

const use = (service: string, role: string): ServiceUse => ({ service, role });

/** Entry node and edge per shape. */
export interface ShapeTopology {
  /** Name of the entry `users` node. */
  entry: string;
  /** Whether requests arrive over HTTP through the CDN/edge tier. */
  edge: boolean;
  /** Rank of the shape's own services when the diagram folds (higher stays). */
  rank: number;
}

/** Topology of each shape. */
export const SHAPE_TOPOLOGY: Record<WorkloadShape, ShapeTopology> = {
  lift_and_shift: { entry: "Users", edge: true, rank: 96 },
  realtime_udp: { entry: "Players", edge: false, rank: 97 },
  webrtc: { entry: "Callers", edge: true, rank: 97 },
  ml_training: { entry: "ML engineers", edge: false, rank: 96 },
  iot: { entry: "Devices", edge: true, rank: 92 },
  media: { entry: "Viewers", edge: true, rank: 91 },
  saas_custom_domains: { entry: "Tenants' customers", edge: true, rank: 93 },
  llm_rag: { entry: "Users", edge: true, rank: 89 },
  realtime_ws: { entry: "Users", edge: true, rank: 90 },
  etl_warehouse: { entry: "Source systems", edge: false, rank: 95 },
  stream_ingestion: { entry: "Upstream systems", edge: false, rank: 95 },
  bot_webhook: { entry: "Chat platform / webhooks", edge: false, rank: 85 },
  batch_job: { entry: "Schedule", edge: false, rank: 83 },
  internal_tool: { entry: "Staff", edge: true, rank: 80 },
  static_site: { entry: "Visitors", edge: true, rank: 70 },
  web_app: { entry: "Users", edge: true, rank: 0 },
};

/** Services each shape adds, per cloud (on top of the capability mapping). */
export const SHAPE_SERVICES: Record<Cloud, Partial<Record<WorkloadShape, ServiceUse[]>>> = {
  cloudflare: {
    lift_and_shift: [use("tunnel", "private link to the existing origin"), use("origin", "existing app")],
    realtime_udp: [
      use("spectrum", "UDP proxy + DDoS in front of game servers"),
      use("game_servers", "UDP servers stay on VMs (Workers has no UDP)"),
      // Spectrum proxies to one origin; a fleet in several places needs health-checked steering between pools.
      use("load_balancing", "steers each client to the nearest healthy server pool"),
    ],
    webrtc: [use("realtime", "1:1 / group calls (SFU + TURN)"), use("durable_objects", "signaling + rooms")],
    ml_training: [
      use("r2", "datasets + checkpoints, zero egress"),
      use("gpu_training", "GPU training runs"),
      use("workers_ai", "serve the fine-tuned LoRA"),
      use("workflows", "training pipeline steps"),
    ],
    iot: [
      use("pipelines", "telemetry into R2 as Iceberg"),
      use("r2", "telemetry archive"),
      use("r2_catalog", "SQL over telemetry history"),
    ],
    media: [use("r2", "source uploads")],
    saas_custom_domains: [use("for_saas", "tenant custom domains + TLS"), use("kv", "hostname → tenant map")],
    llm_rag: [
      use("vectorize", "RAG embeddings"),
      use("ai_search", "managed RAG over R2"),
      use("r2", "source documents"),
    ],
    realtime_ws: [use("durable_objects", "WebSocket rooms (Hibernation API)")],
    etl_warehouse: [
      use("workflows", "hourly extract → load steps"),
      use("cron", "extract schedule"),
      use("r2", "raw + curated data lake"),
      use("r2_catalog", "Iceberg warehouse tables, SQL queries"),
    ],
    stream_ingestion: [
      use("pipelines", "ingest → R2 (Parquet/Iceberg)"),
      use("r2", "log/event lake"),
      use("r2_catalog", "query with R2 SQL"),
      use("queues", "buffer for alerts"),
    ],
    bot_webhook: [use("queues", "ack fast, process async"), use("kv", "tokens + dedup keys")],
    batch_job: [
      use("cron", "schedule"),
      use("workflows", "job steps with retries"),
      use("queues", "fan-out of job items"),
      use("r2", "job outputs"),
    ],
    internal_tool: [use("access", "staff SSO in front of the tool")],
    static_site: [use("static_assets", "site pages + assets")],
  },
  aws: {
    lift_and_shift: [use("alb", "load balancer for the migrated app"), use("fargate", "containerized app")],
    realtime_udp: [
      use("ec2_nodes", "UDP servers"),
      use("nlb", "UDP load balancing"),
      use("global_accelerator", "anycast UDP entry"),
      use("dynamodb", "session state"),
    ],
    webrtc: [
      use("chime_sdk", "WebRTC calls (SFU) + signalling and meetings API"),
      use("dynamodb", "rooms, participants + call records"),
    ],
    ml_training: [
      use("s3", "datasets + checkpoints"),
      use("sagemaker", "GPU training jobs"),
      use("step_functions", "pipeline"),
    ],
    iot: [
      use("iot_core", "device telemetry"),
      use("data_firehose", "telemetry → S3"),
      use("s3", "telemetry archive"),
      use("dynamodb", "device state + latest readings"),
      use("athena", "SQL over telemetry history"),
    ],
    media: [use("s3", "source uploads")],
    saas_custom_domains: [use("cf_saas", "tenant custom domains + certs"), use("dynamodb", "tenant config")],
    llm_rag: [use("bedrock", "LLM + Bedrock Knowledge Bases"), use("s3", "source documents")],
    realtime_ws: [use("apigw_ws", "WebSocket connections"), use("dynamodb", "connection + room state")],
    etl_warehouse: [
      use("step_functions", "ETL orchestration"),
      use("scheduler", "hourly schedule"),
      use("glue", "extract + transform jobs"),
      use("s3", "data lake"),
      use("redshift", "warehouse"),
      use("athena", "ad-hoc SQL on the lake"),
    ],
    stream_ingestion: [
      use("kinesis", "stream ingest"),
      use("data_firehose", "batch to S3 (Parquet)"),
      use("s3", "log/event lake"),
      use("athena", "SQL on the lake"),
    ],
    bot_webhook: [use("sqs", "ack fast, process async"), use("dynamodb", "tokens + dedup keys")],
    batch_job: [
      use("scheduler", "schedule"),
      use("step_functions", "job steps with retries"),
      use("sqs", "fan-out of job items"),
      use("s3", "job outputs"),
    ],
    internal_tool: [use("identity_center", "staff SSO")],
    static_site: [use("s3", "site files")],
  },
  gcp: {
    lift_and_shift: [use("cloud_run", "containerized app")],
    realtime_udp: [
      use("gce", "UDP servers"),
      use("network_lb", "UDP load balancing"),
      use("firestore", "session state"),
    ],
    webrtc: [use("webrtc_sfu", "self-run SFU + TURN"), use("firestore", "signaling + rooms")],
    ml_training: [
      use("gcs", "datasets + checkpoints"),
      use("vertex_training", "GPU training jobs"),
      use("workflows", "pipeline"),
    ],
    iot: [
      use("pubsub", "device telemetry ingest"),
      use("dataflow", "stream processing"),
      use("bigquery", "telemetry analytics"),
    ],
    media: [use("gcs", "source uploads")],
    saas_custom_domains: [
      use("cert_manager", "tenant custom domains + certs"),
      use("firestore", "tenant config"),
    ],
    llm_rag: [
      use("vertex", "Gemini models"),
      use("vector_search", "RAG embeddings"),
      use("gcs", "source documents"),
    ],
    realtime_ws: [use("firestore", "real-time listeners")],
    etl_warehouse: [
      use("composer", "ETL orchestration (Airflow)"),
      use("scheduler", "hourly schedule"),
      use("dataflow", "extract + transform"),
      use("gcs", "landing zone"),
      use("bigquery", "warehouse"),
    ],
    stream_ingestion: [
      use("pubsub", "stream ingest"),
      use("dataflow", "stream processing"),
      use("bigquery", "log/event analytics"),
      use("gcs", "raw archive"),
    ],
    bot_webhook: [use("cloud_tasks", "ack fast, process async"), use("firestore", "tokens + dedup keys")],
    batch_job: [
      use("scheduler", "schedule"),
      use("cloud_run_jobs", "batch containers"),
      use("workflows", "job steps with retries"),
      use("cloud_tasks", "fan-out of job items"),
      use("gcs", "job outputs"),
    ],
    internal_tool: [use("iap", "staff SSO")],
    // The site's files sit in a bucket behind the Cloud CDN + load balancer edge: Firebase Hosting on top
    // would serve (and bill) the same bytes twice.
    static_site: [use("gcs", "site files")],
  },
  azure: {
    lift_and_shift: [use("app_service", "migrated web app")],
    realtime_udp: [
      use("vms", "UDP servers"),
      use("azure_lb", "UDP load balancing"),
      use("cosmos", "session state"),
    ],
    webrtc: [
      use("acs_calling", "WebRTC calls"),
      use("web_pubsub", "signaling"),
      use("cosmos", "rooms, participants + call records"),
    ],
    ml_training: [use("blob", "datasets + checkpoints"), use("azure_ml", "GPU training jobs")],
    iot: [
      use("iot_hub", "device telemetry"),
      use("event_hubs", "telemetry stream + Data Explorer"),
      use("adls", "raw telemetry archive"),
    ],
    media: [use("blob", "source uploads")],
    saas_custom_domains: [
      use("front_door", "tenant custom domains + managed certs"),
      use("app_service", "multi-tenant web app"),
      use("cosmos", "tenant config"),
    ],
    llm_rag: [
      use("openai", "LLM"),
      use("ai_search", "vector + hybrid index"),
      use("blob", "source documents"),
    ],
    realtime_ws: [use("web_pubsub", "WebSocket hub"), use("cosmos", "room / document state")],
    etl_warehouse: [
      use("data_factory", "extract + orchestration"),
      use("adls", "data lake"),
      use("fabric", "warehouse"),
    ],
    stream_ingestion: [
      use("event_hubs", "stream ingest + Data Explorer"),
      use("stream_analytics", "stream processing"),
      use("adls", "raw archive"),
    ],
    bot_webhook: [use("service_bus", "ack fast, process async"), use("cosmos", "tokens + dedup keys")],
    batch_job: [
      use("timer", "schedule"),
      use("durable_functions", "job steps with retries"),
      use("service_bus", "fan-out of job items"),
      use("blob", "job outputs"),
    ],
    internal_tool: [use("entra_id", "staff SSO"), use("app_service", "internal web app")],
    web_app: [use("app_service", "web app host")],
    static_site: [use("blob", "Static Web Apps content")],
  },
  vercel: {
    lift_and_shift: [use("origin", "existing backend stays on its host")],
    realtime_udp: [
      use("partner_game", "UDP game servers (Vercel has no UDP)"),
      use("upstash_redis", "lobbies + session state"),
    ],
    webrtc: [use("livekit", "WebRTC calls + signalling and rooms (no native WebRTC)")],
    ml_training: [use("gpu_partner", "GPU training (no training on Vercel)"), use("blob", "datasets")],
    iot: [use("queues", "telemetry buffer")],
    media: [use("blob", "source uploads")],
    saas_custom_domains: [
      use("domains", "tenant custom domains + certs"),
      use("edge_config", "hostname → tenant map"),
    ],
    llm_rag: [use("ai_gateway", "LLM calls"), use("upstash_vector", "RAG embeddings")],
    realtime_ws: [use("pusher", "WebSocket channels")],
    etl_warehouse: [
      use("cron", "hourly extract"),
      use("warehouse", "warehouse (partner)"),
      use("blob", "landing files"),
    ],
    stream_ingestion: [
      use("queues", "ingest buffer"),
      use("log_drains", "function + request logs out"),
      use("log_partner", "log/event analytics (partner)"),
    ],
    bot_webhook: [use("queues", "ack fast, process async"), use("upstash_redis", "tokens + dedup keys")],
    batch_job: [
      use("cron", "schedule"),
      use("workflow", "job steps with retries"),
      use("queues", "fan-out of job items"),
      use("blob", "job outputs"),
    ],
    internal_tool: [use("deployment_protection", "staff SSO")],
    static_site: [use("vercel_cdn", "static pages")],
  },
};

/** Services hard requirements add, per cloud. */
export const REQUIREMENT_SERVICES: Record<
  "compliance" | "residency" | "strongConsistency" | "multiRegion",
  Record<Cloud, ServiceUse[]>
> = {
  compliance: {
    cloudflare: [
      use("logpush", "audit + access logs to SIEM"),
      use("waf", "WAF (PCI/HIPAA control)"),
      use("access", "SSO for admins"),
    ],
    aws: [use("kms", "encryption keys + audit trail"), use("waf", "WAF")],
    gcp: [use("kms", "CMEK + audit logs"), use("armor", "WAF")],
    azure: [use("key_vault", "keys + audit logs"), use("azure_waf", "WAF")],
    vercel: [use("log_drains", "audit logs to SIEM"), use("firewall", "WAF")],
  },
  residency: {
    cloudflare: [use("dls", "Regional Services: data decrypted + processed in-region")],
    aws: [],
    gcp: [],
    azure: [],
    vercel: [],
  },
  strongConsistency: {
    cloudflare: [use("durable_objects", "strongly consistent state (single writer)")],
    aws: [use("aurora_dsql", "strongly consistent SQL")],
    gcp: [use("spanner", "strongly consistent SQL")],
    azure: [use("cosmos", "Cosmos DB (strong consistency)")],
    vercel: [use("neon", "single-primary Postgres (strong)")],
  },
  multiRegion: {
    cloudflare: [
      use("durable_objects", "state survives a region loss"),
      use("load_balancing", "origin failover"),
    ],
    aws: [use("aurora_dsql", "multi-Region active-active"), use("dynamodb", "Global Tables")],
    gcp: [use("spanner", "multi-region instance")],
    azure: [use("cosmos", "multi-region writes")],
    vercel: [use("neon", "read replicas per region")],
  },
};

/**
 * Services every plan of a shape contains on a cloud whatever hosts it (a named stack included): a migrated
 * estate is backed up, a multi-tenant SaaS stores each tenant's files and signs its users in, a webhook
 * worker keeps the third-party tokens it calls with in the cloud's secret store.
 */
export const SHAPE_CORE: Record<Cloud, Partial<Record<WorkloadShape, ServiceUse[]>>> = {
  cloudflare: {
    saas_custom_domains: [use("r2", "tenant files (per-tenant prefix), zero egress")],
    bot_webhook: [use("secrets_store", "third-party API tokens")],
  },
  aws: {
    lift_and_shift: [use("backup", "backups of the moved servers + databases")],
    saas_custom_domains: [
      use("s3", "tenant files (per-tenant prefix)"),
      use("acm", "tenant TLS certificates"),
      use("cognito", "tenant user sign-in"),
    ],
    bot_webhook: [use("secrets_manager", "third-party API tokens")],
  },
  gcp: {
    lift_and_shift: [use("backup_dr", "backups of the moved VMs + databases")],
    saas_custom_domains: [
      use("gcs", "tenant files (per-tenant prefix)"),
      use("identity_platform", "tenant user sign-in (multi-tenancy)"),
    ],
    bot_webhook: [use("secret_manager", "third-party API tokens")],
  },
  azure: {
    lift_and_shift: [use("azure_backup", "backups of the moved VMs + SQL")],
    saas_custom_domains: [
      use("blob", "tenant files (per-tenant container)"),
      use("entra_external", "tenant user sign-in"),
    ],
    bot_webhook: [use("key_vault", "third-party API tokens")],
  },
  vercel: {
    saas_custom_domains: [use("blob", "tenant files (per-tenant prefix)")],
  },
};
