/**
 * Catalog basics: the clouds, the `Fact` type every figure uses (value, unit, source, verified flag) and the
 * source URLs. Every number in lib/planner/catalog/ is a `Fact` with its source.
 */
import { type Competitor } from "../../protocol/request_schema.ts";

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

export const ref = (value: number, unit: string, source: string, note?: string): Fact => ({
  value,
  unit,
  source,
  origin: "reference",
  ...(note ? { note } : {}),
});
/** Month of the last check of the provider figures against stored copies of public pages. */
export const CHECKED = "2026-11";
export const UNVERIFIED =
  "Unverified: no stored copy of a pricing page confirmed this figure (checked 2026-11).";
/** Provider figure that a stored page (`evidence`) confirmed, or that was corrected to what it showed. */
export const chk = (value: number, unit: string, source: string, evidence: string, note?: string): Fact => ({
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
export const prov = (value: number, unit: string, source: string, note?: string): Fact => ({
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
export const CF = "https://developers.cloudflare.com";
export const SRC = {
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
  awsMediaLive: "https://aws.amazon.com/medialive/pricing/",
  awsMediaPackage: "https://aws.amazon.com/mediapackage/pricing/",
  awsMediaTailor: "https://aws.amazon.com/mediatailor/pricing/",
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
  azWaf: "https://azure.microsoft.com/pricing/details/web-application-firewall/",
  azBlob: "https://azure.microsoft.com/pricing/details/storage/blobs/",
  azBandwidth: "https://azure.microsoft.com/pricing/details/bandwidth/",
  azPostgres: "https://azure.microsoft.com/pricing/details/postgresql/flexible-server/",
  azSqlDatabase: "https://azure.microsoft.com/pricing/details/azure-sql-database/single/",
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
