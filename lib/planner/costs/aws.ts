/** Cost engine for AWS designs. */
import { billedCopies, DB_CLASS_NAMES, dbLayout, dbSize } from "./db_size.ts";
import { AWS_PRICES, CLOUDFRONT_EGRESS_TIERS, type CloudFrontZone } from "../catalog/prices_aws.ts";
import { VIDEO_GB_PER_MINUTE, VIDEO_RENDITIONS } from "../catalog/traffic.ts";
import { competitorRegions, type Context, type CostItem, premiumEdge, shieldAdvanced } from "../context.ts";
import { count, gb, item, over, rate, round2, usd } from "../format.ts";
import { route53Cost } from "./dns.ts";

/** Tiered CloudFront egress over the region's zone mix, after the 1 TB always-free allowance. */
export function cloudFrontEgress(
  totalGb: number,
  mix: Partial<Record<CloudFrontZone, number>>,
): { cost: number; basis: string } {
  const billable = over(totalGb, AWS_PRICES.cloudFrontFreeGb.value);
  let cost = 0;
  const parts: string[] = [];
  for (const [zone, weight] of Object.entries(mix) as [CloudFrontZone, number][]) {
    let remaining = billable * weight;
    const rates = CLOUDFRONT_EGRESS_TIERS.zones[zone];
    for (let i = 0; i < rates.length && remaining > 0; i++) {
      const take = Math.min(remaining, CLOUDFRONT_EGRESS_TIERS.tierGb[i]);
      cost += take * rates[i];
      remaining -= take;
    }
    parts.push(`${CLOUDFRONT_EGRESS_TIERS.zoneLabels[zone]} ${rate(rates[0])}/GB`);
  }
  return {
    cost,
    basis: `(${gb(totalGb)} − 1 TB free) × ${parts.join(", ")}${
      billable > 10_240 ? " (tiered past 10 TB)" : ""
    }`,
  };
}

/** The request path every design has: API Gateway, Lambda and CloudFront. */
function awsCompute(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  const costOpt = ctx.constraints.has("Cost Optimization");
  const videoGb = (keys.has("mediaconvert") ? t.videoDeliveredMinutes * VIDEO_GB_PER_MINUTE : 0) +
    liveDeliveredGb(keys, ctx);
  // API Gateway + Lambda (HTTP requests, plus WebSocket routes and IoT rules that invoke Lambda).
  const extraInvocations = (keys.has("apigw_ws") ? t.realtimeMessages : 0) +
    (keys.has("iot_core") ? t.devices * t.deviceMessagesEach : 0);
  const invocations = t.requests + extraInvocations;
  const gbS = invocations * t.wallMs / 1000 * t.memoryGb;
  const gbSRate = costOpt ? P.lambdaGbSArm.value : P.lambdaGbS.value;
  const httpApi = Math.min(t.requests, 300e6) * P.httpApiPerM.value / 1e6 +
    over(t.requests, 300e6) * P.httpApiPerMOver300M.value / 1e6;
  const lambda = over(invocations, P.lambdaFreeRequests.value) * P.lambdaRequestPerM.value / 1e6 +
    over(gbS, P.lambdaFreeGbS.value) * gbSRate;
  out.push(item("API Gateway (HTTP API)", httpApi, [
    `${count(t.requests)} req × ${rate(P.httpApiPerM.value)}/M${
      t.requests > 300e6 ? " (first 300M), $0.90/M after" : ""
    }`,
  ]));
  out.push(item("Lambda", lambda, [
    `(${count(invocations)} − 1M) invocations × ${rate(P.lambdaRequestPerM.value)}/M`,
    `(${count(gbS)} GB-s − 400K) × $${gbSRate}/GB-s (${t.wallMs} ms × ${t.memoryGb * 1024} MB${
      costOpt ? ", arm64" : ""
    })`,
  ]));
  const egress = cloudFrontEgress(t.egressGb + videoGb, ctx.region.cloudFrontMix);
  const cfRequests = over(t.requests, P.cloudFrontFreeRequests.value) / 10_000 *
    P.cloudFrontHttpsPer10k.value;
  out.push(item("CloudFront", egress.cost + cfRequests, [
    egress.basis,
    `(${count(t.requests)} − 10M) HTTPS req × ${rate(P.cloudFrontHttpsPer10k.value)}/10K`,
  ]));
}

/**
 * Shield Advanced when the design subscribes to it: the $3,000/month fee (one per Organization, 1-year
 * commitment, not a regional price) plus its data transfer out fee on the protected resources' egress.
 */
function awsShield(keys: Set<string>, ctx: Context, out: CostItem[]): boolean {
  const P = AWS_PRICES;
  const fronted = [
    "waf",
    "cloudfront",
    "nlb",
    "global_accelerator",
    "alb",
    "ec2_nodes",
    "gamelift",
    "fargate",
    "eks",
  ]
    .some((k) => keys.has(k));
  if (!shieldAdvanced(ctx) || !fronted) return false;
  const atEdge = keys.has("cloudfront") || keys.has("global_accelerator");
  const dto = atEdge ? P.shieldAdvancedDtoEdgePerGb : P.shieldAdvancedDtoRegionalPerGb;
  const gbOut = ctx.traffic.egressGb;
  out.push(item("AWS Shield Advanced", P.shieldAdvancedMonthly.value + gbOut * dto.value, [
    `${usd(P.shieldAdvancedMonthly.value)}/month (1-year commitment)`,
    `${gb(gbOut)} protected egress × ${rate(dto.value)}/GB data transfer out fee (${
      atEdge ? "CloudFront / Global Accelerator" : "ELB / EC2"
    })`,
    keys.has("waf") ? "includes the AWS WAF web ACL, rule and request fees" : "",
  ]));
  return true;
}

/** Edge security and sign-in: WAF (its standard fees covered by Shield Advanced), Identity Center, Cognito. */
function awsSecurity(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  const shield = awsShield(keys, ctx, out);
  if (keys.has("waf")) {
    const bot = ctx.caps.has("bot_protection") || premiumEdge(ctx);
    // Shield Advanced covers the AWS WAF web ACL, rule and request fees of the resources it protects.
    const wafFees = shield ? 0 : P.wafWebAclMonthly.value + 10 * P.wafRuleMonthly.value +
      t.requests * P.wafRequestPerM.value / 1e6;
    const cost = wafFees +
      (bot ? P.wafBotControlMonthly.value + over(t.requests, 10e6) * P.wafBotControlPerM.value / 1e6 : 0);
    out.push(item("AWS WAF", cost, [
      shield
        ? "web ACL, rule and request fees included in Shield Advanced"
        : `${usd(P.wafWebAclMonthly.value)} web ACL + 10 rules × ${usd(P.wafRuleMonthly.value)}`,
      shield ? "" : `${count(t.requests)} req × ${rate(P.wafRequestPerM.value)}/M`,
      bot
        ? `Bot Control ${usd(P.wafBotControlMonthly.value)} + ${
          t.requests > 10e6 ? `(${count(t.requests)} − 10M)` : `${count(t.requests)} (within 10M)`
        } × ${rate(P.wafBotControlPerM.value)}/M`
        : "",
    ]));
  }
  if (keys.has("identity_center")) {
    out.push(item("IAM Identity Center + Verified Access", P.verifiedAccessAppHour.value * 730, [
      `1 app × 730 h × ${rate(P.verifiedAccessAppHour.value)}/h (Identity Center itself free)`,
    ]));
  }
  if (keys.has("cognito")) {
    out.push(item("Cognito", over(t.mau, P.cognitoFreeMau.value) * P.cognitoLitePerMau.value, [
      `(${count(t.mau)} − 10K free) MAU × $${P.cognitoLitePerMau.value} (Lite)`,
    ]));
  }
}

/** RDS hourly list prices by database size level (db_size.ts DB_CLASS_NAMES.aws). */
const RDS_HOURLY = [
  AWS_PRICES.rdsT4gMicroMonthly.value / 730,
  AWS_PRICES.rdsT4gMediumHourly.value,
  AWS_PRICES.rdsR6gLargeHourly.value,
  AWS_PRICES.rdsR6gXlargeHourly.value,
];

/** Databases, cache and object storage: RDS, DynamoDB, ElastiCache, S3. */
function awsData(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  const regions = competitorRegions(ctx).length;
  const costOpt = ctx.constraints.has("Cost Optimization");
  if (keys.has("rds")) {
    const size = dbSize(ctx);
    const hourly = RDS_HOURLY[size.level];
    const label = `${DB_CLASS_NAMES.aws[size.level]} ${dbLayout(size, "Multi-AZ", "single-AZ")}`;
    const copies = billedCopies(size);
    const storage = Math.max(P.rdsMinStorageGb.value, t.sqlStorageGb);
    out.push(item("RDS for PostgreSQL", hourly * 730 * copies + storage * copies * P.rdsGp3PerGb.value, [
      `${label}: ${copies} × 730 h × $${round2(hourly * 1000) / 1000}/h`,
      `${copies} × ${gb(storage)} gp3 × ${rate(P.rdsGp3PerGb.value)}`,
    ]));
  }
  if (keys.has("dynamodb")) {
    const cost = t.dbWrites * regions * P.dynamoWritePerM.value / 1e6 +
      t.dbReads * P.dynamoReadPerM.value / 1e6 +
      over(t.kvStorageGb * regions, P.dynamoFreeGb.value) * P.dynamoStoragePerGb.value;
    out.push(item("DynamoDB", cost, [
      `${count(t.dbWrites)} writes${regions > 1 ? ` × ${regions} regions` : ""} × ${
        rate(P.dynamoWritePerM.value)
      }/M`,
      `${count(t.dbReads)} reads × ${rate(P.dynamoReadPerM.value)}/M`,
      `(${gb(t.kvStorageGb * regions)} − 25 GB) × ${rate(P.dynamoStoragePerGb.value)}`,
    ]));
  }
  if (keys.has("elasticache")) {
    const gbCached = Math.max(1, ctx.global ? 25 : ctx.enterpriseTier ? 5 : 1);
    const r = P.elastiCacheGbHour.value * (costOpt ? 1 - P.elastiCacheValkeyDiscount.value : 1);
    out.push(
      item(costOpt ? "ElastiCache Serverless (Valkey)" : "ElastiCache Serverless", gbCached * 730 * r, [
        `${gbCached} GB (1 GB min) × 730 h × $${round2(r * 10000) / 10000}/GB-h`,
        "ECPU charges not included",
      ]),
    );
  }
  if (keys.has("s3")) {
    const renditionsGb = keys.has("mediaconvert")
      ? t.videoStoredMinutes * VIDEO_GB_PER_MINUTE * VIDEO_RENDITIONS
      : 0;
    const stored = t.objectStoredGb + renditionsGb;
    // Downloads leave through CloudFront, which bills them in the egress it serves; S3 → CloudFront is free.
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    const cost = stored * P.s3StoragePerGb.value + t.objectPuts / 1000 * P.s3PutPer1k.value +
      t.objectGets / 1000 * P.s3GetPer1k.value;
    out.push(item("S3", cost, [
      `${gb(stored)} × ${rate(P.s3StoragePerGb.value)}`,
      `${count(t.objectPuts)} PUT × ${rate(P.s3PutPer1k.value)}/1K`,
      `${count(t.objectGets)} GET × $${P.s3GetPer1k.value}/1K`,
      `${gb(downloads)} downloads served through CloudFront (S3 → CloudFront transfer free)`,
    ]));
  }
}

/** Realtime and background work: WebSocket API, SQS, EventBridge Scheduler. */
function awsMessaging(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  if (keys.has("apigw_ws")) {
    out.push(item(
      "API Gateway WebSocket API",
      t.realtimeMessages * P.wsMessagePerM.value / 1e6 +
        t.realtimeConnectionMinutes * P.wsConnMinPerM.value / 1e6,
      [
        `${count(t.realtimeMessages)} msgs × ${rate(P.wsMessagePerM.value)}/M`,
        `${count(t.realtimeConnectionMinutes)} connection-min × ${rate(P.wsConnMinPerM.value)}/M`,
      ],
    ));
  }
  if (keys.has("sqs")) {
    out.push(item("SQS", over(t.queueMessages * 3, P.sqsFreeRequests.value) * P.sqsPerM.value / 1e6, [
      `(${count(t.queueMessages * 3)} − 1M free) requests × ${rate(P.sqsPerM.value)}/M (${
        count(t.queueMessages)
      } msgs × 3)`,
    ]));
  }
  if (keys.has("scheduler")) {
    // Each schedule fires at the job's cadence (a daily job 30 times a month), not hourly.
    const inv = t.cronJobs * t.jobRuns;
    out.push(
      item(
        "EventBridge Scheduler",
        over(inv, P.schedulerFreeInvocations.value) * P.schedulerPerM.value / 1e6,
        [
          `${count(inv)} invocations (${count(t.jobRuns)} runs × ${t.cronJobs} schedules) within 14M free`,
        ],
      ),
    );
  }
}

/** Live video delivered through CloudFront from MediaPackage (IVS delivers its own, priced per viewer-hour). */
function liveDeliveredGb(keys: Set<string>, ctx: Context): number {
  return keys.has("medialive") ? ctx.traffic.liveViewerHours * 60 * VIDEO_GB_PER_MINUTE : 0;
}

/** Share of on-demand video CloudFront fetches from the packaging origin (the rest is served from cache). */
const VOD_ORIGIN_SHARE = 0.05;
/** CloudFront's regional edge caches, each fetching every live segment once from the packaging origin. */
const REGIONAL_CACHES = 13;
/** GB a live channel's ABR ladder sends the packager an hour (≈9 Mbps over all renditions). */
const LADDER_GB_PER_HOUR = 4;
/** Ads a viewer is served an hour on an ad-supported stream. */
const ADS_PER_VIEWER_HOUR = 8;

/** The Elemental chain: MediaLive channels, MediaPackage packaging and origin, MediaTailor ads. */
function awsElemental(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  const liveHours = keys.has("medialive") ? t.liveInputHours : 0;
  if (keys.has("medialive")) {
    out.push(item("Elemental MediaLive", liveHours * P.mediaLiveChannelHour.value, [
      `${count(liveHours)} channel-h × ${rate(P.mediaLiveChannelHour.value)}`,
    ]));
  }
  if (keys.has("mediapackage")) {
    const ingestGb = liveHours * LADDER_GB_PER_HOUR;
    const vodGb = t.videoDeliveredMinutes * VIDEO_GB_PER_MINUTE;
    const originGb = ingestGb * REGIONAL_CACHES + vodGb * VOD_ORIGIN_SHARE;
    out.push(
      item(
        "Elemental MediaPackage",
        ingestGb * P.mediaPackageIngestPerGb.value + originGb * P.mediaPackageOriginPerGb.value,
        [
          ingestGb ? `${gb(ingestGb)} ingested × ${rate(P.mediaPackageIngestPerGb.value)}` : "",
          `${gb(originGb)} originated (${
            ingestGb ? `live segments × ${REGIONAL_CACHES} regional caches + ` : ""
          }${VOD_ORIGIN_SHARE * 100}% of ${gb(vodGb)} on demand; CloudFront serves the rest) × ${
            rate(P.mediaPackageOriginPerGb.value)
          }`,
        ],
      ),
    );
  }
  if (keys.has("mediatailor")) {
    const viewerHours = t.liveViewerHours + t.videoDeliveredMinutes / 60;
    const ads = viewerHours * ADS_PER_VIEWER_HOUR;
    out.push(item("Elemental MediaTailor", ads / 1000 * P.mediaTailorPerThousandAds.value, [
      `${count(ads)} ads (${count(viewerHours)} viewer-h × ${ADS_PER_VIEWER_HOUR}) × ${
        rate(P.mediaTailorPerThousandAds.value)
      }/1K`,
    ]));
  }
}

/** Video and images: MediaConvert, IVS, the Serverless Image Handler. */
function awsMedia(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  const videoGb = keys.has("mediaconvert") ? t.videoDeliveredMinutes * VIDEO_GB_PER_MINUTE : 0;
  if (keys.has("mediaconvert")) {
    out.push(item("MediaConvert", t.videoNewMinutes * VIDEO_RENDITIONS * P.mediaConvertHdMin.value, [
      `${count(t.videoNewMinutes)} new min × ${VIDEO_RENDITIONS} renditions × ${
        rate(P.mediaConvertHdMin.value)
      }/min`,
      `delivery via CloudFront (${gb(videoGb)})`,
    ]));
  }
  awsElemental(keys, ctx, out);
  if (keys.has("ivs")) {
    out.push(
      item(
        "IVS",
        t.liveInputHours * P.ivsStandardInputHour.value + t.liveViewerHours * P.ivsHdOutputHour.value,
        [
          `${count(t.liveInputHours)} input h × ${rate(P.ivsStandardInputHour.value)}`,
          `${count(t.liveViewerHours)} viewer-h × ${rate(P.ivsHdOutputHour.value)} (HD)`,
        ],
      ),
    );
  }
  if (keys.has("image_handler")) {
    const g = t.imageTransforms * 0.5;
    out.push(
      item(
        "Serverless Image Handler (Lambda)",
        t.imageTransforms * P.lambdaRequestPerM.value / 1e6 + g * P.lambdaGbS.value,
        [
          `${count(t.imageTransforms)} resizes × (${
            rate(P.lambdaRequestPerM.value)
          }/M + 0.5 GB-s × $${P.lambdaGbS.value})`,
        ],
      ),
    );
  }
}

/** AI and vectors: Bedrock, OpenSearch Serverless, S3 Vectors. */
function awsAi(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  if (keys.has("bedrock")) {
    const tok = t.aiRequests * (t.aiInputTokens + t.aiOutputTokens);
    out.push(item("Bedrock (Llama 3.1 8B)", tok * P.bedrockLlama8bPerM.value / 1e6, [
      `${count(tok)} tokens in+out × ${rate(P.bedrockLlama8bPerM.value)}/M`,
    ]));
  }
  if (keys.has("opensearch")) {
    const ocu = P.openSearchMinOcu.value * (ctx.global ? 4 : ctx.enterpriseTier ? 2 : 1);
    const storage = t.vectors * t.vectorDims * 4 / 1e9 + (ctx.caps.has("search") ? t.multiplier : 0);
    out.push(
      item(
        "OpenSearch Serverless",
        ocu * 730 * P.openSearchOcuHour.value + storage * P.openSearchStoragePerGb.value,
        [
          `${ocu} OCU × 730 h × ${rate(P.openSearchOcuHour.value)}`,
          `${gb(storage)} × ${rate(P.openSearchStoragePerGb.value)}`,
        ],
      ),
    );
  }
  if (keys.has("s3_vectors")) {
    const vGb = t.vectors * t.vectorDims * 4 / 1e9;
    out.push(item(
      "S3 Vectors",
      vGb * P.s3VectorsStoragePerGb.value + vGb * 0.1 * P.s3VectorsPutPerGb.value +
        t.vectorQueries * P.s3VectorsQueryPerM.value / 1e6,
      [
        `${gb(vGb)} × ${rate(P.s3VectorsStoragePerGb.value)}`,
        `10% re-upload × ${rate(P.s3VectorsPutPerGb.value)}/GB`,
        `${count(t.vectorQueries)} queries × ${rate(P.s3VectorsQueryPerM.value)}/M`,
      ],
    ));
  }
}

/** Event analytics, email and devices: Firehose + Athena, SES, IoT Core. */
function awsEventsEmailIot(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AWS_PRICES;
  const t = ctx.traffic;
  if (keys.has("firehose")) {
    const g = t.events / 1e6; // 1 KB per event
    out.push(item("Data Firehose + Athena", g * P.firehosePerGb.value + g * 2 / 1000 * P.athenaPerTb.value, [
      `${gb(g)} (1 KB/event) × ${rate(P.firehosePerGb.value)}`,
      `${gb(g * 2)} scanned × ${usd(P.athenaPerTb.value)}/TB`,
    ]));
  }
  if (keys.has("ses")) {
    out.push(
      item("SES", t.emails / 1000 * P.sesPer1k.value, [
        `${count(t.emails)} emails × ${rate(P.sesPer1k.value)}/1K`,
      ]),
    );
  }
  if (keys.has("iot_core")) {
    const msgs = t.devices * t.deviceMessagesEach;
    const connMin = t.devices * t.deviceMessagesEach; // connected every minute
    const cost = Math.min(msgs, 1e9) * P.iotMessagePerM.value / 1e6 +
      over(msgs, 1e9) * P.iotMessagePerMOver1B.value / 1e6 +
      connMin * P.iotConnMinPerM.value / 1e6;
    out.push(item("IoT Core", cost, [
      `${count(msgs)} msgs × ${rate(P.iotMessagePerM.value)}/M${
        msgs > 1e9 ? " (first 1B), $0.80/M after" : ""
      }`,
      `${count(connMin)} connection-min × ${rate(P.iotConnMinPerM.value)}/M`,
    ]));
  }
}

/** Monthly cost items of an AWS design's services, group by group in a fixed order. */
export function awsCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const out: CostItem[] = [];
  awsCompute(keys, ctx, out);
  awsSecurity(keys, ctx, out);
  awsData(keys, ctx, out);
  awsMessaging(keys, ctx, out);
  awsMedia(keys, ctx, out);
  awsAi(keys, ctx, out);
  awsEventsEmailIot(keys, ctx, out);
  const dns = route53Cost(keys, ctx);
  if (dns) out.push(dns);
  return out;
}
