/** Which services each capability uses per cloud, the core services of every design, constraint-driven
 * alternatives and how central each capability is when a diagram must fold. */
import { type Constraint } from "../../protocol/request_schema.ts";
import { type Capability } from "../capabilities.ts";
import { type Cloud } from "./facts.ts";

/** The core services every design has: the edge, the compute tier and the optional tiers the planner adds. */
export const CORE: Record<
  Cloud,
  { edge: string; compute: string; security: string; zeroTrust: string; cache: string }
> = {
  cloudflare: { edge: "cdn", compute: "workers", security: "waf", zeroTrust: "access", cache: "kv" },
  aws: {
    edge: "cloudfront",
    compute: "lambda",
    security: "waf",
    zeroTrust: "identity_center",
    cache: "elasticache",
  },
  gcp: { edge: "cloud_cdn", compute: "cloud_run", security: "armor", zeroTrust: "iap", cache: "memorystore" },
  azure: {
    edge: "front_door",
    compute: "functions",
    security: "azure_waf",
    zeroTrust: "entra_id",
    cache: "redis",
  },
  vercel: {
    edge: "vercel_cdn",
    compute: "functions",
    security: "firewall",
    zeroTrust: "deployment_protection",
    cache: "upstash_redis",
  },
};

/** A service a capability uses, with the role it plays (shown in the subtitle). */
export interface ServiceUse {
  service: string;
  role: string;
}

export const use = (service: string, role: string): ServiceUse => ({ service, role });

/** Capability → services, per cloud (the default choice; see `CONSTRAINT_OPTIONS` for alternatives). */
export const CAPABILITY_SERVICES: Record<Cloud, Record<Capability, ServiceUse[]>> = {
  cloudflare: {
    realtime: [use("durable_objects", "WebSocket rooms (Hibernation API)")],
    video: [use("stream", "video encode + delivery")],
    object_storage: [use("r2", "user uploads")],
    relational: [use("d1", "relational data")],
    kv: [use("kv", "sessions & config")],
    search: [use("vectorize", "AI Search hybrid index")],
    ai: [use("workers_ai", "LLM inference")],
    vector: [use("vectorize", "RAG embeddings")],
    iot: [use("durable_objects", "per-device state + batching"), use("queues", "telemetry buffer")],
    queues: [use("queues", "background jobs")],
    scheduled: [use("cron", "scheduled jobs")],
    email: [use("email", "transactional email")],
    analytics: [use("analytics_engine", "event analytics")],
    auth: [use("turnstile", "user sign-in"), use("kv", "sessions")],
    zero_trust: [use("access", "staff SSO")],
    payments: [use("stripe", "payments")],
    images: [use("images", "image variants")],
    static_site: [use("cdn", "Static Assets served free")],
    bot_protection: [use("waf", "bot protection")],
    waiting_room: [use("waiting_room", "virtual waiting room for on-sale spikes")],
    push: [use("push", "push notifications"), use("durable_objects", "in-app live notifications")],
    ocr: [use("workers_ai", "OCR / toMarkdown document extraction")],
    api_management: [use("waf", "API Shield: schema validation, per-key rate limits")],
    orchestration: [use("workflows", "multi-step jobs with retries")],
    sms: [use("sms", "SMS via Twilio from Workers")],
  },
  aws: {
    realtime: [use("apigw_ws", "WebSocket connections")],
    video: [use("mediaconvert", "VOD ladder")],
    object_storage: [use("s3", "user uploads")],
    relational: [use("rds", "relational data")],
    kv: [use("dynamodb", "sessions & config")],
    search: [use("opensearch", "full-text search")],
    ai: [use("bedrock", "LLM inference")],
    vector: [use("opensearch", "vector index")],
    iot: [use("iot_core", "device telemetry")],
    queues: [use("sqs", "background jobs")],
    scheduled: [use("scheduler", "scheduled jobs")],
    email: [use("ses", "transactional email")],
    analytics: [use("firehose", "event analytics")],
    auth: [use("cognito", "user sign-in")],
    zero_trust: [use("identity_center", "staff SSO")],
    payments: [use("stripe", "payments")],
    images: [use("image_handler", "image variants")],
    static_site: [use("cloudfront", "S3 static origin")],
    bot_protection: [use("waf", "bot protection")],
    waiting_room: [use("waf", "rate-based rules (no managed waiting room)")],
    push: [use("sns_push", "mobile push")],
    ocr: [use("textract", "OCR / document extraction")],
    api_management: [use("api_gateway", "API keys, usage plans, throttling")],
    orchestration: [use("step_functions", "multi-step workflows")],
    sms: [use("sms", "SMS reminders")],
  },
  gcp: {
    realtime: [use("firestore", "real-time listeners")],
    video: [use("transcoder", "VOD ladder")],
    object_storage: [use("gcs", "user uploads")],
    relational: [use("cloud_sql", "relational data")],
    kv: [use("firestore", "sessions & config")],
    search: [use("vertex_search", "full-text search")],
    ai: [use("vertex", "LLM inference")],
    vector: [use("vector_search", "RAG embeddings")],
    iot: [use("pubsub", "device telemetry ingest")],
    queues: [use("cloud_tasks", "background jobs")],
    scheduled: [use("scheduler", "scheduled jobs")],
    email: [use("sendgrid", "transactional email")],
    analytics: [use("bigquery", "event analytics")],
    auth: [use("identity_platform", "user sign-in")],
    zero_trust: [use("iap", "staff SSO")],
    payments: [use("stripe", "payments")],
    images: [use("cloud_cdn", "image optimization (Preview)")],
    static_site: [use("cloud_cdn", "Cloud Storage static origin")],
    bot_protection: [use("armor", "bot protection")],
    waiting_room: [use("armor", "rate limiting (no managed waiting room)")],
    push: [use("fcm", "mobile push")],
    ocr: [use("document_ai", "OCR / document extraction")],
    api_management: [use("apigee", "API keys, quotas")],
    orchestration: [use("workflows", "multi-step workflows")],
    sms: [use("sms", "SMS via Twilio")],
  },
  azure: {
    realtime: [use("web_pubsub", "WebSocket hub")],
    video: [use("partner_video", "encode + delivery")],
    object_storage: [use("blob", "user uploads")],
    relational: [use("azure_sql", "relational data")],
    kv: [use("cosmos", "sessions & config")],
    search: [use("ai_search", "full-text search")],
    ai: [use("openai", "LLM inference")],
    vector: [use("ai_search", "vector index")],
    iot: [use("iot_hub", "device telemetry")],
    queues: [use("service_bus", "background jobs")],
    scheduled: [use("timer", "scheduled jobs")],
    email: [use("acs_email", "transactional email")],
    analytics: [use("event_hubs", "event analytics")],
    auth: [use("entra_external", "user sign-in")],
    zero_trust: [use("entra_id", "staff SSO")],
    payments: [use("stripe", "payments")],
    images: [use("fn_images", "image variants")],
    static_site: [use("front_door", "Static Web Apps origin")],
    bot_protection: [use("azure_waf", "bot protection")],
    waiting_room: [use("azure_waf", "rate limiting (no managed waiting room)")],
    push: [use("notification_hubs", "mobile push")],
    ocr: [use("doc_intelligence", "OCR / document extraction")],
    api_management: [use("apim", "API keys, quotas, developer portal")],
    orchestration: [use("durable_functions", "multi-step orchestrations")],
    sms: [use("sms", "SMS reminders")],
  },
  vercel: {
    realtime: [use("pusher", "WebSocket channels")],
    video: [use("mux", "encode + delivery")],
    object_storage: [use("blob", "user uploads")],
    relational: [use("neon", "relational data")],
    kv: [use("upstash_redis", "sessions & config")],
    search: [use("upstash_vector", "hybrid search")],
    ai: [use("ai_gateway", "LLM inference")],
    vector: [use("upstash_vector", "RAG embeddings")],
    iot: [use("queues", "device telemetry buffer")],
    queues: [use("queues", "background jobs")],
    scheduled: [use("cron", "scheduled jobs")],
    email: [use("resend", "transactional email")],
    analytics: [use("web_analytics", "event analytics")],
    auth: [use("clerk", "user sign-in")],
    zero_trust: [use("deployment_protection", "staff SSO")],
    payments: [use("stripe", "payments")],
    images: [use("image_opt", "image variants")],
    static_site: [use("vercel_cdn", "static pages")],
    bot_protection: [use("firewall", "bot protection")],
    waiting_room: [use("firewall", "rate limiting + attack challenge (no waiting room)")],
    push: [use("onesignal", "mobile push")],
    ocr: [use("ai_gateway", "vision model OCR via AI Gateway")],
    api_management: [use("firewall", "per-key rate limits (no API gateway product)")],
    orchestration: [use("workflow", "multi-step durable workflows")],
    sms: [use("sms", "SMS via Twilio")],
  },
};

/** Alternatives a constraint selects instead of the default mapping. */
export interface ConstraintOption {
  cloud: Cloud;
  capability: Capability;
  constraint: Constraint;
  use: ServiceUse[];
  why: string;
}

/** Constraint-driven choices between services. */
export const CONSTRAINT_OPTIONS: ConstraintOption[] = [
  {
    cloud: "aws",
    capability: "vector",
    constraint: "Cost Optimization",
    use: [use("s3_vectors", "RAG embeddings")],
    why: "S3 Vectors has no OCU floor (OpenSearch Serverless bills 2 OCUs minimum)",
  },
  {
    cloud: "gcp",
    capability: "queues",
    constraint: "Scalability",
    use: [use("pubsub", "background jobs")],
    why: "Pub/Sub scales throughput without per-queue dispatch limits",
  },
  {
    cloud: "gcp",
    capability: "realtime",
    constraint: "Scalability",
    use: [use("pubsub", "fan-out to WebSocket servers"), use("firestore", "presence")],
    why: "high fan-out moves off document listeners onto Pub/Sub",
  },
];

/** Capabilities ranked by how central they are to a design (higher first) when a diagram must be folded. */
export const CAPABILITY_RANK: Record<Capability, number> = {
  realtime: 90,
  video: 88,
  iot: 87,
  ai: 86,
  relational: 84,
  object_storage: 80,
  vector: 78,
  kv: 70,
  queues: 66,
  search: 62,
  images: 56,
  zero_trust: 54,
  bot_protection: 52,
  auth: 50,
  analytics: 46,
  payments: 42,
  scheduled: 36,
  email: 32,
  static_site: 10,
  waiting_room: 58,
  push: 40,
  ocr: 74,
  api_management: 64,
  orchestration: 60,
  sms: 38,
};
