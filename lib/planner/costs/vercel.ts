/** Cost engine for Vercel designs (and the Mux video line Azure uses too). */
import { MUX_PRICES, VERCEL_PRICES } from "../catalog/prices_vercel.ts";
import { type Traffic, TTS_CHARS_PER_MINUTE } from "../catalog/traffic.ts";
import { type Context, type CostItem, usesManagedSpeech } from "../context.ts";
import { count, gb, item, over, rate, usd } from "../format.ts";
import { managedPostgresItem } from "./managed_postgres.ts";
import { readTeamSize } from "../figure_team.ts";

export function muxCost(t: Traffic, ctx: Context): CostItem {
  const delivered = t.videoDeliveredMinutes + (ctx.live ? t.liveViewerHours * 60 : 0);
  return item(
    "Mux (third-party video)",
    t.videoStoredMinutes * MUX_PRICES.storagePerMin.value +
      delivered * MUX_PRICES.deliveryPerMin.value,
    [
      `${count(t.videoStoredMinutes)} min stored × $${MUX_PRICES.storagePerMin.value}`,
      `${count(delivered)} min delivered × $${MUX_PRICES.deliveryPerMin.value}`,
      "basic encoding free",
    ],
  );
}

/**
 * Vercel Pro seats: one per member of the team that deploys, as the description counts it ("a 6-person
 * team", "team of 2"), else a default by scale tier.
 */
export function vercelSeats(ctx: Context): { seats: number; read?: string } {
  const team = readTeamSize(ctx.request.appDescription);
  if (team) return { seats: team.seats, read: team.phrase };
  return { seats: ctx.global ? 20 : ctx.enterpriseTier ? 10 : ctx.growthPlus ? 3 : 1 };
}

/** What every design pays: Pro seats, Vercel Functions and the CDN. */
function vercelCompute(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  const { seats, read } = vercelSeats(ctx);
  const iotMsgs = ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach : 0;
  const invocations = t.requests + iotMsgs;
  const cpuH = invocations * t.cpuMs / 3.6e6;
  const memH = invocations * t.wallMs / 3.6e6;
  const fnGross = over(invocations, P.includedInvocations.value) * P.invocationPerM.value / 1e6 +
    over(cpuH, P.includedActiveCpuHours.value) * P.activeCpuHour.value +
    over(memH, P.includedMemoryGbHours.value) * P.memoryGbHour.value;
  const edgeReq = t.requests + iotMsgs;
  out.push(item("Vercel Pro seats", seats * P.proSeatMonthly.value, [
    `${seats} developer seat(s) (the team that deploys, ${
      read ? `read: "${read}"` : "by tier, assumed"
    }; the app's operators need none) × ${usd(P.proSeatMonthly.value)} (includes ${
      usd(P.proUsageCredit.value)
    } usage credit, netted in Functions)`,
  ]));
  out.push(item("Vercel Functions", fnGross - P.proUsageCredit.value, [
    `(${count(invocations)} − 1M) invocations × ${rate(P.invocationPerM.value)}/M`,
    `(${count(cpuH)} − 4) Active CPU-h × ${rate(P.activeCpuHour.value)}`,
    `(${count(memH)} − 360) GB-h × $${P.memoryGbHour.value}`,
    `(${usd(P.proUsageCredit.value)} Pro credit deducted)`,
  ]));
  // Blob downloads are billed as Blob data transfer (its own line), not again as Fast Data Transfer.
  const blobGb = keys.has("blob") && ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
  const fdtGb = Math.max(0, t.egressGb - blobGb);
  out.push(
    item(
      "Vercel CDN (edge requests + Fast Data Transfer)",
      over(edgeReq, P.includedEdgeRequests.value) * P.edgeRequestPerM.value / 1e6 +
        over(fdtGb, P.includedFastDataTransferGb.value) * P.fastDataTransferPerGb.value,
      [
        `(${count(edgeReq)} − 10M) edge req × ${rate(P.edgeRequestPerM.value)}/M`,
        `(${gb(fdtGb)} − 1 TB) × ${rate(P.fastDataTransferPerGb.value)}/GB (US/EU rate${
          blobGb ? "; Blob downloads billed by Blob" : ""
        })`,
      ],
    ),
  );
}

/** Security and sign-in: Firewall, Deployment Protection, Clerk. */
function vercelSecurity(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  if (keys.has("firewall")) {
    out.push(
      item("Vercel Firewall", 0, ["included in Pro; managed WAF rulesets need Enterprise (contract)"]),
    );
  }
  if (keys.has("deployment_protection")) {
    out.push(
      item("Advanced Deployment Protection", P.advancedProtectionMonthly.value, [
        `${usd(P.advancedProtectionMonthly.value)}/month Pro add-on`,
      ]),
    );
  }
  if (keys.has("clerk")) {
    out.push(
      item(
        "Clerk (Marketplace)",
        P.clerkProMonthly.value + over(t.mau, P.clerkIncludedMau.value) * P.clerkPerMau.value,
        [
          `${usd(P.clerkProMonthly.value)} Pro + (${count(t.mau)} − ${
            count(P.clerkIncludedMau.value)
          }) MAU × ${rate(P.clerkPerMau.value)}`,
        ],
      ),
    );
  }
}

/** Databases, cache and files: Neon, Upstash Redis, Blob. */
function vercelData(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  if (keys.has("neon")) out.push(managedPostgresItem("Neon Postgres (Marketplace)", ctx));
  if (keys.has("upstash_redis")) {
    const commands = (ctx.caps.has("kv") ? t.dbReads + t.dbWrites : 0) +
      (ctx.growthPlus && ctx.caps.has("relational") ? t.dbReads : 0);
    const storage = ctx.caps.has("kv") ? t.kvStorageGb : t.multiplier;
    out.push(
      item(
        "Upstash Redis (Marketplace)",
        commands / 1e5 * P.upstashPer100kCommands.value + storage * P.upstashStoragePerGb.value,
        [
          `${count(commands)} commands × ${rate(P.upstashPer100kCommands.value)}/100K`,
          `${gb(storage)} × ${rate(P.upstashStoragePerGb.value)}`,
        ],
      ),
    );
  }
  if (keys.has("blob")) {
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    out.push(
      item(
        "Vercel Blob",
        t.objectStoredGb * P.blobStoragePerGb.value + t.objectGets * P.blobSimpleOpsPerM.value / 1e6 +
          t.objectPuts * P.blobAdvancedOpsPerM.value / 1e6 + downloads * P.blobTransferPerGb.value,
        [
          `${gb(t.objectStoredGb)} × ${rate(P.blobStoragePerGb.value)}`,
          `${count(t.objectGets)} reads × ${rate(P.blobSimpleOpsPerM.value)}/M`,
          `${count(t.objectPuts)} uploads × ${rate(P.blobAdvancedOpsPerM.value)}/M`,
          `${gb(downloads)} transfer × ${rate(P.blobTransferPerGb.value)}/GB`,
        ],
      ),
    );
  }
}

/** Realtime and media: Pusher, Mux, Image Optimization. */
function vercelRealtimeMedia(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  if (keys.has("pusher")) {
    const concurrent = t.realtimeConnectionMinutes / 43_200;
    const [label, price] = concurrent <= 500
      ? ["Startup", P.pusherStartupMonthly.value]
      : concurrent <= 2000
      ? ["Pro", P.pusherProMonthly.value]
      : [
        "Business",
        Math.ceil(concurrent / P.pusherConnectionsPerBusiness.value) * P.pusherBusinessMonthly.value,
      ];
    out.push(item("Pusher Channels (third-party)", price, [
      `${count(Math.round(concurrent))} avg connections → ${label} plan${
        label === "Business"
          ? ` × ${Math.ceil(concurrent / 5000)} (${usd(P.pusherBusinessMonthly.value)} each)`
          : ""
      }`,
    ]));
  }
  if (keys.has("mux")) out.push(muxCost(t, ctx));
  if (keys.has("image_opt")) {
    out.push(item("Vercel Image Optimization", t.imageTransforms / 1000 * P.imageTransformPer1k.value, [
      `${count(t.imageTransforms)} transformations × ${rate(P.imageTransformPer1k.value)}/1K`,
    ]));
  }
}

/** Background work, email and analytics: Queues, Cron Jobs, Resend, Web Analytics. */
function vercelMessagingEmail(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  if (keys.has("queues")) out.push(item("Vercel Queues", 0, ["beta: no published price"]));
  if (keys.has("cron")) out.push(item("Cron Jobs", 0, [`${t.cronJobs} jobs included in Pro`]));
  if (keys.has("resend") && t.emails <= P.resendFreeEmails.value) {
    out.push(item("Resend (Marketplace)", 0, [
      `${count(t.emails)} emails (within the Free plan's ${count(P.resendFreeEmails.value)}/month, 100/day)`,
    ]));
  } else if (keys.has("resend")) {
    const blocks = Math.ceil(t.emails / 50_000);
    out.push(
      item("Resend (Marketplace)", blocks * P.resendPer50k.value, [
        `${blocks} × 50K emails × ${usd(P.resendPer50k.value)}`,
      ]),
    );
  }
  if (keys.has("web_analytics")) {
    out.push(item("Web Analytics", t.events / 1e5 * P.webAnalyticsPer100k.value, [
      `${count(t.events)} events × ${usd(P.webAnalyticsPer100k.value)}/100K`,
    ]));
  }
}

/** AI and vectors: AI Gateway, Upstash Vector. */
function vercelAi(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = VERCEL_PRICES;
  const t = ctx.traffic;
  if (keys.has("ai_gateway")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    out.push(
      item(
        "AI Gateway (GPT-4o mini)",
        inTok / 1e6 * P.gpt4oMiniInPerM.value + outTok / 1e6 * P.gpt4oMiniOutPerM.value,
        [
          `${count(inTok)} in tok × ${rate(P.gpt4oMiniInPerM.value)}/M`,
          `${count(outTok)} out tok × ${rate(P.gpt4oMiniOutPerM.value)}/M (provider list price)`,
        ],
      ),
    );
  }
  if (keys.has("ai_gateway") && usesManagedSpeech(ctx)) {
    // Speech goes to the model provider's speech models through the AI SDK: priced as a model estimate.
    const spoken = t.ttsChars / TTS_CHARS_PER_MINUTE;
    out.push(item(
      "Speech models (model estimate)",
      t.speechMinutes * P.transcribeMiniPerMin.value + spoken * P.ttsMiniPerMin.value,
      [
        `${count(t.speechMinutes)} audio min × ${rate(P.transcribeMiniPerMin.value)}/min speech-to-text`,
        ...(spoken > 0
          ? [`${count(spoken)} spoken min × ${rate(P.ttsMiniPerMin.value)}/min text-to-speech`]
          : []),
      ],
    ));
  }
  if (keys.has("upstash_vector")) {
    const requests = (ctx.caps.has("vector") ? t.vectorQueries : 0) +
      (ctx.caps.has("search") ? t.searchQueries : 0) +
      t.vectors * 0.1;
    const storage = t.vectors * t.vectorDims * 4 / 1e9;
    out.push(item(
      "Upstash Vector (Marketplace)",
      requests / 1e5 * P.upstashVectorPer100k.value +
        storage * P.upstashVectorStoragePerGb.value,
      [
        `${count(requests)} requests × ${rate(P.upstashVectorPer100k.value)}/100K`,
        `${gb(storage)} × ${rate(P.upstashVectorStoragePerGb.value)}`,
      ],
    ));
  }
}

/** Monthly cost items of a Vercel design's services, group by group in a fixed order. */
export function vercelCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const out: CostItem[] = [];
  vercelCompute(keys, ctx, out);
  vercelSecurity(keys, ctx, out);
  vercelData(keys, ctx, out);
  vercelRealtimeMedia(keys, ctx, out);
  vercelMessagingEmail(keys, ctx, out);
  vercelAi(keys, ctx, out);
  return out;
}
