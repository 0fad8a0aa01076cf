/**
 * The priced service catalog: the one data module for prices, usage assumptions, regions, brand colours and
 * the capability → service mapping of every cloud. The planner computes everything from these numbers; to
 * update a price, change it here.
 *
 * Every number is a `Fact` with its source URL. `origin: "reference"` means the figure is in
 * `../shared/reference/cloud-services.md` (gathered 2026 from the provider pages listed there);
 * `origin: "provider"` means it is not in the shared reference. Every provider figure was checked (`checked`)
 * against stored copies of public pages: `verified: true` means a stored page (`evidence`, which may be a
 * third-party copy or transcription of the provider's page) showed this value — corrected values say so in
 * `note`; `verified: false` means no stored page confirmed it and the value is still as first recalled —
 * re-check those before quoting them to a customer. Where sources conflict, `note` says which value was
 * picked and why.
 */
import type { Capability } from "./capabilities.ts";
import type { NodeType } from "../protocol/events.ts";
import type { Competitor, Constraint, Region, Scale } from "../protocol/request_schema.ts";

/** A cloud the planner can design for. */
export type Cloud = "cloudflare" | "aws" | "gcp" | "azure" | "vercel";
/** A competitor cloud. */
export type CompetitorCloud = Exclude<Cloud, "cloudflare">;

/** The cloud behind each competitor choice. */
export const COMPETITOR_CLOUD: Record<Competitor, CompetitorCloud> = {
  AWS: "aws",
  GCP: "gcp",
  Azure: "azure",
  Vercel: "vercel",
};

/** Display names of the clouds. */
export const CLOUD_NAMES: Record<Cloud, string> = {
  cloudflare: "Cloudflare",
  aws: "AWS",
  gcp: "Google Cloud",
  azure: "Azure",
  vercel: "Vercel",
};

/** A number with its provenance. */
export interface Fact {
  value: number;
  unit: string;
  source: string;
  origin: "reference" | "provider";
  note?: string;
  /** Provider figures only: when the figure was last checked against stored copies of public pages. */
  checked?: string;
  /** Provider figures only: whether a stored page confirmed the value (`false`: unverified, as first recalled). */
  verified?: boolean;
  /** Provider figures only: the stored page where the checked value was read (may differ from `source`). */
  evidence?: string;
}

const ref = (value: number, unit: string, source: string, note?: string): Fact => ({
  value,
  unit,
  source,
  origin: "reference",
  ...(note ? { note } : {}),
});
/** Month of the last check of the provider figures against stored copies of public pages. */
const CHECKED = "2026-11";
const UNVERIFIED = "Unverified: no stored copy of a pricing page confirmed this figure (checked 2026-11).";
/** Provider figure that a stored page (`evidence`) confirmed, or that was corrected to what it showed. */
const chk = (value: number, unit: string, source: string, evidence: string, note?: string): Fact => ({
  value,
  unit,
  source,
  origin: "provider",
  checked: CHECKED,
  verified: true,
  evidence,
  ...(note ? { note } : {}),
});
/** Provider figure no stored page could confirm: kept as first recalled and flagged unverified. */
const prov = (value: number, unit: string, source: string, note?: string): Fact => ({
  value,
  unit,
  source,
  origin: "provider",
  checked: CHECKED,
  verified: false,
  note: note ? `${UNVERIFIED} ${note}` : UNVERIFIED,
});

// ---------------------------------------------------------------------------------------------------------
// Sources
const CF = "https://developers.cloudflare.com";
const SRC = {
  cfWorkers: `${CF}/workers/platform/pricing/`,
  cfLimits: `${CF}/workers/platform/limits/`,
  cfKv: `${CF}/kv/platform/pricing/`,
  cfD1: `${CF}/d1/platform/pricing/`,
  cfD1Limits: `${CF}/d1/platform/limits/`,
  cfR2: `${CF}/r2/pricing/`,
  cfDo: `${CF}/durable-objects/platform/pricing/`,
  cfQueues: `${CF}/queues/platform/pricing/`,
  cfStream: `${CF}/stream/pricing/`,
  cfImages: `${CF}/images/pricing/`,
  cfVectorize: `${CF}/vectorize/platform/pricing/`,
  cfWorkersAi: `${CF}/workers-ai/platform/pricing/`,
  cfAnalyticsEngine: `${CF}/analytics/analytics-engine/pricing/`,
  cfZeroTrust: "https://www.cloudflare.com/plans/zero-trust-services/",
  cfPlans: "https://www.cloudflare.com/plans/",
  cfEmail: `${CF}/email-routing/`,
  cfEmailService: `${CF}/email-service/`,
  cfNetwork: "https://www.cloudflare.com/network/",
  cfColdStarts: "https://blog.cloudflare.com/eliminating-cold-starts-2-shard-and-conquer/",
  awsLambda: "https://aws.amazon.com/lambda/pricing/",
  awsLambdaColdStarts: "https://docs.aws.amazon.com/lambda/latest/operatorguide/execution-environments.html",
  awsLambdaQuotas: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
  awsApiGw: "https://aws.amazon.com/api-gateway/pricing/",
  awsCloudFront: "https://aws.amazon.com/cloudfront/pricing/",
  awsS3: "https://aws.amazon.com/s3/pricing/",
  awsDynamo: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  awsRds: "https://aws.amazon.com/rds/postgresql/pricing/",
  awsElastiCache: "https://aws.amazon.com/elasticache/pricing/",
  awsSqs: "https://aws.amazon.com/sqs/pricing/",
  awsSes: "https://aws.amazon.com/ses/pricing/",
  awsScheduler: "https://aws.amazon.com/eventbridge/pricing/",
  awsIot: "https://aws.amazon.com/iot-core/pricing/",
  awsIvs: "https://aws.amazon.com/ivs/pricing/",
  awsMediaConvert: "https://aws.amazon.com/mediaconvert/pricing/",
  awsCognito: "https://aws.amazon.com/cognito/pricing/",
  awsWaf: "https://aws.amazon.com/waf/pricing/",
  awsShield: "https://aws.amazon.com/shield/pricing/",
  awsVerifiedAccess: "https://aws.amazon.com/verified-access/pricing/",
  awsBedrock: "https://aws.amazon.com/bedrock/pricing/",
  awsOpenSearch: "https://aws.amazon.com/opensearch-service/pricing/",
  awsFirehose: "https://aws.amazon.com/firehose/pricing/",
  awsAthena: "https://aws.amazon.com/athena/pricing/",
  gcpRun: "https://cloud.google.com/run/pricing",
  gcpCdn: "https://cloud.google.com/cdn/pricing",
  gcpLb: "https://cloud.google.com/load-balancing/pricing",
  gcpStorage: "https://cloud.google.com/storage/pricing",
  gcpSql: "https://cloud.google.com/sql/pricing",
  gcpFirestore: "https://cloud.google.com/firestore/pricing",
  gcpMemorystore: "https://cloud.google.com/memorystore/docs/redis/pricing",
  gcpTasks: "https://cloud.google.com/tasks/pricing",
  gcpPubSub: "https://cloud.google.com/pubsub/pricing",
  gcpScheduler: "https://cloud.google.com/scheduler/pricing",
  gcpBigQuery: "https://cloud.google.com/bigquery/pricing",
  gcpIdentityPlatform: "https://cloud.google.com/identity-platform/pricing",
  gcpIap: "https://cloud.google.com/iap/pricing",
  gcpArmor: "https://cloud.google.com/armor/pricing",
  gcpVertex: "https://cloud.google.com/vertex-ai/generative-ai/pricing",
  gcpVectorSearch: "https://cloud.google.com/vertex-ai/pricing#vectorsearch",
  gcpVertexSearch: "https://cloud.google.com/generative-ai-app-builder/pricing",
  gcpTranscoder: "https://cloud.google.com/transcoder/pricing",
  sendgrid: "https://sendgrid.com/en-us/pricing",
  azFunctions: "https://azure.microsoft.com/pricing/details/functions/",
  azFrontDoor: "https://azure.microsoft.com/pricing/details/frontdoor/",
  azBlob: "https://azure.microsoft.com/pricing/details/storage/blobs/",
  azBandwidth: "https://azure.microsoft.com/pricing/details/bandwidth/",
  azPostgres: "https://azure.microsoft.com/pricing/details/postgresql/flexible-server/",
  azCosmos: "https://azure.microsoft.com/pricing/details/cosmos-db/serverless/",
  azRedis: "https://azure.microsoft.com/pricing/details/cache/",
  azWebPubSub: "https://azure.microsoft.com/pricing/details/web-pubsub/",
  azServiceBus: "https://azure.microsoft.com/pricing/details/service-bus/",
  azEmail: "https://azure.microsoft.com/pricing/details/communication-services/",
  azEventHubs: "https://azure.microsoft.com/pricing/details/event-hubs/",
  azExternalId: "https://azure.microsoft.com/pricing/details/microsoft-entra-external-id/",
  azEntra: "https://www.microsoft.com/security/business/microsoft-entra-pricing",
  azDdos: "https://azure.microsoft.com/pricing/details/ddos-protection/",
  azOpenAi: "https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/",
  azSearch: "https://azure.microsoft.com/pricing/details/search/",
  azIotHub: "https://azure.microsoft.com/pricing/details/iot-hub/",
  azMediaRetirement:
    "https://learn.microsoft.com/azure/media-services/latest/azure-media-services-retirement",
  mux: "https://www.mux.com/pricing/video",
  vercelPricing: "https://vercel.com/pricing",
  vercelBlog: "https://vercel.com/blog/improved-infrastructure-pricing",
  vercelFluid: "https://vercel.com/blog/introducing-active-cpu-pricing-for-fluid-compute",
  vercelBlob: "https://vercel.com/docs/vercel-blob/usage-and-pricing",
  vercelImages: "https://vercel.com/docs/image-optimization/limits-and-pricing",
  vercelAnalytics: "https://vercel.com/docs/analytics/limits-and-pricing",
  vercelProtection: "https://vercel.com/docs/security/deployment-protection",
  upstash: "https://upstash.com/pricing",
  neon: "https://neon.com/pricing",
  pusher: "https://pusher.com/channels/pricing/",
  resend: "https://resend.com/pricing",
  clerk: "https://clerk.com/pricing",
  openaiPricing: "https://openai.com/api/pricing/",
  infracost: "https://github.com/infracost/infracost (infracost-usage-defaults.small.yml / .medium.yml)",
} as const;

// ---------------------------------------------------------------------------------------------------------
// Prices (USD, list, US regions unless noted)

/** Cloudflare prices (Workers Paid plan; no egress charges on Workers, KV, D1, Queues, Vectorize, R2). */
export const CLOUDFLARE_PRICES = {
  workersPaidMonthly: ref(5, "USD/account/month (minimum)", SRC.cfWorkers),
  workersIncludedRequests: ref(10_000_000, "requests/month included", SRC.cfWorkers),
  workersRequestPerM: ref(0.30, "USD per 1M requests", SRC.cfWorkers),
  workersIncludedCpuMs: ref(30_000_000, "CPU-ms/month included", SRC.cfWorkers),
  workersCpuPerMMs: ref(0.02, "USD per 1M CPU-ms", SRC.cfWorkers),
  egressPerGb: ref(0, "USD/GB (no egress charges)", SRC.cfR2),
  kvIncludedReads: ref(10_000_000, "reads/month included", SRC.cfKv),
  kvReadPerM: ref(0.50, "USD per 1M reads", SRC.cfKv),
  kvIncludedWrites: ref(1_000_000, "writes/month included", SRC.cfKv),
  kvWritePerM: ref(5.00, "USD per 1M writes/deletes/lists", SRC.cfKv),
  kvIncludedGb: ref(1, "GB included", SRC.cfKv),
  kvStoragePerGb: ref(0.50, "USD/GB-month", SRC.cfKv),
  d1IncludedRowsRead: ref(25_000_000_000, "rows read/month included", SRC.cfD1),
  d1RowsReadPerM: ref(0.001, "USD per 1M rows read", SRC.cfD1),
  d1IncludedRowsWritten: ref(50_000_000, "rows written/month included", SRC.cfD1),
  d1RowsWrittenPerM: ref(1.00, "USD per 1M rows written", SRC.cfD1),
  d1IncludedGb: ref(5, "GB included", SRC.cfD1),
  d1StoragePerGb: ref(0.75, "USD/GB-month", SRC.cfD1),
  d1MaxDbGb: ref(10, "GB per database", SRC.cfD1Limits),
  r2StoragePerGb: ref(0.015, "USD/GB-month", SRC.cfR2),
  r2IncludedGb: ref(10, "GB-month free", SRC.cfR2),
  r2ClassAPerM: ref(4.50, "USD per 1M Class A ops", SRC.cfR2),
  r2IncludedClassA: ref(1_000_000, "Class A ops free", SRC.cfR2),
  r2ClassBPerM: ref(0.36, "USD per 1M Class B ops", SRC.cfR2),
  r2IncludedClassB: ref(10_000_000, "Class B ops free", SRC.cfR2),
  doIncludedRequests: ref(1_000_000, "requests/month included", SRC.cfDo),
  doRequestPerM: ref(0.15, "USD per 1M requests", SRC.cfDo),
  doWsMessagesPerRequest: ref(20, "WebSocket messages billed as 1 request", SRC.cfDo),
  doIncludedGbS: ref(400_000, "GB-s/month included", SRC.cfDo),
  doGbSPerM: ref(12.50, "USD per 1M GB-s", SRC.cfDo),
  doIncludedGb: ref(5, "GB SQLite storage included", SRC.cfDo),
  doStoragePerGb: ref(0.20, "USD/GB-month", SRC.cfDo),
  queuesIncludedOps: ref(1_000_000, "operations/month included", SRC.cfQueues),
  queuesOpPerM: ref(0.40, "USD per 1M operations", SRC.cfQueues),
  queuesOpsPerMessage: ref(3, "operations per message (write, read, delete)", SRC.cfQueues),
  streamStoredPer1kMin: ref(5, "USD per 1,000 minutes stored", SRC.cfStream),
  streamDeliveredPer1kMin: ref(
    1,
    "USD per 1,000 minutes delivered",
    SRC.cfStream,
    "encoding and ingest free",
  ),
  imagesIncludedTransforms: ref(5_000, "unique transformations/month free", SRC.cfImages),
  imagesTransformPer1k: ref(0.50, "USD per 1,000 unique transformations", SRC.cfImages),
  vectorizeQueriedPerM: ref(
    0.01,
    "USD per 1M queried vector dimensions",
    SRC.cfVectorize,
    "Conflict: older page $0.040/M dimensions; picked the newer $0.01/M queried + $0.05/100M stored.",
  ),
  vectorizeStoredPer100M: ref(0.05, "USD per 100M stored vector dimensions", SRC.cfVectorize),
  vectorizeIncludedQueried: chk(
    50_000_000,
    "queried dimensions/month included (Workers Paid)",
    SRC.cfVectorize,
    "https://github.com/cloudflare/cloudflare-docs/blob/production/src/content/partials/workers/vectorize-pricing.mdx",
    "The stored revision still shows the older $0.040/M rate; the 50M/10M allowances are the same.",
  ),
  vectorizeIncludedStored: chk(
    10_000_000,
    "stored dimensions included (Workers Paid)",
    SRC.cfVectorize,
    "https://github.com/cloudflare/cloudflare-docs/blob/production/src/content/partials/workers/vectorize-pricing.mdx",
  ),
  workersAiPer1kNeurons: ref(0.011, "USD per 1,000 Neurons", SRC.cfWorkersAi),
  workersAiFreeNeuronsPerDay: ref(10_000, "Neurons/day free", SRC.cfWorkersAi),
  workersAiLlama8bInPerM: chk(
    0.045,
    "USD per 1M input tokens (@cf/meta/llama-3.1-8b-instruct-fp8-fast)",
    SRC.cfWorkersAi,
    "https://github.com/cloudflare/cloudflare-docs/blob/production/src/content/docs/workers-ai/platform/pricing.mdx",
  ),
  workersAiLlama8bOutPerM: chk(
    0.384,
    "USD per 1M output tokens (@cf/meta/llama-3.1-8b-instruct-fp8-fast)",
    SRC.cfWorkersAi,
    "https://github.com/cloudflare/cloudflare-docs/blob/production/src/content/docs/workers-ai/platform/pricing.mdx",
  ),
  analyticsEngineIncluded: ref(10_000_000, "data points/month included", SRC.cfAnalyticsEngine),
  analyticsEnginePerM: ref(0.25, "USD per 1M data points", SRC.cfAnalyticsEngine),
  zeroTrustFreeUsers: ref(50, "users free", SRC.cfZeroTrust),
  zeroTrustPerUser: ref(
    7,
    "USD/user/month beyond the free tier",
    SRC.cfZeroTrust,
    "third-party figure in the reference",
  ),
  proPlanMonthly: chk(
    20,
    "USD/zone/month (Pro, billed annually): WAF managed rules, Super Bot Fight Mode",
    SRC.cfPlans,
    "https://betterlink-blog.pages.dev/en/posts/dev/20251201-cloudflare-pricing-compare",
    "Also tutorials.dodatech.com/cloudflare/billing-plans/ ($20 Pro, $200 Business).",
  ),
  businessPlanMonthly: chk(
    200,
    "USD/zone/month (Business, billed annually)",
    SRC.cfPlans,
    "https://betterlink-blog.pages.dev/en/posts/dev/20251201-cloudflare-pricing-compare",
    "Bot Management and Enterprise WAF are contract-priced; Business list price used as the floor.",
  ),
  emailSendingPer1k: chk(
    0.35,
    "USD per 1,000 emails beyond the included 3,000/month (Email Sending, Workers Paid)",
    SRC.cfEmailService,
    "https://mdview.io/s/b70f170b",
    "Corrected from 0 (recorded as 'no published price'). Email Sending is in public beta since Apr 2026 (developers.cloudflare.com/changelog/post/2026-04-16-email-sending-public-beta/): 3,000 emails/month included on Workers Paid, then $0.35 per 1,000 (also github.com/idinging/freemail/issues/53). Email Routing stays free.",
  ),
  emailSendingIncluded: chk(
    3_000,
    "emails/month included in Workers Paid (Email Sending)",
    SRC.cfEmailService,
    "https://mdview.io/s/b70f170b",
    "Same sources as emailSendingPer1k; the planner should bill only emails above this allowance.",
  ),
  cities: ref(330, "cities with Cloudflare data centers (330+)", SRC.cfNetwork),
  isolateWarmMs: ref(5, "ms: Workers isolates warm in under 5 ms", SRC.cfColdStarts),
} as const;

/** CloudFront per-GB data transfer out to the internet, by edge zone, for each volume tier. */
export const CLOUDFRONT_EGRESS_TIERS = {
  /** Tier sizes in GB: first 10 TB, next 40 TB, next 100 TB, next 350 TB, next 524 TB, next 4 PB, rest. */
  tierGb: [10_240, 40_960, 102_400, 358_400, 536_576, 4_194_304, Infinity],
  zones: {
    us_eu: [0.085, 0.080, 0.060, 0.040, 0.030, 0.025, 0.020],
    south_america: [0.110, 0.105, 0.090, 0.080, 0.060, 0.050, 0.040],
    japan: [0.114, 0.089, 0.086, 0.084, 0.080, 0.070, 0.060],
    australia: [0.114, 0.098, 0.094, 0.092, 0.090, 0.085, 0.080],
    asia: [0.120, 0.100, 0.095, 0.090, 0.080, 0.070, 0.060],
    india: [0.109, 0.085, 0.082, 0.080, 0.078, 0.075, 0.072],
  },
  zoneLabels: {
    us_eu: "US/EU",
    south_america: "South America",
    japan: "Japan",
    australia: "Australia",
    asia: "Asia (SG/HK/KR)",
    india: "India",
  },
  source: SRC.awsCloudFront,
  origin: "reference",
  note:
    "First-10-TB rates are in the reference (US/EU $0.085, Japan $0.114, India $0.109, rest of Asia $0.120); " +
    "South America, Australia and the volume tiers are from the CloudFront pricing page.",
} as const;

/** A CloudFront edge zone. */
export type CloudFrontZone = keyof typeof CLOUDFRONT_EGRESS_TIERS.zones;

/** AWS prices (us-east-1 unless noted). */
export const AWS_PRICES = {
  lambdaRequestPerM: ref(0.20, "USD per 1M requests", SRC.awsLambda),
  lambdaGbS: ref(0.0000166667, "USD per GB-s (x86)", SRC.awsLambda),
  lambdaGbSArm: chk(
    0.0000133334,
    "USD per GB-s (arm64/Graviton, 20% less)",
    SRC.awsLambda,
    "https://aws.amazon.com/blogs/aws/aws-lambda-functions-powered-by-aws-graviton2-processor-run-your-functions-on-arm-and-get-up-to-34-better-price-performance/",
    "Arm duration is 20% below x86; the exact $0.0000133334 is also in git.mcrn.ar/mariano/lambda_local_runner (docs/lambdas-md/lambda-13-cost.md).",
  ),
  lambdaFreeRequests: ref(1_000_000, "requests/month free", SRC.awsLambda),
  lambdaFreeGbS: ref(400_000, "GB-s/month free", SRC.awsLambda),
  lambdaColdStartMinMs: ref(150, "ms typical Node.js cold start (low end)", SRC.awsLambdaColdStarts),
  lambdaColdStartMaxMs: ref(400, "ms typical Node.js cold start (high end)", SRC.awsLambdaColdStarts),
  lambdaColdStartShare: ref(1, "% of invocations with a cold start (under 1%, AWS)", SRC.awsLambdaColdStarts),
  lambdaConcurrencyQuota: chk(
    1_000,
    "default concurrent executions per region",
    SRC.awsLambdaQuotas,
    "https://docs.aws.amazon.com/lambda/latest/dg/limits.html",
    "New accounts start lower; AWS raises the quota with usage.",
  ),
  httpApiPerM: ref(1.00, "USD per 1M HTTP API requests (first 300M)", SRC.awsApiGw),
  httpApiPerMOver300M: chk(
    0.90,
    "USD per 1M HTTP API requests over 300M",
    SRC.awsApiGw,
    "https://amnic.com/blogs/aws-api-gateway-pricing",
    "Also apigatewaycost.com/aws ($0.90/M for the next 700M).",
  ),
  wsMessagePerM: ref(1.00, "USD per 1M WebSocket messages", SRC.awsApiGw),
  wsConnMinPerM: ref(0.25, "USD per 1M connection-minutes", SRC.awsApiGw),
  cloudFrontFreeGb: ref(1_024, "GB/month always free (1 TB)", SRC.awsCloudFront),
  cloudFrontFreeRequests: ref(10_000_000, "requests/month always free", SRC.awsCloudFront),
  cloudFrontHttpsPer10k: chk(
    0.0100,
    "USD per 10,000 HTTPS requests (US/EU rate)",
    SRC.awsCloudFront,
    "https://kindatechnical.com/aws-certification-associate-developer/lesson-87-cloudfront-pricing.html",
    "Third-party copy of the rate card; c3x.dev quotes ~$0.0075 (the HTTP rate), kept $0.0100 for HTTPS.",
  ),
  cloudFrontEdgeLocations: ref(400, "edge locations (400+)", SRC.awsCloudFront),
  s3StoragePerGb: ref(0.023, "USD/GB-month (Standard)", SRC.awsS3),
  s3PutPer1k: ref(0.005, "USD per 1,000 PUT/POST", SRC.awsS3),
  s3GetPer1k: ref(0.0004, "USD per 1,000 GET", SRC.awsS3),
  s3EgressPerGb: ref(0.09, "USD/GB data transfer out (first 10 TB)", SRC.awsS3),
  s3FreeEgressGb: ref(
    100,
    "GB/month free egress (pooled)",
    SRC.awsS3,
    "Conflict: older sources say 1 GB; picked the current 100 GB.",
  ),
  dynamoWritePerM: ref(
    0.625,
    "USD per 1M write request units (on-demand)",
    SRC.awsDynamo,
    "Conflict: $1.25 before the Nov 2024 price cut; picked the current $0.625.",
  ),
  dynamoReadPerM: ref(
    0.125,
    "USD per 1M read request units (on-demand)",
    SRC.awsDynamo,
    "Conflict: $0.25 before the Nov 2024 price cut; picked the current $0.125.",
  ),
  dynamoFreeGb: ref(25, "GB storage free", SRC.awsDynamo),
  dynamoStoragePerGb: ref(0.25, "USD/GB-month", SRC.awsDynamo),
  rdsT4gMicroMonthly: ref(11.68, "USD/month db.t4g.micro single-AZ", SRC.awsRds),
  rdsT4gMediumHourly: chk(
    0.065,
    "USD/hour db.t4g.medium single-AZ",
    SRC.awsRds,
    "https://infratally.com/articles/aws-rds-pricing-explained-2026.html",
  ),
  rdsR6gLargeHourly: prov(0.225, "USD/hour db.r6g.large single-AZ", SRC.awsRds),
  rdsR6gXlargeHourly: prov(0.45, "USD/hour db.r6g.xlarge single-AZ", SRC.awsRds),
  rdsGp3PerGb: ref(0.115, "USD/GB-month gp3", SRC.awsRds),
  rdsMinStorageGb: prov(20, "GB minimum gp3 allocation", SRC.awsRds),
  elastiCacheGbHour: ref(0.125, "USD/GB-hour (Serverless, Redis OSS), 1 GB minimum", SRC.awsElastiCache),
  elastiCacheValkeyDiscount: ref(0.33, "Valkey discount vs Redis OSS (≈33%)", SRC.awsElastiCache),
  sqsPerM: ref(0.40, "USD per 1M standard requests", SRC.awsSqs),
  sqsFreeRequests: chk(
    1_000_000,
    "requests/month free",
    SRC.awsSqs,
    "https://cloudburn.io/blog/amazon-sqs-pricing",
  ),
  sesPer1k: chk(
    0.10,
    "USD per 1,000 emails",
    SRC.awsSes,
    "https://www.acecloudinterviews.com/tutorials/aws/ses/",
  ),
  schedulerFreeInvocations: chk(
    14_000_000,
    "invocations/month free",
    SRC.awsScheduler,
    "https://cloudburn.io/blog/amazon-eventbridge-pricing",
  ),
  schedulerPerM: chk(
    1.00,
    "USD per 1M invocations",
    SRC.awsScheduler,
    "https://cloudburn.io/blog/amazon-eventbridge-pricing",
  ),
  iotMessagePerM: chk(
    1.00,
    "USD per 1M messages (first 1B)",
    SRC.awsIot,
    "https://raw.githubusercontent.com/api-evangelist/amazon-iot-core/refs/heads/main/plans/amazon-iot-core-plans-pricing.yml",
    "Transcribed from aws.amazon.com/iot-core/pricing on 2026-09-20 (worked example: $1 per 1M messages, first 1B).",
  ),
  iotMessagePerMOver1B: prov(
    0.80,
    "USD per 1M messages (next 4B)",
    SRC.awsIot,
    "A stored Tokyo rate card steps 1.20 → 0.96 (×0.8), consistent with 0.80 here, but no US figure was found.",
  ),
  iotConnMinPerM: chk(
    0.08,
    "USD per 1M connection-minutes",
    SRC.awsIot,
    "https://raw.githubusercontent.com/api-evangelist/amazon-iot-core/refs/heads/main/plans/amazon-iot-core-plans-pricing.yml",
    "Transcribed from aws.amazon.com/iot-core/pricing on 2026-09-20 ($0.08 per 1M connection-minutes).",
  ),
  ivsStandardInputHour: prov(2.00, "USD per hour of standard-channel input", SRC.awsIvs),
  ivsHdOutputHour: prov(0.075, "USD per viewer-hour of HD output (North America)", SRC.awsIvs),
  mediaConvertHdMin: prov(
    0.015,
    "USD per output minute (Basic tier, HD)",
    SRC.awsMediaConvert,
    "MediaConvert now bills normalized minutes with monthly volume tiers (AWS Media blog, 'Optimize costs with tiered pricing'); no per-minute Basic HD rate found.",
  ),
  cognitoFreeMau: chk(
    10_000,
    "MAU free (Lite/Essentials)",
    SRC.awsCognito,
    "https://raw.githubusercontent.com/api-evangelist/amazon-cognito/refs/heads/main/plans/amazon-cognito-plans-pricing.yml",
    "Transcribed from aws.amazon.com/cognito/pricing on 2026-09-20.",
  ),
  cognitoLitePerMau: chk(
    0.0055,
    "USD per MAU (Lite tier, first paid band)",
    SRC.awsCognito,
    "https://raw.githubusercontent.com/api-evangelist/amazon-cognito/refs/heads/main/plans/amazon-cognito-plans-pricing.yml",
    "Transcribed from aws.amazon.com/cognito/pricing on 2026-09-20 (Essentials $0.015, Plus $0.02).",
  ),
  wafWebAclMonthly: chk(
    5,
    "USD per web ACL/month",
    SRC.awsWaf,
    "https://c3x.dev/blog/aws-waf-cost-explained/",
    "Also awsnegotiations.com/waf-pricing-strategy.html.",
  ),
  wafRuleMonthly: chk(1, "USD per rule/month", SRC.awsWaf, "https://c3x.dev/blog/aws-waf-cost-explained/"),
  wafRequestPerM: chk(
    0.60,
    "USD per 1M requests inspected",
    SRC.awsWaf,
    "https://c3x.dev/blog/aws-waf-cost-explained/",
  ),
  wafBotControlMonthly: chk(
    10,
    "USD/month Bot Control (common)",
    SRC.awsWaf,
    "https://c3x.dev/blog/aws-waf-cost-explained/",
  ),
  wafBotControlPerM: chk(
    1.00,
    "USD per 1M requests inspected by Bot Control (after 10M free)",
    SRC.awsWaf,
    "https://c3x.dev/blog/aws-waf-cost-explained/",
    "The 10M-requests free allowance was not confirmed.",
  ),
  shieldAdvancedMonthly: chk(
    3_000,
    "USD/month Shield Advanced (1-year commitment)",
    SRC.awsShield,
    "https://awsnegotiations.com/shield-advanced-vs-standard.html",
  ),
  verifiedAccessAppHour: prov(0.27, "USD per application-hour", SRC.awsVerifiedAccess),
  bedrockLlama8bPerM: chk(
    0.22,
    "USD per 1M tokens in or out (Llama 3.1 8B Instruct)",
    SRC.awsBedrock,
    "https://cloudprice.net/models/friendliai/meta-llama-3.1-8b-instruct",
  ),
  openSearchOcuHour: chk(
    0.24,
    "USD per OCU-hour (Serverless)",
    SRC.awsOpenSearch,
    "https://c3x.dev/resources/aws/aws_opensearchserverless_collection/",
    "Also awsnegotiations.com/opensearch-serverless-cost.",
  ),
  openSearchMinOcu: chk(
    2,
    "OCUs minimum for a redundant collection (1 indexing + 1 search)",
    SRC.awsOpenSearch,
    "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-scaling.html",
    "With redundancy the floor is 1 OCU indexing (0.5 × 2) + 1 OCU search (0.5 × 2).",
  ),
  openSearchStoragePerGb: chk(
    0.024,
    "USD/GB-month managed storage",
    SRC.awsOpenSearch,
    "https://c3x.dev/resources/aws/aws_opensearchserverless_collection/",
  ),
  s3VectorsStoragePerGb: chk(
    0.06,
    "USD/GB-month (S3 Vectors)",
    SRC.awsS3,
    "https://www.exploreagentic.ai/insights/s3-vectors-enterprise-rag/",
    "caylent.com agrees ($0.06); oflight.co.jp quotes $0.05 — kept $0.06.",
  ),
  s3VectorsPutPerGb: chk(
    0.20,
    "USD per GB uploaded (S3 Vectors PUT)",
    SRC.awsS3,
    "https://www.exploreagentic.ai/insights/s3-vectors-enterprise-rag/",
  ),
  s3VectorsQueryPerM: chk(
    2.50,
    "USD per 1M query API calls (S3 Vectors)",
    SRC.awsS3,
    "https://www.oflight.co.jp/en/columns/aws-s3-vectors-ai-rag-cost-reduction-guide-2026",
    "A per-TB data-processed query charge is not modelled.",
  ),
  firehosePerGb: prov(0.029, "USD per GB ingested (first 500 TB)", SRC.awsFirehose),
  athenaPerTb: chk(
    5,
    "USD per TB scanned",
    SRC.awsAthena,
    "https://athena.guide/articles/athena-basics-pricing-model",
  ),
} as const;

/** Google Cloud prices (us-central1 / North America unless noted). */
export const GCP_PRICES = {
  runVcpuSecond: ref(0.000024, "USD per vCPU-second", SRC.gcpRun),
  runGibSecond: ref(0.0000025, "USD per GiB-second", SRC.gcpRun),
  runRequestPerM: ref(0.40, "USD per 1M requests", SRC.gcpRun),
  runFreeRequests: ref(2_000_000, "requests/month free", SRC.gcpRun),
  runFreeVcpuSeconds: chk(
    180_000,
    "vCPU-seconds/month free",
    SRC.gcpRun,
    "https://cloud.google.com/run/pricing",
  ),
  runFreeGibSeconds: chk(
    360_000,
    "GiB-seconds/month free",
    SRC.gcpRun,
    "https://cloud.google.com/run/pricing",
  ),
  cdnEgressPerGib: ref(0.08, "USD/GiB cache egress (North America, first 10 TiB)", SRC.gcpCdn),
  cdnLookupPer10k: chk(
    0.0075,
    "USD per 10,000 cache lookups",
    SRC.gcpCdn,
    "https://cloud.google.com/cdn/pricing",
  ),
  lbForwardingRuleHour: chk(
    0.025,
    "USD/hour per forwarding rule (first 5)",
    SRC.gcpLb,
    "https://cloud.google.com/load-balancing/pricing",
  ),
  storagePerGb: ref(0.020, "USD/GB-month (Standard)", SRC.gcpStorage),
  storageClassAPer1k: chk(
    0.005,
    "USD per 1,000 Class A ops",
    SRC.gcpStorage,
    "https://cloud.google.com/storage/pricing-examples",
  ),
  storageClassBPer1k: chk(
    0.0004,
    "USD per 1,000 Class B ops",
    SRC.gcpStorage,
    "https://cloud.google.com/storage/pricing-examples",
  ),
  storageEgressPerGb: ref(0.12, "USD/GB internet egress (≈)", SRC.gcpStorage),
  sqlVcpuHour: chk(
    0.0413,
    "USD per vCPU-hour (Cloud SQL Enterprise)",
    SRC.gcpSql,
    "https://www.usage.ai/blogs/gcp/cloud-sql/pricing/",
  ),
  sqlGbHour: chk(
    0.0070,
    "USD per GB RAM-hour (Cloud SQL Enterprise)",
    SRC.gcpSql,
    "https://www.usage.ai/blogs/gcp/cloud-sql/pricing/",
  ),
  sqlSsdPerGb: prov(0.17, "USD/GB-month SSD", SRC.gcpSql),
  firestoreReadPer100k: chk(
    0.03,
    "USD per 100,000 document reads (regional)",
    SRC.gcpFirestore,
    "https://airbyte.com/data-engineering-resources/google-firestore-pricing",
  ),
  firestoreWritePer100k: chk(
    0.09,
    "USD per 100,000 document writes (regional)",
    SRC.gcpFirestore,
    "https://airbyte.com/data-engineering-resources/google-firestore-pricing",
  ),
  firestoreStoragePerGib: prov(0.15, "USD/GiB-month (regional)", SRC.gcpFirestore),
  memorystoreBasicGbHour: prov(0.049, "USD/GB-hour (Basic M1)", SRC.gcpMemorystore),
  memorystoreStandardGbHour: prov(0.064, "USD/GB-hour (Standard HA M1)", SRC.gcpMemorystore),
  tasksPerM: ref(0.40, "USD per 1M operations", SRC.gcpTasks),
  tasksFreeOps: chk(
    1_000_000,
    "operations/month free",
    SRC.gcpTasks,
    "https://cloud.google.com/tasks/docs/pricing",
  ),
  pubsubPerTib: chk(
    40,
    "USD per TiB throughput (first 10 GiB free)",
    SRC.gcpPubSub,
    "https://cloud.google.com/pubsub/pricing",
  ),
  schedulerJobMonthly: chk(
    0.10,
    "USD per job/month (3 free)",
    SRC.gcpScheduler,
    "https://cloud.google.com/scheduler/pricing",
  ),
  bigQueryStreamingPerGb: chk(
    0.05,
    "USD per GB streamed ($0.01 per 200 MB)",
    SRC.gcpBigQuery,
    "https://cloud.google.com/bigquery/pricing",
    "Legacy streaming-inserts rate on an older stored copy of the page; one third-party summary quotes $0.0134 per 200 MB.",
  ),
  bigQueryStoragePerGb: chk(
    0.02,
    "USD/GB-month active storage",
    SRC.gcpBigQuery,
    "https://cloud.google.com/bigquery/pricing",
  ),
  bigQueryQueryPerTib: chk(
    6.25,
    "USD per TiB scanned (1 TiB/month free)",
    SRC.gcpBigQuery,
    "https://leanopstech.com/blog/google-bigquery-pricing-2026/",
    "Also cloudwebschool.com ($6.25/TiB, first 1 TiB free).",
  ),
  identityPlatformFreeMau: chk(
    49_999,
    "MAU free (Tier 1 providers)",
    SRC.gcpIdentityPlatform,
    "https://web.archive.org/web/20210119211510/https://cloud.google.com/identity-platform/pricing",
    "Only a 2021 snapshot of the page was found; re-check before quoting.",
  ),
  identityPlatformPerMau: chk(
    0.0055,
    "USD per MAU (50K–100K band)",
    SRC.gcpIdentityPlatform,
    "https://web.archive.org/web/20210119211510/https://cloud.google.com/identity-platform/pricing",
    "Only a 2021 snapshot of the page was found; re-check before quoting.",
  ),
  /** MAU bands (upper bound, USD per MAU) after the free 49,999; from the same page (matches its 2021 snapshot). */
  identityPlatformTiers: [[100_000, 0.0055], [1_000_000, 0.0046], [10_000_000, 0.0032], [
    Infinity,
    0.0025,
  ]] as const,
  armorPolicyMonthly: prov(5, "USD per policy/month (Standard)", SRC.gcpArmor),
  armorRuleMonthly: prov(1, "USD per rule/month", SRC.gcpArmor),
  armorRequestPerM: prov(0.75, "USD per 1M requests evaluated", SRC.gcpArmor),
  armorEnterpriseMonthly: chk(
    3_000,
    "USD/month Cloud Armor Enterprise (annual)",
    SRC.gcpArmor,
    "https://cloud.google.com/armor/docs/managed-protection-overview",
  ),
  geminiFlashLiteInPerM: chk(
    0.075,
    "USD per 1M input tokens (Gemini 2.0 Flash-Lite)",
    SRC.gcpVertex,
    "https://futureagi.com/llm-cost-calculator/google/gemini-2-0-flash-lite",
    "Also vercel.com/ai-gateway/models/gemini-2.0-flash-lite. The model is being retired (Vertex model page: gemini-2.0-flash-lite-001 discontinuation 2026-02-25; futureagi.com: 2026-06-01) — move to a current Flash-Lite model.",
  ),
  geminiFlashLiteOutPerM: chk(
    0.30,
    "USD per 1M output tokens (Gemini 2.0 Flash-Lite)",
    SRC.gcpVertex,
    "https://futureagi.com/llm-cost-calculator/google/gemini-2-0-flash-lite",
    "Also vercel.com/ai-gateway/models/gemini-2.0-flash-lite. The model is being retired (Vertex model page: gemini-2.0-flash-lite-001 discontinuation 2026-02-25; futureagi.com: 2026-06-01) — move to a current Flash-Lite model.",
  ),
  vectorSearchNodeHour: prov(0.094, "USD per node-hour (e2-standard-2 serving)", SRC.gcpVectorSearch),
  vertexSearchPer1k: prov(1.50, "USD per 1,000 queries (Search Standard)", SRC.gcpVertexSearch),
  transcoderSdMin: chk(
    0.015,
    "USD per output minute SD",
    SRC.gcpTranscoder,
    "https://cloud.google.com/transcoder/pricing",
  ),
  transcoderHdMin: chk(
    0.030,
    "USD per output minute HD",
    SRC.gcpTranscoder,
    "https://cloud.google.com/transcoder/pricing",
  ),
  sendgridEssentials50k: chk(
    19.95,
    "USD/month Essentials 50K emails",
    SRC.sendgrid,
    "https://apimap.dev/apis/sendgrid",
  ),
} as const;

/** Azure prices (East US unless noted). */
export const AZURE_PRICES = {
  functionsExecPerM: ref(0.20, "USD per 1M executions (Consumption)", SRC.azFunctions),
  functionsGbS: ref(0.000016, "USD per GB-s (Consumption)", SRC.azFunctions),
  functionsFreeExecs: ref(1_000_000, "executions/month free", SRC.azFunctions),
  functionsFreeGbS: ref(400_000, "GB-s/month free", SRC.azFunctions),
  frontDoorStandardMonthly: chk(
    35,
    "USD/month base fee (Standard)",
    SRC.azFrontDoor,
    "https://blog.cdnsun.com/microsoft-azure-front-door-pricing/",
  ),
  frontDoorPremiumMonthly: chk(
    330,
    "USD/month base fee (Premium, includes managed WAF + bot rules)",
    SRC.azFrontDoor,
    "https://blog.cdnsun.com/microsoft-azure-front-door-pricing/",
  ),
  frontDoorEgressPerGb: chk(
    0.083,
    "USD/GB edge-to-client (Zone 1: North America/Europe, first 10 TB)",
    SRC.azFrontDoor,
    "https://blog.cdnsun.com/microsoft-azure-front-door-pricing/",
  ),
  frontDoorStdRequestsPer10k: chk(
    0.009,
    "USD per 10,000 requests (Standard)",
    SRC.azFrontDoor,
    "https://blog.cdnsun.com/microsoft-azure-front-door-pricing/",
  ),
  frontDoorPremRequestsPer10k: chk(
    0.015,
    "USD per 10,000 requests (Premium)",
    SRC.azFrontDoor,
    "https://blog.cdnsun.com/microsoft-azure-front-door-pricing/",
  ),
  blobHotPerGb: ref(0.018, "USD/GB-month (Hot LRS, ≈)", SRC.azBlob),
  blobWritePer10k: prov(0.065, "USD per 10,000 write operations (Hot)", SRC.azBlob),
  blobReadPer10k: prov(0.005, "USD per 10,000 read operations (Hot)", SRC.azBlob),
  bandwidthPerGb: prov(0.087, "USD/GB internet egress (Zone 1, first 10 TB)", SRC.azBandwidth),
  bandwidthFreeGb: ref(
    100,
    "GB/month free egress",
    SRC.azBandwidth,
    "Conflict: 100 GB vs 15 GB in the reference; picked 100 GB (current bandwidth page).",
  ),
  postgresB1msMonthly: prov(12.41, "USD/month Burstable B1ms", SRC.azPostgres),
  postgresD2dsHourly: prov(0.178, "USD/hour General Purpose D2ds_v5 (2 vCores)", SRC.azPostgres),
  postgresD4dsHourly: prov(0.356, "USD/hour General Purpose D4ds_v5 (4 vCores)", SRC.azPostgres),
  postgresStoragePerGb: prov(0.115, "USD/GB-month", SRC.azPostgres),
  cosmosPerMRu: chk(
    0.25,
    "USD per 1M request units (serverless)",
    SRC.azCosmos,
    "https://c3x.dev/resources/azure/azurerm_cosmosdb_account",
  ),
  cosmosStoragePerGb: chk(
    0.25,
    "USD/GB-month",
    SRC.azCosmos,
    "https://c3x.dev/resources/azure/azurerm_cosmosdb_account",
  ),
  redisStandardC1Hourly: prov(
    0.137,
    "USD/hour Standard C1 (1 GB, replicated)",
    SRC.azRedis,
    "A stored transcription of the Azure Retail Prices API (2026-09-17) flags the Azure Cache for Redis tiers as retiring.",
  ),
  webPubSubUnitDaily: chk(
    1.61,
    "USD per unit/day (Standard: 1,000 connections, 1M messages/day)",
    SRC.azWebPubSub,
    "https://c3x.dev/resources/azure/azurerm_web_pubsub/",
    "Unit = 1,000 connections per learn.microsoft.com/azure/azure-web-pubsub/concept-billing-model.",
  ),
  serviceBusStandardMonthly: prov(
    9.81,
    "USD/month Standard base (13M ops included)",
    SRC.azServiceBus,
    "The 13M included operations are confirmed on azure.microsoft.com/pricing/details/service-bus/; the stored copy renders prices as placeholders.",
  ),
  serviceBusOpsPerM: prov(0.80, "USD per 1M operations over 13M", SRC.azServiceBus),
  emailPerMessage: prov(0.00025, "USD per email", SRC.azEmail),
  emailPerMb: prov(0.00012, "USD per MB transferred", SRC.azEmail),
  eventHubsTuHour: prov(0.03, "USD per throughput unit-hour (Standard)", SRC.azEventHubs),
  eventHubsIngressPerM: prov(0.028, "USD per 1M ingress events", SRC.azEventHubs),
  externalIdFreeMau: chk(
    50_000,
    "MAU free",
    SRC.azExternalId,
    "https://azure.microsoft.com/en-gb/pricing/details/active-directory/external-identities/",
  ),
  externalIdPerMau: chk(
    0.0163,
    "USD per MAU over 50K",
    SRC.azExternalId,
    "https://gowthamoncloud.com/simplifying-external-identity-management-with-microsoft-entra-external-id/",
    "Corrected from 0.03. Core offer: first 50K MAU free, then $0.0163/MAU. Conflict: microsoftnegotiations.com quotes $0.00325/MAU for legacy P1 EA packages; picked the core-offer rate.",
  ),
  entraP1PerUser: prov(6, "USD/user/month (Entra ID P1: Conditional Access)", SRC.azEntra),
  ddosProtectionMonthly: chk(
    2_944,
    "USD/month DDoS Network Protection (100 public IPs)",
    SRC.azDdos,
    "https://learn.microsoft.com/en-us/answers/questions/559735/azure-ddos-standard-depoyment-and-configuration-be",
    "Also richardsoncloud.com/azure-ddos-protection.",
  ),
  gpt4oMiniInPerM: chk(
    0.15,
    "USD per 1M input tokens (GPT-4o mini)",
    SRC.azOpenAi,
    "https://redresscompliance.com/azure-openai-enterprise-pricing-guide",
  ),
  gpt4oMiniOutPerM: chk(
    0.60,
    "USD per 1M output tokens (GPT-4o mini)",
    SRC.azOpenAi,
    "https://redresscompliance.com/azure-openai-enterprise-pricing-guide",
  ),
  searchBasicMonthly: prov(73.73, "USD/month per Basic search unit", SRC.azSearch),
  searchS1Monthly: prov(245.28, "USD/month per S1 search unit", SRC.azSearch),
  iotHubS1Monthly: prov(
    25,
    "USD/month per S1 unit (400K messages/day)",
    SRC.azIotHub,
    "400,000 messages/day per S1 unit is confirmed on azure.microsoft.com/pricing/details/iot-hub/; the stored copy renders the price as a placeholder.",
  ),
} as const;

/** Vercel prices (Pro plan) and the Marketplace/third-party services a Vercel design relies on. */
export const VERCEL_PRICES = {
  proSeatMonthly: ref(20, "USD/user/month (Pro, includes $20 usage credit)", SRC.vercelBlog),
  proUsageCredit: ref(20, "USD usage credit/month included in Pro", SRC.vercelPricing),
  fastDataTransferPerGb: ref(0.15, "USD/GB Fast Data Transfer (US/EU; other regions higher)", SRC.vercelBlog),
  includedFastDataTransferGb: chk(
    1_000,
    "GB/month included (Pro)",
    SRC.vercelPricing,
    "https://verceljobs.com/blog/study-guide/pricing",
  ),
  edgeRequestPerM: ref(2.00, "USD per 1M edge requests", SRC.vercelBlog),
  includedEdgeRequests: chk(
    10_000_000,
    "edge requests/month included (Pro)",
    SRC.vercelPricing,
    "https://verceljobs.com/blog/study-guide/pricing",
  ),
  invocationPerM: ref(0.60, "USD per 1M function invocations", SRC.vercelBlog),
  includedInvocations: prov(
    1_000_000,
    "invocations/month included (Pro)",
    SRC.vercelPricing,
    "Stored third-party figures conflict for Pro: 1M (toolstac.com) vs 10M (flexprice.io).",
  ),
  activeCpuHour: ref(0.128, "USD per Active CPU-hour", SRC.vercelFluid),
  includedActiveCpuHours: prov(
    4,
    "Active CPU-hours/month included (Pro)",
    SRC.vercelPricing,
    "4 h / 360 GB-h appear as the Hobby allowances in every stored source (verceljobs.com); toolstac.com lists Pro at 16 h / 1,440 GB-h. No official Pro figure found.",
  ),
  memoryGbHour: ref(0.0106, "USD per provisioned GB-hour", SRC.vercelFluid),
  includedMemoryGbHours: prov(
    360,
    "GB-hours/month included (Pro)",
    SRC.vercelPricing,
    "4 h / 360 GB-h appear as the Hobby allowances in every stored source (verceljobs.com); toolstac.com lists Pro at 16 h / 1,440 GB-h. No official Pro figure found.",
  ),
  blobStoragePerGb: chk(
    0.023,
    "USD/GB-month",
    SRC.vercelBlob,
    "https://aming.ourdisc.net/docs/storage/vercel-blob/usage-and-pricing",
    "Mirror of vercel.com/docs/vercel-blob/usage-and-pricing after GA (May 2025); Pro includes 5 GB, 100K simple, 10K advanced, 100 GB transfer.",
  ),
  blobSimpleOpsPerM: chk(
    0.40,
    "USD per 1M simple operations (reads)",
    SRC.vercelBlob,
    "https://aming.ourdisc.net/docs/storage/vercel-blob/usage-and-pricing",
  ),
  blobAdvancedOpsPerM: chk(
    5.00,
    "USD per 1M advanced operations (uploads)",
    SRC.vercelBlob,
    "https://aming.ourdisc.net/docs/storage/vercel-blob/usage-and-pricing",
  ),
  blobTransferPerGb: chk(
    0.05,
    "USD/GB Blob data transfer",
    SRC.vercelBlob,
    "https://aming.ourdisc.net/docs/storage/vercel-blob/usage-and-pricing",
  ),
  imageTransformPer1k: chk(
    0.05,
    "USD per 1,000 image transformations",
    SRC.vercelImages,
    "https://vercel.com/docs/pricing/image-optimization",
    "$0.05–$0.0812 per 1K by region; Pro includes 10K/month.",
  ),
  webAnalyticsPer100k: chk(
    3,
    "USD per 100,000 events",
    SRC.vercelAnalytics,
    "https://toolstac.com/ai/pricing/vercel/usage-based-pricing-breakdown",
  ),
  advancedProtectionMonthly: prov(
    150,
    "USD/month Advanced Deployment Protection (Pro add-on)",
    SRC.vercelProtection,
  ),
  upstashPer100kCommands: chk(
    0.20,
    "USD per 100,000 Redis commands (pay-as-you-go)",
    SRC.upstash,
    "https://website-6koc79o81-upstash.vercel.app/docs/redis/overall/billing.md",
    "Preview copy of upstash.com/docs/redis/overall/billing (PAYG: $0.20 per 100K commands).",
  ),
  upstashStoragePerGb: chk(
    0.25,
    "USD/GB-month",
    SRC.upstash,
    "https://website-6koc79o81-upstash.vercel.app/docs/redis/overall/billing.md",
    "First 1 GB free.",
  ),
  upstashVectorPer100k: prov(0.40, "USD per 100,000 vector requests", SRC.upstash),
  upstashVectorStoragePerGb: prov(0.25, "USD/GB-month", SRC.upstash),
  neonCuHour: chk(
    0.14,
    "USD per compute-unit-hour (Launch)",
    SRC.neon,
    "https://neon.com/docs/introduction/plans",
    "neon.com/faqs/managed-postgres-options-ten-databases-cost quotes $0.106 per CU-hour on Launch — re-check which is current.",
  ),
  neonStoragePerGb: chk(0.35, "USD/GB-month", SRC.neon, "https://neon.com/docs/introduction/plans"),
  pusherStartupMonthly: prov(49, "USD/month (500 connections, 1M messages/day)", SRC.pusher),
  pusherProMonthly: prov(99, "USD/month (2,000 connections, 4M messages/day)", SRC.pusher),
  pusherBusinessMonthly: prov(299, "USD/month (5,000 connections, 10M messages/day)", SRC.pusher),
  pusherConnectionsPerBusiness: prov(5_000, "concurrent connections per Business plan", SRC.pusher),
  resendPer50k: chk(
    20,
    "USD/month per 50K emails (Pro)",
    SRC.resend,
    "https://resend-cu3u3cwfg-resend.vercel.app/changelog/pay-as-you-go-pricing",
    "Copy of resend.com/changelog (Pro 50K emails $20); also docs.flexprice.io.",
  ),
  clerkProMonthly: chk(
    25,
    "USD/month (Pro, 10K MAU included)",
    SRC.clerk,
    "https://owostack.com/pricing-templates/clerk-mau-pricing",
    "$25 billed monthly ($20/month billed annually), snapshot of clerk.com/pricing verified 2026-03-09.",
  ),
  clerkIncludedMau: chk(
    50_000,
    "MAU included",
    SRC.clerk,
    "https://owostack.com/pricing-templates/clerk-mau-pricing",
    "Corrected from 10,000. Snapshot of clerk.com/pricing verified 2026-03-09: Pro includes 50,000 users (older guides say 10,000).",
  ),
  clerkPerMau: chk(
    0.02,
    "USD per MAU over 10K",
    SRC.clerk,
    "https://owostack.com/pricing-templates/clerk-mau-pricing",
  ),
  gpt4oMiniInPerM: chk(
    0.15,
    "USD per 1M input tokens (GPT-4o mini via AI Gateway, no markup)",
    SRC.openaiPricing,
    "https://aimodelcalc.pages.dev/guides/openai-api-pricing.html",
    "Also ai.cloudprice.net (source openai_pricing, 2026-06-20).",
  ),
  gpt4oMiniOutPerM: chk(
    0.60,
    "USD per 1M output tokens (GPT-4o mini via AI Gateway, no markup)",
    SRC.openaiPricing,
    "https://aimodelcalc.pages.dev/guides/openai-api-pricing.html",
  ),
} as const;

/** Partner video platform used where the cloud has no native video service (Azure, Vercel). */
export const MUX_PRICES = {
  storagePerMin: prov(0.003, "USD per minute stored per month (720p)", SRC.mux),
  deliveryPerMin: prov(0.0008, "USD per minute delivered (720p)", SRC.mux),
  encodingPerMin: chk(
    0,
    "USD per minute encoded (basic quality: free)",
    SRC.mux,
    "https://mux.com/docs/pricing/controlling-video-costs",
  ),
} as const;

// ---------------------------------------------------------------------------------------------------------
// Usage assumptions per scale tier

/** Monthly usage the estimates assume for one scale tier. */
export interface Traffic {
  scale: Scale;
  /** Multiplier over the Startup tier (Infracost small = 1, medium = 2, then ≈10× and ≈100×). */
  multiplier: number;
  usersLabel: string;
  /** Monthly active end users (for sign-in pricing). */
  mau: number;
  /** Staff behind SSO / zero-trust access. */
  staff: number;
  requests: number;
  /** Average wall time and CPU time per dynamic request. */
  wallMs: number;
  cpuMs: number;
  /** Function memory in GB (Lambda, Functions, Cloud Run). */
  memoryGb: number;
  /** Web/API response egress (GB). */
  egressGb: number;
  dbReads: number;
  dbWrites: number;
  kvStorageGb: number;
  sqlStorageGb: number;
  /** Rows a SQL query reads/writes on average (D1 bills rows). */
  rowsPerRead: number;
  rowsPerWrite: number;
  objectStoredGb: number;
  objectPuts: number;
  objectGets: number;
  objectDownloadGb: number;
  realtimeMessages: number;
  realtimeConnectionMinutes: number;
  videoStoredMinutes: number;
  videoNewMinutes: number;
  videoDeliveredMinutes: number;
  liveInputHours: number;
  liveViewerHours: number;
  imageTransforms: number;
  aiRequests: number;
  aiInputTokens: number;
  aiOutputTokens: number;
  vectors: number;
  vectorDims: number;
  vectorQueries: number;
  searchQueries: number;
  queueMessages: number;
  cronJobs: number;
  emails: number;
  events: number;
  devices: number;
  /** Messages per device per month (one a minute). */
  deviceMessagesEach: number;
}

function tier(scale: Scale, m: number, usersLabel: string, mau: number, staff: number): Traffic {
  return {
    scale,
    multiplier: m,
    usersLabel,
    mau,
    staff,
    requests: 25_000_000 * m,
    wallMs: 25,
    cpuMs: 7,
    memoryGb: 0.5,
    egressGb: 120 * m,
    dbReads: 20_000_000 * m,
    dbWrites: 4_000_000 * m,
    kvStorageGb: 20 * m,
    sqlStorageGb: 5 * m,
    rowsPerRead: 20,
    rowsPerWrite: 2,
    objectStoredGb: 100 * m,
    objectPuts: 1_000_000 * m,
    objectGets: 10_000_000 * m,
    objectDownloadGb: 200 * m,
    realtimeMessages: 5_000_000 * m,
    realtimeConnectionMinutes: 20_000_000 * m,
    videoStoredMinutes: 1_000 * m,
    videoNewMinutes: 200 * m,
    videoDeliveredMinutes: 50_000 * m,
    liveInputHours: 50 * m,
    liveViewerHours: 2_000 * m,
    imageTransforms: 50_000 * m,
    aiRequests: 100_000 * m,
    aiInputTokens: 1_000,
    aiOutputTokens: 300,
    vectors: 100_000 * m,
    vectorDims: 768,
    vectorQueries: 300_000 * m,
    searchQueries: 500_000 * m,
    queueMessages: 2_000_000 * m,
    cronJobs: 20,
    emails: 50_000 * m,
    events: 50_000_000 * m,
    devices: 1_000 * m,
    deviceMessagesEach: 43_200,
  };
}

/**
 * Usage per tier. Startup follows Infracost's "small" defaults (e.g. 25M function requests at 25 ms,
 * DynamoDB 4M writes / 20M reads / 20 GB, 120 GB CDN egress), Growth its "medium" (2×), Enterprise ≈10×
 * and Global ≈100× (reference guidance; no provider publishes tiers). Other workloads (video, AI, IoT…)
 * are this module's own assumptions, scaled the same way and stated in every estimate.
 */
export const SCALE_TRAFFIC: Record<Scale, Traffic> = {
  Startup: tier("Startup", 1, "under 10K users", 5_000, 10),
  Growth: tier("Growth", 2, "10K–100K users", 50_000, 25),
  Enterprise: tier("Enterprise", 10, "100K–1M users", 500_000, 200),
  Global: tier("Global", 100, "over 1M users", 5_000_000, 1_000),
};

/** Where the tier assumptions come from. */
export const TRAFFIC_SOURCE = SRC.infracost;

/** Video bitrate used to turn delivered minutes into CDN gigabytes (720p ≈ 3 Mbps). */
export const VIDEO_GB_PER_MINUTE = 0.0225;
/** Renditions in a VOD encoding ladder (1080p/720p/480p). */
export const VIDEO_RENDITIONS = 3;

// ---------------------------------------------------------------------------------------------------------
// Regions

/** Region-specific names and hints per cloud. */
export interface RegionInfo {
  city: string;
  aws: string;
  gcp: string;
  azure: string;
  vercel: string;
  /** D1 location hint (`null`: automatic). */
  d1Hint: string | null;
  /** Durable Objects location hint (`null`: automatic). */
  doHint: string | null;
  /** CloudFront zone(s) the audience is served from, with weights summing to 1. */
  cloudFrontMix: Partial<Record<CloudFrontZone, number>>;
}

/** Per request region. `Global` spreads egress across zones (weights are this module's assumption). */
export const REGION_INFO: Record<Region, RegionInfo> = {
  Global: {
    city: "worldwide",
    aws: "us-east-1",
    gcp: "us-central1",
    azure: "East US",
    vercel: "iad1",
    d1Hint: null,
    doHint: null,
    cloudFrontMix: { us_eu: 0.6, asia: 0.15, japan: 0.1, india: 0.05, south_america: 0.05, australia: 0.05 },
  },
  Singapore: {
    city: "Singapore",
    aws: "ap-southeast-1",
    gcp: "asia-southeast1",
    azure: "Southeast Asia",
    vercel: "sin1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { asia: 1 },
  },
  Tokyo: {
    city: "Tokyo",
    aws: "ap-northeast-1",
    gcp: "asia-northeast1",
    azure: "Japan East",
    vercel: "hnd1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { japan: 1 },
  },
  Sydney: {
    city: "Sydney",
    aws: "ap-southeast-2",
    gcp: "australia-southeast1",
    azure: "Australia East",
    vercel: "syd1",
    d1Hint: "oc",
    doHint: "oc",
    cloudFrontMix: { australia: 1 },
  },
  Mumbai: {
    city: "Mumbai",
    aws: "ap-south-1",
    gcp: "asia-south1",
    azure: "Central India",
    vercel: "bom1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { india: 1 },
  },
  Seoul: {
    city: "Seoul",
    aws: "ap-northeast-2",
    gcp: "asia-northeast3",
    azure: "Korea Central",
    vercel: "icn1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { asia: 1 },
  },
  "Hong Kong": {
    city: "Hong Kong",
    aws: "ap-east-1",
    gcp: "asia-east2",
    azure: "East Asia",
    vercel: "hkg1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { asia: 1 },
  },
  Frankfurt: {
    city: "Frankfurt",
    aws: "eu-central-1",
    gcp: "europe-west3",
    azure: "Germany West Central",
    vercel: "fra1",
    d1Hint: "weur",
    doHint: "weur",
    cloudFrontMix: { us_eu: 1 },
  },
  London: {
    city: "London",
    aws: "eu-west-2",
    gcp: "europe-west2",
    azure: "UK South",
    vercel: "lhr1",
    d1Hint: "weur",
    doHint: "weur",
    cloudFrontMix: { us_eu: 1 },
  },
  "N. Virginia": {
    city: "N. Virginia",
    aws: "us-east-1",
    gcp: "us-east4",
    azure: "East US",
    vercel: "iad1",
    d1Hint: "enam",
    doHint: "enam",
    cloudFrontMix: { us_eu: 1 },
  },
  "São Paulo": {
    city: "São Paulo",
    aws: "sa-east-1",
    gcp: "southamerica-east1",
    azure: "Brazil South",
    vercel: "gru1",
    d1Hint: "enam",
    doHint: "sam",
    cloudFrontMix: { south_america: 1 },
  },
};

/** Regions a competitor design spreads over at Global scale (primary first, then these, deduplicated). */
export const MULTI_REGION: Record<CompetitorCloud, string[]> = {
  aws: ["us-east-1", "eu-west-1", "ap-southeast-1"],
  gcp: ["us-central1", "europe-west1", "asia-southeast1"],
  azure: ["East US", "West Europe", "Southeast Asia"],
  vercel: ["iad1", "fra1", "sin1"],
};

// ---------------------------------------------------------------------------------------------------------
// Brand colours

/** Node colour per type and the edge colour, per cloud (Cloudflare: its orange family). */
export const BRAND: Record<
  Cloud,
  { edge: string; asyncEdge: string; primary: string; byType: Partial<Record<NodeType, string>> }
> = {
  cloudflare: {
    primary: "#f38020",
    edge: "#f38020",
    asyncEdge: "#faae40",
    byType: {
      cdn: "#f38020",
      security: "#c2410c",
      auth: "#d9620b",
      compute: "#f6821f",
      realtime: "#e06d10",
      database: "#fbad41",
      kv: "#faae40",
      cache: "#faae40",
      storage: "#f48120",
      queue: "#ea7317",
      scheduler: "#f59e0b",
      video: "#e4572e",
      images: "#f9a03f",
      ai: "#f25c05",
      vector: "#fb923c",
      search: "#fb923c",
      analytics: "#fdba74",
      email: "#ffa94d",
      iot: "#e8590c",
    },
  },
  aws: {
    primary: "#ff9900",
    edge: "#232f3e",
    asyncEdge: "#e7157b",
    byType: {
      cdn: "#8c4fff",
      security: "#dd344c",
      auth: "#dd344c",
      gateway: "#e7157b",
      compute: "#ed7100",
      realtime: "#e7157b",
      database: "#c925d1",
      kv: "#c925d1",
      cache: "#c925d1",
      storage: "#7aa116",
      queue: "#e7157b",
      scheduler: "#e7157b",
      video: "#ed7100",
      images: "#ed7100",
      ai: "#01a88d",
      vector: "#8c4fff",
      search: "#8c4fff",
      analytics: "#8c4fff",
      email: "#dd344c",
      iot: "#3f8624",
    },
  },
  gcp: {
    primary: "#4285f4",
    edge: "#4285f4",
    asyncEdge: "#fbbc04",
    byType: {
      cdn: "#4285f4",
      security: "#ea4335",
      auth: "#ea4335",
      compute: "#4285f4",
      realtime: "#fbbc04",
      database: "#34a853",
      kv: "#fbbc04",
      cache: "#34a853",
      storage: "#34a853",
      queue: "#fbbc04",
      scheduler: "#fbbc04",
      video: "#ea4335",
      images: "#4285f4",
      ai: "#4285f4",
      vector: "#4285f4",
      search: "#4285f4",
      analytics: "#669df6",
      email: "#5f6368",
      iot: "#34a853",
    },
  },
  azure: {
    primary: "#0078d4",
    edge: "#0078d4",
    asyncEdge: "#50e6ff",
    byType: {
      cdn: "#0078d4",
      security: "#005ba1",
      auth: "#0063b1",
      compute: "#0078d4",
      realtime: "#40a6ff",
      database: "#005ba1",
      kv: "#0063b1",
      cache: "#004e8c",
      storage: "#0078d4",
      queue: "#40a6ff",
      scheduler: "#40a6ff",
      video: "#50e6ff",
      images: "#40a6ff",
      ai: "#0063b1",
      vector: "#005ba1",
      search: "#005ba1",
      analytics: "#004e8c",
      email: "#0078d4",
      iot: "#0063b1",
    },
  },
  vercel: {
    primary: "#000000",
    edge: "#171717",
    asyncEdge: "#666666",
    byType: {
      cdn: "#000000",
      security: "#171717",
      auth: "#333333",
      compute: "#0070f3",
      realtime: "#444444",
      database: "#171717",
      kv: "#333333",
      cache: "#333333",
      storage: "#171717",
      queue: "#444444",
      scheduler: "#444444",
      video: "#333333",
      images: "#0070f3",
      ai: "#0070f3",
      vector: "#333333",
      search: "#333333",
      analytics: "#0070f3",
      email: "#444444",
      iot: "#444444",
    },
  },
};

/** Neutral colours for the users box and third-party services. */
export const NEUTRAL = { users: "#4b5563", external: "#635bff" } as const;

// ---------------------------------------------------------------------------------------------------------
// Services and the capability mapping

/** Where a wire starts or ends: a core role, the service itself, or another service key of the same cloud. */
export type WireEnd = "users" | "edge" | "compute" | "self" | string;
/** A connection a service brings into the diagram: from, to, label, dashed (async). */
export type Wire = [from: WireEnd, to: WireEnd, label: string, dashed?: boolean];

/** One service of a cloud's catalog. */
export interface ServiceDef {
  /** Node id (lower-case slug). */
  id: string;
  name: string;
  type: NodeType;
  /** Short description used as the start of the subtitle. */
  blurb: string;
  /** Services of one group can be folded into one node when a diagram is full. */
  group:
    | "edge"
    | "compute"
    | "data"
    | "media"
    | "ai"
    | "async"
    | "insight"
    | "identity"
    | "realtime"
    | "iot"
    | "external";
  /** Third-party service (neutral colour). */
  external?: boolean;
  wires: Wire[];
}

const STRIPE: ServiceDef = {
  id: "stripe",
  name: "Stripe",
  type: "payments",
  blurb: "Checkout + billing (external)",
  group: "external",
  external: true,
  wires: [["compute", "self", "Checkout API"], ["self", "compute", "webhooks", true]],
};

/** Every service per cloud, keyed by service key. */
export const SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: {
    cdn: {
      id: "cdn",
      name: "Cloudflare CDN",
      type: "cdn",
      blurb: "Anycast CDN, TLS, unmetered DDoS",
      group: "edge",
      wires: [],
    },
    waf: {
      id: "waf",
      name: "WAF + Bot Management",
      type: "security",
      blurb: "Managed rules, bot scores, rate limiting",
      group: "edge",
      wires: [],
    },
    workers: {
      id: "workers",
      name: "Workers",
      type: "compute",
      blurb: "V8 isolates, no cold starts",
      group: "compute",
      wires: [],
    },
    access: {
      id: "access",
      name: "Cloudflare Access",
      type: "auth",
      blurb: "Zero Trust SSO in front of internal apps",
      group: "identity",
      wires: [["users", "self", "SSO (SAML/OIDC)"], ["self", "compute", "signed JWT"]],
    },
    turnstile: {
      id: "turnstile",
      name: "Turnstile + Workers auth",
      type: "auth",
      blurb: "OIDC/passkeys in Workers, Turnstile on sign-up",
      group: "identity",
      wires: [["users", "self", "challenge"], ["self", "compute", "verified token"]],
    },
    d1: {
      id: "d1",
      name: "D1",
      type: "database",
      blurb: "Serverless SQLite",
      group: "data",
      wires: [["compute", "self", "SQL"]],
    },
    kv: {
      id: "kv",
      name: "Workers KV",
      type: "kv",
      blurb: "Edge key-value",
      group: "data",
      wires: [["compute", "self", "get/put"]],
    },
    r2: {
      id: "r2",
      name: "R2",
      type: "storage",
      blurb: "S3-compatible objects, $0 egress",
      group: "media",
      wires: [["compute", "self", "R2 binding"], ["users", "self", "presigned upload"]],
    },
    durable_objects: {
      id: "durable-objects",
      name: "Durable Objects",
      type: "realtime",
      blurb: "Stateful coordination",
      group: "realtime",
      wires: [["compute", "self", "WebSocket upgrade"]],
    },
    queues: {
      id: "queues",
      name: "Queues",
      type: "queue",
      blurb: "Guaranteed delivery, batching, retries",
      group: "async",
      wires: [["compute", "self", "enqueue", true], ["self", "compute", "consume batch", true]],
    },
    cron: {
      id: "cron",
      name: "Cron Triggers",
      type: "scheduler",
      blurb: "Scheduled Workers",
      group: "async",
      wires: [["self", "compute", "scheduled()", true]],
    },
    stream: {
      id: "stream",
      name: "Stream",
      type: "video",
      blurb: "Encode, store, deliver + player",
      group: "media",
      wires: [["users", "self", "HLS/DASH"], ["compute", "self", "direct upload URL", true]],
    },
    images: {
      id: "images",
      name: "Images",
      type: "images",
      blurb: "Resize and optimize on request",
      group: "media",
      wires: [["edge", "self", "transform"]],
    },
    workers_ai: {
      id: "workers-ai",
      name: "Workers AI + AI Gateway",
      type: "ai",
      blurb: "Serverless GPU inference, caching, rate limits",
      group: "ai",
      wires: [["compute", "self", "inference"]],
    },
    vectorize: {
      id: "vectorize",
      name: "Vectorize",
      type: "vector",
      blurb: "Vector index",
      group: "ai",
      wires: [["compute", "self", "vector query"]],
    },
    analytics_engine: {
      id: "analytics-engine",
      name: "Workers Analytics Engine",
      type: "analytics",
      blurb: "High-cardinality events, SQL API",
      group: "insight",
      wires: [["compute", "self", "writeDataPoint", true]],
    },
    email: {
      id: "email",
      name: "Email Routing + Sending",
      type: "email",
      blurb: "Inbound routing, transactional mail",
      group: "async",
      wires: [["compute", "self", "send", true]],
    },
    stripe: STRIPE,
  },
  aws: {
    cloudfront: {
      id: "cloudfront",
      name: "CloudFront",
      type: "cdn",
      blurb: "400+ edge locations",
      group: "edge",
      wires: [],
    },
    waf: {
      id: "aws-waf",
      name: "AWS WAF + Shield",
      type: "security",
      blurb: "Managed rules, Bot Control",
      group: "edge",
      wires: [],
    },
    lambda: {
      id: "lambda",
      name: "API Gateway + Lambda",
      type: "compute",
      blurb: "HTTP API → Lambda (Node.js)",
      group: "compute",
      wires: [],
    },
    identity_center: {
      id: "identity-center",
      name: "IAM Identity Center + Verified Access",
      type: "auth",
      blurb: "Staff SSO, per-app zero-trust policies",
      group: "identity",
      wires: [["users", "self", "SSO (SAML)"], ["self", "compute", "signed identity"]],
    },
    cognito: {
      id: "cognito",
      name: "Cognito",
      type: "auth",
      blurb: "User pools: sign-up, sign-in, MFA",
      group: "identity",
      wires: [["users", "self", "sign-in"], ["self", "compute", "JWT"]],
    },
    rds: {
      id: "rds",
      name: "RDS for PostgreSQL",
      type: "database",
      blurb: "Managed Postgres",
      group: "data",
      wires: [["compute", "self", "SQL"]],
    },
    dynamodb: {
      id: "dynamodb",
      name: "DynamoDB",
      type: "kv",
      blurb: "On-demand key-value",
      group: "data",
      wires: [["compute", "self", "Get/PutItem"]],
    },
    elasticache: {
      id: "elasticache",
      name: "ElastiCache Serverless",
      type: "cache",
      blurb: "Redis-compatible cache",
      group: "data",
      wires: [["compute", "self", "cache-aside"]],
    },
    s3: {
      id: "s3",
      name: "S3",
      type: "storage",
      blurb: "Object storage",
      group: "media",
      wires: [["compute", "self", "presign"], ["users", "self", "presigned upload"]],
    },
    apigw_ws: {
      id: "apigw-websocket",
      name: "API Gateway WebSocket API",
      type: "realtime",
      blurb: "Managed WebSocket connections",
      group: "realtime",
      wires: [["users", "self", "WebSocket"], ["self", "compute", "$connect/$default routes"]],
    },
    sqs: {
      id: "sqs",
      name: "SQS",
      type: "queue",
      blurb: "Standard queues",
      group: "async",
      wires: [["compute", "self", "SendMessage", true], ["self", "compute", "event source mapping", true]],
    },
    scheduler: {
      id: "eventbridge-scheduler",
      name: "EventBridge Scheduler",
      type: "scheduler",
      blurb: "Cron and rate schedules",
      group: "async",
      wires: [["self", "compute", "invoke", true]],
    },
    mediaconvert: {
      id: "mediaconvert",
      name: "MediaConvert",
      type: "video",
      blurb: "VOD transcoding to HLS",
      group: "media",
      wires: [["compute", "self", "CreateJob", true], ["self", "edge", "HLS renditions", true]],
    },
    ivs: {
      id: "ivs",
      name: "IVS",
      type: "video",
      blurb: "Low-latency live streaming",
      group: "media",
      wires: [["users", "self", "RTMPS ingest / playback"]],
    },
    image_handler: {
      id: "image-handler",
      name: "Serverless Image Handler",
      type: "images",
      blurb: "CloudFront + Lambda (sharp)",
      group: "media",
      wires: [["edge", "self", "resize on miss"]],
    },
    bedrock: {
      id: "bedrock",
      name: "Bedrock",
      type: "ai",
      blurb: "Managed foundation models",
      group: "ai",
      wires: [["compute", "self", "InvokeModel"]],
    },
    opensearch: {
      id: "opensearch",
      name: "OpenSearch Serverless",
      type: "search",
      blurb: "Search and vector collections",
      group: "ai",
      wires: [["compute", "self", "query"]],
    },
    s3_vectors: {
      id: "s3-vectors",
      name: "S3 Vectors",
      type: "vector",
      blurb: "Low-cost vector buckets",
      group: "ai",
      wires: [["compute", "self", "QueryVectors"]],
    },
    firehose: {
      id: "firehose",
      name: "Data Firehose + Athena",
      type: "analytics",
      blurb: "Event delivery to S3, SQL queries",
      group: "insight",
      wires: [["compute", "self", "PutRecordBatch", true]],
    },
    ses: {
      id: "ses",
      name: "SES",
      type: "email",
      blurb: "Transactional email",
      group: "async",
      wires: [["compute", "self", "SendEmail", true]],
    },
    iot_core: {
      id: "iot-core",
      name: "IoT Core",
      type: "iot",
      blurb: "MQTT broker, device registry, rules",
      group: "iot",
      wires: [["users", "self", "MQTT over TLS"], ["self", "compute", "rule → Lambda", true]],
    },
    stripe: STRIPE,
  },
  gcp: {
    cloud_cdn: {
      id: "cloud-cdn",
      name: "Cloud CDN + Load Balancer",
      type: "cdn",
      blurb: "Global external Application LB",
      group: "edge",
      wires: [],
    },
    armor: {
      id: "cloud-armor",
      name: "Cloud Armor",
      type: "security",
      blurb: "WAF rules, DDoS, bot defense",
      group: "edge",
      wires: [],
    },
    cloud_run: {
      id: "cloud-run",
      name: "Cloud Run",
      type: "compute",
      blurb: "Containers, request-based billing",
      group: "compute",
      wires: [],
    },
    iap: {
      id: "iap",
      name: "Identity-Aware Proxy",
      type: "auth",
      blurb: "Context-aware access for staff apps",
      group: "identity",
      wires: [["users", "self", "Google/SAML SSO"], ["self", "compute", "signed header"]],
    },
    identity_platform: {
      id: "identity-platform",
      name: "Identity Platform",
      type: "auth",
      blurb: "Customer sign-in, MFA",
      group: "identity",
      wires: [["users", "self", "sign-in"], ["self", "compute", "ID token"]],
    },
    cloud_sql: {
      id: "cloud-sql",
      name: "Cloud SQL for PostgreSQL",
      type: "database",
      blurb: "Managed Postgres",
      group: "data",
      wires: [["compute", "self", "SQL"]],
    },
    firestore: {
      id: "firestore",
      name: "Firestore",
      type: "database",
      blurb: "Serverless document store",
      group: "data",
      wires: [["compute", "self", "read/write"]],
    },
    memorystore: {
      id: "memorystore",
      name: "Memorystore for Redis",
      type: "cache",
      blurb: "Managed Redis cache",
      group: "data",
      wires: [["compute", "self", "cache-aside"]],
    },
    gcs: {
      id: "cloud-storage",
      name: "Cloud Storage",
      type: "storage",
      blurb: "Object storage",
      group: "media",
      wires: [["compute", "self", "signed URL"], ["users", "self", "resumable upload"]],
    },
    transcoder: {
      id: "transcoder",
      name: "Transcoder API + Media CDN",
      type: "video",
      blurb: "VOD transcoding and delivery",
      group: "media",
      wires: [["compute", "self", "create job", true], ["users", "self", "HLS playback"]],
    },
    live_stream: {
      id: "live-stream",
      name: "Live Stream API",
      type: "video",
      blurb: "Live transcoding channels",
      group: "media",
      wires: [["users", "self", "RTMP ingest"]],
    },
    cloud_tasks: {
      id: "cloud-tasks",
      name: "Cloud Tasks",
      type: "queue",
      blurb: "Managed task queues",
      group: "async",
      wires: [["compute", "self", "create task", true], ["self", "compute", "HTTP push", true]],
    },
    pubsub: {
      id: "pubsub",
      name: "Pub/Sub",
      type: "queue",
      blurb: "Global messaging",
      group: "async",
      wires: [["compute", "self", "publish", true], ["self", "compute", "push subscription", true]],
    },
    scheduler: {
      id: "cloud-scheduler",
      name: "Cloud Scheduler",
      type: "scheduler",
      blurb: "Managed cron",
      group: "async",
      wires: [["self", "compute", "HTTP target", true]],
    },
    bigquery: {
      id: "bigquery",
      name: "BigQuery",
      type: "analytics",
      blurb: "Serverless data warehouse",
      group: "insight",
      wires: [["compute", "self", "streaming insert", true]],
    },
    sendgrid: {
      id: "sendgrid",
      name: "SendGrid (partner)",
      type: "email",
      blurb: "Email via Marketplace partner",
      group: "async",
      external: true,
      wires: [["compute", "self", "send", true]],
    },
    vertex: {
      id: "vertex-ai",
      name: "Vertex AI (Gemini)",
      type: "ai",
      blurb: "Managed models",
      group: "ai",
      wires: [["compute", "self", "generateContent"]],
    },
    vector_search: {
      id: "vector-search",
      name: "Vertex AI Vector Search",
      type: "vector",
      blurb: "ANN index endpoints",
      group: "ai",
      wires: [["compute", "self", "findNeighbors"]],
    },
    vertex_search: {
      id: "vertex-search",
      name: "Vertex AI Search",
      type: "search",
      blurb: "Managed site/data search",
      group: "ai",
      wires: [["compute", "self", "search"]],
    },
    stripe: STRIPE,
  },
  azure: {
    front_door: {
      id: "front-door",
      name: "Front Door",
      type: "cdn",
      blurb: "Global CDN + L7 load balancing",
      group: "edge",
      wires: [],
    },
    azure_waf: {
      id: "azure-waf",
      name: "Azure WAF + DDoS Protection",
      type: "security",
      blurb: "Managed rule sets, bot protection",
      group: "edge",
      wires: [],
    },
    functions: {
      id: "functions",
      name: "Azure Functions",
      type: "compute",
      blurb: "HTTP-triggered functions",
      group: "compute",
      wires: [],
    },
    entra_id: {
      id: "entra-id",
      name: "Entra ID",
      type: "auth",
      blurb: "Staff SSO, Conditional Access",
      group: "identity",
      wires: [["users", "self", "SSO (OIDC/SAML)"], ["self", "compute", "access token"]],
    },
    entra_external: {
      id: "entra-external-id",
      name: "Entra External ID",
      type: "auth",
      blurb: "Customer sign-up/sign-in",
      group: "identity",
      wires: [["users", "self", "sign-in"], ["self", "compute", "ID token"]],
    },
    postgres: {
      id: "postgres",
      name: "Azure Database for PostgreSQL",
      type: "database",
      blurb: "Flexible Server",
      group: "data",
      wires: [["compute", "self", "SQL"]],
    },
    cosmos: {
      id: "cosmos-db",
      name: "Cosmos DB",
      type: "kv",
      blurb: "Serverless NoSQL",
      group: "data",
      wires: [["compute", "self", "point reads/writes"]],
    },
    redis: {
      id: "azure-redis",
      name: "Azure Cache for Redis",
      type: "cache",
      blurb: "Managed Redis",
      group: "data",
      wires: [["compute", "self", "cache-aside"]],
    },
    blob: {
      id: "blob-storage",
      name: "Blob Storage",
      type: "storage",
      blurb: "Hot tier objects",
      group: "media",
      wires: [["compute", "self", "SAS token"], ["users", "self", "SAS upload"]],
    },
    web_pubsub: {
      id: "web-pubsub",
      name: "Web PubSub",
      type: "realtime",
      blurb: "Managed WebSocket hub",
      group: "realtime",
      wires: [["users", "self", "WebSocket"], ["compute", "self", "publish"]],
    },
    partner_video: {
      id: "partner-video",
      name: "Partner video platform (Mux)",
      type: "video",
      blurb: "Azure Media Services retired June 2024",
      group: "media",
      external: true,
      wires: [["users", "self", "HLS playback"], ["compute", "self", "direct upload", true]],
    },
    fn_images: {
      id: "image-functions",
      name: "Image resizing (Functions)",
      type: "images",
      blurb: "Resize on first request, cached at Front Door",
      group: "media",
      wires: [["edge", "self", "resize on miss"]],
    },
    service_bus: {
      id: "service-bus",
      name: "Service Bus",
      type: "queue",
      blurb: "Standard tier queues",
      group: "async",
      wires: [["compute", "self", "send", true], ["self", "compute", "queue trigger", true]],
    },
    timer: {
      id: "timer-functions",
      name: "Timer-triggered Functions",
      type: "scheduler",
      blurb: "CRON expressions",
      group: "async",
      wires: [["self", "compute", "timer trigger", true]],
    },
    acs_email: {
      id: "acs-email",
      name: "Communication Services Email",
      type: "email",
      blurb: "Transactional email",
      group: "async",
      wires: [["compute", "self", "send", true]],
    },
    event_hubs: {
      id: "event-hubs",
      name: "Event Hubs + Data Explorer",
      type: "analytics",
      blurb: "Event ingestion, KQL analytics",
      group: "insight",
      wires: [["compute", "self", "send events", true]],
    },
    openai: {
      id: "azure-openai",
      name: "Azure OpenAI",
      type: "ai",
      blurb: "Managed OpenAI models",
      group: "ai",
      wires: [["compute", "self", "chat completions"]],
    },
    ai_search: {
      id: "ai-search",
      name: "Azure AI Search",
      type: "search",
      blurb: "Keyword + vector search",
      group: "ai",
      wires: [["compute", "self", "query"]],
    },
    iot_hub: {
      id: "iot-hub",
      name: "IoT Hub",
      type: "iot",
      blurb: "Device identity, MQTT/AMQP",
      group: "iot",
      wires: [["users", "self", "MQTT/AMQP"], ["self", "compute", "Event Grid trigger", true]],
    },
    stripe: STRIPE,
  },
  vercel: {
    vercel_cdn: {
      id: "vercel-cdn",
      name: "Vercel CDN",
      type: "cdn",
      blurb: "Global edge network",
      group: "edge",
      wires: [],
    },
    firewall: {
      id: "vercel-firewall",
      name: "Vercel Firewall",
      type: "security",
      blurb: "DDoS mitigation, custom rules",
      group: "edge",
      wires: [],
    },
    functions: {
      id: "vercel-functions",
      name: "Vercel Functions",
      type: "compute",
      blurb: "Fluid compute",
      group: "compute",
      wires: [],
    },
    deployment_protection: {
      id: "deployment-protection",
      name: "Deployment Protection",
      type: "auth",
      blurb: "SSO-gated deployments",
      group: "identity",
      wires: [["users", "self", "SSO"], ["self", "compute", "authorized"]],
    },
    clerk: {
      id: "clerk",
      name: "Clerk (Marketplace)",
      type: "auth",
      blurb: "Sign-in, MFA, sessions",
      group: "identity",
      external: true,
      wires: [["users", "self", "sign-in"], ["self", "compute", "session JWT"]],
    },
    neon: {
      id: "neon",
      name: "Neon Postgres (Marketplace)",
      type: "database",
      blurb: "Serverless Postgres",
      group: "data",
      external: true,
      wires: [["compute", "self", "SQL"]],
    },
    upstash_redis: {
      id: "upstash-redis",
      name: "Upstash Redis (Marketplace)",
      type: "kv",
      blurb: "Serverless Redis",
      group: "data",
      external: true,
      wires: [["compute", "self", "GET/SET"]],
    },
    blob: {
      id: "vercel-blob",
      name: "Vercel Blob",
      type: "storage",
      blurb: "Object storage",
      group: "media",
      wires: [["compute", "self", "put()"], ["users", "self", "client upload"]],
    },
    pusher: {
      id: "pusher",
      name: "Pusher Channels (third-party)",
      type: "realtime",
      blurb: "No native WebSockets on Vercel",
      group: "realtime",
      external: true,
      wires: [["users", "self", "WebSocket"], ["compute", "self", "trigger"]],
    },
    mux: {
      id: "mux",
      name: "Mux (third-party)",
      type: "video",
      blurb: "No native video on Vercel",
      group: "media",
      external: true,
      wires: [["users", "self", "HLS playback"], ["compute", "self", "direct upload", true]],
    },
    image_opt: {
      id: "image-optimization",
      name: "Image Optimization",
      type: "images",
      blurb: "next/image transformations",
      group: "media",
      wires: [["edge", "self", "optimize"]],
    },
    queues: {
      id: "vercel-queues",
      name: "Vercel Queues",
      type: "queue",
      blurb: "Durable message queue (beta)",
      group: "async",
      wires: [["compute", "self", "send", true], ["self", "compute", "consume", true]],
    },
    cron: {
      id: "cron-jobs",
      name: "Cron Jobs",
      type: "scheduler",
      blurb: "vercel.json schedules",
      group: "async",
      wires: [["self", "compute", "GET /api/cron", true]],
    },
    resend: {
      id: "resend",
      name: "Resend (Marketplace)",
      type: "email",
      blurb: "Transactional email",
      group: "async",
      external: true,
      wires: [["compute", "self", "send", true]],
    },
    web_analytics: {
      id: "web-analytics",
      name: "Web Analytics",
      type: "analytics",
      blurb: "Page views and custom events",
      group: "insight",
      wires: [["compute", "self", "track()", true]],
    },
    ai_gateway: {
      id: "ai-gateway",
      name: "AI Gateway + AI SDK",
      type: "ai",
      blurb: "Model routing to providers",
      group: "ai",
      wires: [["compute", "self", "streamText"]],
    },
    upstash_vector: {
      id: "upstash-vector",
      name: "Upstash Vector (Marketplace)",
      type: "vector",
      blurb: "Serverless vector index",
      group: "ai",
      external: true,
      wires: [["compute", "self", "query"]],
    },
    stripe: STRIPE,
  },
};

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

const use = (service: string, role: string): ServiceUse => ({ service, role });

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
  },
  azure: {
    realtime: [use("web_pubsub", "WebSocket hub")],
    video: [use("partner_video", "encode + delivery")],
    object_storage: [use("blob", "user uploads")],
    relational: [use("postgres", "relational data")],
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
};
