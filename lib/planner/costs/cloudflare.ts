/** Cost engine for Cloudflare designs. */
import { CLOUDFLARE_PRICES } from "../catalog/prices_cloudflare.ts";
import { type Context, type CostItem, premiumEdge, usesManagedSpeech } from "../context.ts";
import { count, gb, item, over, rate, round2, usd } from "../format.ts";
import { liveConnections } from "./live.ts";
import { KEPT_DB, managedPostgresItem } from "./managed_postgres.ts";

/** The request path every design has: Workers and the CDN. */
function cloudflareCompute(_keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  const cpu = t.requests * t.cpuMs;
  const reqCost = over(t.requests, P.workersIncludedRequests.value) * P.workersRequestPerM.value / 1e6;
  const cpuCost = over(cpu, P.workersIncludedCpuMs.value) * P.workersCpuPerMMs.value / 1e6;
  out.push(item("Workers (Paid plan)", P.workersPaidMonthly.value + reqCost + cpuCost, [
    `${usd(P.workersPaidMonthly.value)} plan minimum`,
    `(${count(t.requests)} − ${count(P.workersIncludedRequests.value)} incl.) req × ${
      rate(P.workersRequestPerM.value)
    }/M`,
    `(${count(cpu)} − ${count(P.workersIncludedCpuMs.value)} incl.) CPU-ms × ${
      rate(P.workersCpuPerMMs.value)
    }/M`,
  ]));
  out.push(
    item("CDN bandwidth + DDoS", 0, [`${gb(t.egressGb)} egress × $0/GB (no egress fees, DDoS unmetered)`]),
  );
}

/** Edge security and sign-in: WAF (or the Business plan a Waiting Room needs), Access, Turnstile. */
function cloudflareSecurity(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  // Waiting Room needs a Business (or Enterprise) zone plan, which includes one room: the plan is priced
  // once, with the WAF when there is one.
  const waitingRoom = keys.has("waiting_room");
  if (keys.has("waf")) {
    const business = premiumEdge(ctx) || waitingRoom;
    const plan = business ? P.businessPlanMonthly : P.proPlanMonthly;
    out.push(item(business ? "WAF + bots (Business plan)" : "WAF + bots (Pro plan)", plan.value, [
      `${usd(plan.value)}/zone/month list`,
      business
        ? "Enterprise Bot Management is contract-priced (Business used as floor)"
        : "Super Bot Fight Mode included",
      ...(waitingRoom ? ["includes the Waiting Room"] : []),
    ]));
  } else if (waitingRoom) {
    out.push(item("Business plan (for Waiting Room)", P.businessPlanMonthly.value, [
      `${usd(P.businessPlanMonthly.value)}/zone/month list; Waiting Room needs Business or Enterprise`,
    ]));
  }
  if (keys.has("access")) {
    const paid = t.staff > P.zeroTrustFreeUsers.value;
    out.push(item("Access (Zero Trust)", paid ? t.staff * P.zeroTrustPerUser.value : 0, [
      paid
        ? `${t.staff} staff × ${
          usd(P.zeroTrustPerUser.value)
        }/user (free tier ends at ${P.zeroTrustFreeUsers.value})`
        : `${t.staff} staff ≤ ${P.zeroTrustFreeUsers.value} free seats`,
    ]));
  }
  if (keys.has("turnstile")) out.push(item("Turnstile", 0, ["free; sign-in logic runs in Workers"]));
  else if (keys.has("turnstile_forms")) {
    out.push(item("Turnstile (form bot check)", 0, ["free (unlimited challenges)"]));
  }
}

/**
 * The Postgres behind Hyperdrive: sized like the competitor's database (not one flat small instance), or
 * billed by its current host when the team keeps it there.
 */
function cloudflarePostgres(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  if (!keys.has("ext_postgres")) return;
  const name = "Postgres (existing / Neon / Supabase)";
  out.push(
    KEPT_DB.test(ctx.request.appDescription)
      ? item(name, 0, ["billed by its current host (kept where it runs)"])
      : managedPostgresItem(name, ctx),
  );
}

/** Storage and state: KV, D1, R2, Durable Objects. */
function cloudflareData(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  if (keys.has("kv")) {
    let reads = 0, writes = 0, storage = 0;
    if (ctx.caps.has("kv")) {
      reads += t.dbReads;
      writes += t.dbWrites;
      storage += t.kvStorageGb;
    } else if (ctx.caps.has("auth")) {
      // Signed session cookies; KV holds refresh tokens: ~4 sign-ins and ~30 refreshes per user a month.
      reads += t.mau * 30;
      writes += t.mau * 4;
      storage += t.mau * 2e-6;
    }
    if (ctx.growthPlus && ctx.caps.has("relational")) {
      reads += t.dbReads * 0.5;
      writes += t.dbReads * 0.05;
      storage += t.multiplier;
    }
    const cost = over(reads, P.kvIncludedReads.value) * P.kvReadPerM.value / 1e6 +
      over(writes, P.kvIncludedWrites.value) * P.kvWritePerM.value / 1e6 +
      over(storage, P.kvIncludedGb.value) * P.kvStoragePerGb.value;
    out.push(item("Workers KV", cost, [
      `(${count(reads)} − 10M) reads × ${rate(P.kvReadPerM.value)}/M`,
      `(${count(writes)} − 1M) writes × ${rate(P.kvWritePerM.value)}/M`,
      `(${gb(storage)} − 1 GB) × ${rate(P.kvStoragePerGb.value)}`,
    ]));
  }
  if (keys.has("d1")) {
    const rowsRead = t.dbReads * t.rowsPerRead;
    const rowsWritten = t.dbWrites * t.rowsPerWrite;
    const cost = over(rowsRead, P.d1IncludedRowsRead.value) * P.d1RowsReadPerM.value / 1e6 +
      over(rowsWritten, P.d1IncludedRowsWritten.value) * P.d1RowsWrittenPerM.value / 1e6 +
      over(t.sqlStorageGb, P.d1IncludedGb.value) * P.d1StoragePerGb.value;
    out.push(item("D1", cost, [
      `${count(rowsRead)} rows read (25B incl.) × ${rate(P.d1RowsReadPerM.value)}/M`,
      `${count(rowsWritten)} rows written (50M incl.) × ${rate(P.d1RowsWrittenPerM.value)}/M`,
      `(${gb(t.sqlStorageGb)} − 5 GB) × ${rate(P.d1StoragePerGb.value)}`,
    ]));
  }
  if (keys.has("r2")) {
    const cost = over(t.objectStoredGb, P.r2IncludedGb.value) * P.r2StoragePerGb.value +
      over(t.objectPuts, P.r2IncludedClassA.value) * P.r2ClassAPerM.value / 1e6 +
      over(t.objectGets, P.r2IncludedClassB.value) * P.r2ClassBPerM.value / 1e6;
    out.push(item("R2", cost, [
      `(${gb(t.objectStoredGb)} − 10 GB) × ${rate(P.r2StoragePerGb.value)}`,
      `(${count(t.objectPuts)} − 1M) Class A × ${rate(P.r2ClassAPerM.value)}/M`,
      `(${count(t.objectGets)} − 10M) Class B × ${rate(P.r2ClassBPerM.value)}/M`,
      `${gb(t.objectDownloadGb)} egress × $0`,
    ]));
  }
  if (keys.has("durable_objects")) {
    const live = liveConnections(ctx);
    const wsMessages = (live ? t.realtimeMessages : 0) +
      (ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach : 0);
    const connections = live ? t.realtimeConnectionMinutes / 30 : 0;
    // Objects that coordinate state (per-key ordering, counters, strong consistency) take the app's writes.
    const stateful = live || ctx.caps.has("iot") ? 0 : t.dbWrites;
    const requests = wsMessages / P.doWsMessagesPerRequest.value + connections + stateful;
    const gbS = (wsMessages + stateful) * 0.02 * 0.128;
    const storage = t.multiplier + (ctx.caps.has("iot") ? t.devices / 1000 : 0);
    const cost = over(requests, P.doIncludedRequests.value) * P.doRequestPerM.value / 1e6 +
      over(gbS, P.doIncludedGbS.value) * P.doGbSPerM.value / 1e6 +
      over(storage, P.doIncludedGb.value) * P.doStoragePerGb.value;
    out.push(item("Durable Objects", cost, [
      `(${count(requests)} − 1M incl.) req × ${rate(P.doRequestPerM.value)}/M (${
        count(wsMessages)
      } WS msgs ÷ 20 + ${count(connections)} connects${
        stateful ? ` + ${count(stateful)} state writes` : ""
      })`,
      `(${count(gbS)} GB-s − 400K) × ${
        rate(P.doGbSPerM.value)
      }/M (20 ms awake per msg, hibernated otherwise)`,
      `(${gb(storage)} − 5 GB) × ${rate(P.doStoragePerGb.value)}`,
    ]));
  }
}

/** Background work: Queues, Cron Triggers. */
function cloudflareMessaging(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  if (keys.has("queues")) {
    // A queue in the plan carries the same messages as the competitor's queue, whatever added it (a
    // capability, a priority or a workload shape); device readings ride on top, batched.
    const messages = t.queueMessages + (ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach / 100 : 0);
    const ops = messages * P.queuesOpsPerMessage.value;
    out.push(item("Queues", over(ops, P.queuesIncludedOps.value) * P.queuesOpPerM.value / 1e6, [
      `(${count(ops)} − 1M incl.) ops × ${rate(P.queuesOpPerM.value)}/M (${count(messages)} msgs × 3)`,
      ctx.caps.has("iot") ? "device readings batched 100 per message" : "",
    ]));
  }
  if (keys.has("cron")) {
    out.push(item("Cron Triggers", 0, [`${t.cronJobs} schedules, included in Workers Paid`]));
  }
}

/** Video and images: Stream, Images. */
function cloudflareMedia(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  if (keys.has("stream")) {
    const liveMinutes = ctx.live ? t.liveViewerHours * 60 : 0;
    const delivered = t.videoDeliveredMinutes + liveMinutes;
    const cost = t.videoStoredMinutes / 1000 * P.streamStoredPer1kMin.value +
      delivered / 1000 * P.streamDeliveredPer1kMin.value;
    out.push(item("Stream", cost, [
      `${count(t.videoStoredMinutes)} min stored × ${usd(P.streamStoredPer1kMin.value)}/1K`,
      `${count(delivered)} min delivered × ${usd(P.streamDeliveredPer1kMin.value)}/1K`,
      "encoding free",
    ]));
  }
  if (keys.has("images")) {
    out.push(
      item(
        "Images",
        over(t.imageTransforms, P.imagesIncludedTransforms.value) / 1000 * P.imagesTransformPer1k.value,
        [
          `(${count(t.imageTransforms)} − 5K free) transformations × ${
            rate(P.imagesTransformPer1k.value)
          }/1K (originals in R2)`,
        ],
      ),
    );
  }
}

/** AI and vectors: Workers AI, Vectorize. */
function cloudflareAi(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  if (keys.has("workers_ai")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    const free = P.workersAiFreeNeuronsPerDay.value * 30 / 1000 * P.workersAiPer1kNeurons.value;
    const gross = inTok / 1e6 * P.workersAiLlama8bInPerM.value +
      outTok / 1e6 * P.workersAiLlama8bOutPerM.value;
    out.push(item("Workers AI (Llama 3.1 8B)", gross - free, [
      `${count(inTok)} in tok × ${rate(P.workersAiLlama8bInPerM.value)}/M`,
      `${count(outTok)} out tok × ${rate(P.workersAiLlama8bOutPerM.value)}/M`,
      `(${usd(round2(free))} of free Neurons deducted)`,
    ]));
  }
  if (keys.has("workers_ai") && usesManagedSpeech(ctx)) {
    // Speech runs on Workers AI beside the LLM: streaming speech-to-text, and a voice for the replies.
    out.push(
      item(
        "Workers AI speech-to-text (Nova-3 streaming)",
        t.speechMinutes * P.workersAiNova3StreamPerMin.value,
        [
          `${count(t.speechMinutes)} audio min × ${rate(P.workersAiNova3StreamPerMin.value)}/min`,
        ],
      ),
    );
    if (t.ttsChars > 0) {
      out.push(item("Workers AI text-to-speech (Aura)", t.ttsChars / 1000 * P.workersAiAuraPer1kChars.value, [
        `${count(t.ttsChars)} characters × ${rate(P.workersAiAuraPer1kChars.value)}/1k`,
      ]));
    }
  }
  if (keys.has("vectorize")) {
    const queries = (ctx.caps.has("vector") ? t.vectorQueries : 0) +
      (ctx.caps.has("search") ? t.searchQueries : 0);
    const queried = queries * t.vectorDims;
    const stored = t.vectors * t.vectorDims;
    const cost = over(queried, P.vectorizeIncludedQueried.value) * P.vectorizeQueriedPerM.value / 1e6 +
      over(stored, P.vectorizeIncludedStored.value) * P.vectorizeStoredPer100M.value / 1e8;
    out.push(item("Vectorize", cost, [
      `(${count(queried)} − 50M incl.) queried-dims × ${rate(P.vectorizeQueriedPerM.value)}/M (${
        count(queries)
      } queries × ${t.vectorDims})`,
      `(${count(stored)} − 10M incl.) stored-dims × ${rate(P.vectorizeStoredPer100M.value)}/100M`,
    ]));
  }
}

/** Event analytics and email: Workers Analytics Engine, Email. */
function cloudflareEventsEmail(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = CLOUDFLARE_PRICES;
  const t = ctx.traffic;
  if (keys.has("analytics_engine")) {
    out.push(
      item(
        "Workers Analytics Engine",
        over(t.events, P.analyticsEngineIncluded.value) * P.analyticsEnginePerM.value / 1e6,
        [
          `(${count(t.events)} − 10M) data points × ${rate(P.analyticsEnginePerM.value)}/M`,
        ],
      ),
    );
  }
  if (keys.has("email")) {
    out.push(
      item(
        "Email Sending",
        over(t.emails, P.emailSendingIncluded.value) / 1000 * P.emailSendingPer1k.value,
        [
          `(${count(t.emails)} − ${count(P.emailSendingIncluded.value)} incl.) emails × ${
            rate(P.emailSendingPer1k.value)
          }/1K (Routing free)`,
        ],
      ),
    );
  }
}

/** Monthly cost items of a Cloudflare design's services, group by group in a fixed order. */
export function cloudflareCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const out: CostItem[] = [];
  cloudflareCompute(keys, ctx, out);
  cloudflareSecurity(keys, ctx, out);
  cloudflareData(keys, ctx, out);
  cloudflarePostgres(keys, ctx, out);
  cloudflareMessaging(keys, ctx, out);
  cloudflareMedia(keys, ctx, out);
  cloudflareAi(keys, ctx, out);
  cloudflareEventsEmail(keys, ctx, out);
  return out;
}
