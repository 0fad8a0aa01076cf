/** Cost engine for Google Cloud designs. */
import { billedCopies, dbLayout, dbSize } from "./db_size.ts";
import { GCP_PRICES } from "../catalog/prices_gcp.ts";
import { VIDEO_GB_PER_MINUTE } from "../catalog/traffic.ts";
import { competitorRegions, type Context, type CostItem, premiumEdge } from "../context.ts";
import { count, gb, item, over, rate, round2, usd } from "../format.ts";
import { zoneDnsCost } from "./dns.ts";
import { zoneEgress, type ZoneRates } from "./zones.ts";
import { liveConnections } from "./live.ts";
import { SFU_GB_PER_PARTICIPANT_MINUTE } from "../catalog/workload_cloudflare.ts";

/** Cache kept per user in Memorystore (sessions, hot keys). */
const CACHE_KB_PER_USER = 10;

/** Cloud CDN cache egress per destination (first 10 TiB), by the audience's zone. */
const CDN_ZONES: ZoneRates = {
  us_eu: { fact: GCP_PRICES.cdnEgressPerGib, label: "North America/Europe" },
  asia: { fact: GCP_PRICES.cdnEgressAsiaPerGib, label: "Asia Pacific" },
  japan: { fact: GCP_PRICES.cdnEgressAsiaPerGib, label: "Asia Pacific" },
  india: { fact: GCP_PRICES.cdnEgressAsiaPerGib, label: "Asia Pacific" },
  australia: { fact: GCP_PRICES.cdnEgressOceaniaPerGib, label: "Oceania" },
  south_america: { fact: GCP_PRICES.cdnEgressSouthAmericaPerGib, label: "South America" },
};

/** The request path every design has: Cloud Run and Cloud CDN + Load Balancer. */
function gcpCompute(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  const iotMsgs = ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach : 0;
  const req = t.requests + iotMsgs;
  const vcpuS = req * t.wallMs / 1000;
  const gibS = vcpuS * t.memoryGb;
  const liveMinutes = keys.has("live_stream") ? t.liveViewerHours * 60 : 0;
  const videoGb = keys.has("transcoder") ? (t.videoDeliveredMinutes + liveMinutes) * VIDEO_GB_PER_MINUTE : 0;
  const egressGb = t.egressGb + videoGb;
  out.push(item(
    "Cloud Run",
    over(req, P.runFreeRequests.value) * P.runRequestPerM.value / 1e6 +
      over(vcpuS, P.runFreeVcpuSeconds.value) * P.runVcpuSecond.value +
      over(gibS, P.runFreeGibSeconds.value) * P.runGibSecond.value,
    [
      `(${count(req)} − 2M) req × ${rate(P.runRequestPerM.value)}/M`,
      `(${count(vcpuS)} − 180K) vCPU-s × $${P.runVcpuSecond.value}`,
      `(${count(gibS)} − 360K) GiB-s × $${P.runGibSecond.value} (1 vCPU, 512 MiB, no request overlap)`,
    ],
  ));
  const cdnEgress = zoneEgress(egressGb, ctx.region.cloudFrontMix, CDN_ZONES, "GiB");
  out.push(
    item(
      "Cloud CDN + Load Balancer",
      730 * P.lbForwardingRuleHour.value + cdnEgress.cost +
        t.requests / 10_000 * P.cdnLookupPer10k.value,
      [
        `forwarding rule 730 h × ${rate(P.lbForwardingRuleHour.value)}`,
        cdnEgress.basis,
        `${count(t.requests)} lookups × $${P.cdnLookupPer10k.value}/10K`,
      ],
    ),
  );
}

/** Edge security and sign-in: Cloud Armor, IAP, Identity Platform. */
function gcpSecurity(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  if (keys.has("armor")) {
    const enterprise = ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier && premiumEdge(ctx);
    out.push(
      item(
        enterprise ? "Cloud Armor Enterprise" : "Cloud Armor",
        enterprise
          ? P.armorEnterpriseMonthly.value
          : P.armorPolicyMonthly.value + 10 * P.armorRuleMonthly.value +
            t.requests * P.armorRequestPerM.value / 1e6,
        [
          enterprise
            ? `${usd(P.armorEnterpriseMonthly.value)}/month subscription (annual)`
            : `${usd(P.armorPolicyMonthly.value)} policy + 10 rules × ${usd(P.armorRuleMonthly.value)} + ${
              count(t.requests)
            } req × ${rate(P.armorRequestPerM.value)}/M`,
        ],
      ),
    );
  }
  if (keys.has("iap")) {
    out.push(item("Identity-Aware Proxy", 0, ["no charge for HTTPS resources behind the load balancer"]));
  }
  if (keys.has("identity_platform")) {
    let cost = 0, prev = P.identityPlatformFreeMau.value;
    for (const [upTo, price] of P.identityPlatformTiers) {
      cost += Math.max(0, Math.min(t.mau, upTo) - prev) * price;
      prev = upTo;
    }
    out.push(item("Identity Platform", cost, [
      `(${count(t.mau)} − 50K free) MAU, tiered $0.0055 → $0.0046 (100K+) → $0.0032 (1M+)`,
    ]));
  }
}

/** Cloud SQL machine shapes by database size level (db_size.ts): vCPUs and GB of memory. */
const CLOUD_SQL_CLASSES: [number, number][] = [[1, 3.75], [2, 7.5], [4, 15], [8, 30]];

/** Databases, cache and object storage: Cloud SQL, Firestore, Memorystore, Cloud Storage. */
function gcpData(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  const regions = competitorRegions(ctx).length;
  if (keys.has("cloud_sql")) {
    const size = dbSize(ctx);
    const [vcpu, mem] = CLOUD_SQL_CLASSES[size.level];
    const label = `${vcpu} vCPU/${mem} GB ${dbLayout(size, "HA", "single zone")}`;
    const copies = billedCopies(size);
    const hourly = vcpu * P.sqlVcpuHour.value + mem * P.sqlGbHour.value;
    const storage = Math.max(10, t.sqlStorageGb);
    out.push(
      item("Cloud SQL for PostgreSQL", hourly * 730 * copies + storage * copies * P.sqlSsdPerGb.value, [
        `${label}: ${copies} × 730 h × $${round2(hourly * 1000) / 1000}/h`,
        `${copies} × ${gb(storage)} SSD × ${rate(P.sqlSsdPerGb.value)}`,
      ]),
    );
  }
  if (keys.has("firestore")) {
    // Firestore holds the app's data too when no SQL database sits beside it (unasked_parts.ts).
    const kvUse = ctx.caps.has("kv") || (ctx.implied.has("relational") && !keys.has("cloud_sql"));
    const listenerReads = liveConnections(ctx) ? t.realtimeMessages * 5 : 0;
    const reads = (kvUse ? t.dbReads : 0) + listenerReads;
    const writes = (kvUse ? t.dbWrites : 0) + (liveConnections(ctx) ? t.realtimeMessages : 0);
    const storage = kvUse ? t.kvStorageGb : t.multiplier;
    const mult = ctx.global ? 2 : 1;
    out.push(
      item(
        "Firestore",
        mult * (reads / 1e5 * P.firestoreReadPer100k.value + writes / 1e5 * P.firestoreWritePer100k.value +
          storage * P.firestoreStoragePerGib.value),
        [
          `${count(reads)} reads${listenerReads ? " (listener fan-out ×5)" : ""} × ${
            rate(P.firestoreReadPer100k.value)
          }/100K`,
          `${count(writes)} writes × ${rate(P.firestoreWritePer100k.value)}/100K`,
          `${gb(storage)} × ${rate(P.firestoreStoragePerGib.value)}`,
          ctx.global ? "× 2 multi-region rate" : "",
        ],
      ),
    );
  }
  if (keys.has("memorystore")) {
    // The hot set: ≈10 KB a user, never more than the KV data, from the 1 GB smallest instance to the tier's cap.
    const cap = ctx.global ? 25 : ctx.enterpriseTier ? 5 : 1;
    const g = Math.max(1, Math.min(cap, Math.ceil(Math.min(t.kvStorageGb, t.mau * CACHE_KB_PER_USER / 1e6))));
    const r = ctx.enterpriseTier ? P.memorystoreStandardGbHour.value : P.memorystoreBasicGbHour.value;
    out.push(item("Memorystore for Redis", g * 730 * r * (ctx.global ? regions : 1), [
      `${g} GB × 730 h × ${rate(r)}/GB-h${ctx.global ? ` × ${regions} regions` : ""}`,
    ]));
  }
  if (keys.has("gcs")) {
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    out.push(
      item(
        "Cloud Storage",
        // Downloads leave through Cloud CDN, billed in its egress line (not again as bucket egress).
        t.objectStoredGb * P.storagePerGb.value + t.objectPuts / 1000 * P.storageClassAPer1k.value +
          t.objectGets / 1000 * P.storageClassBPer1k.value,
        [
          `${gb(t.objectStoredGb)} × ${rate(P.storagePerGb.value)}`,
          `${count(t.objectPuts)} Class A × ${rate(P.storageClassAPer1k.value)}/1K`,
          `${count(t.objectGets)} Class B × $${P.storageClassBPer1k.value}/1K`,
          `${gb(downloads)} downloads served through Cloud CDN (billed there; cache fill not modelled)`,
        ],
      ),
    );
  }
}

/** Video: Transcoder API. */
function gcpMedia(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  const liveMinutes = keys.has("live_stream") ? t.liveViewerHours * 60 : 0;
  const videoGb = keys.has("transcoder") ? (t.videoDeliveredMinutes + liveMinutes) * VIDEO_GB_PER_MINUTE : 0;
  if (keys.has("transcoder")) {
    const perMin = P.transcoderSdMin.value + 2 * P.transcoderHdMin.value;
    out.push(item("Transcoder API", t.videoNewMinutes * perMin, [
      `${count(t.videoNewMinutes)} new min × (1 SD ${rate(P.transcoderSdMin.value)} + 2 HD × ${
        rate(P.transcoderHdMin.value)
      })`,
      `delivery in CDN line (${gb(videoGb)})`,
      ctx.live ? "Live Stream API channel-hours not priced (no catalog figure)" : "",
    ]));
  }
}

/** Minutes of business hours in a month (22 days × 8 h): when a call platform's participants are online. */
const BUSINESS_MINUTES_MONTH = 22 * 8 * 60;
/** 720p participants one 4-vCPU VM forwards (LiveKit's figures: ≈150–250). */
const PARTICIPANTS_PER_SFU_VM = 200;
/** SFU VMs kept for redundancy at any load. */
const MIN_SFU_VMS = 2;

/**
 * A self-run SFU: VMs sized by concurrent participants (participant-minutes spread over business hours) and
 * the media it sends out billed as internet egress, as Cloudflare's Realtime SFU bills its egress.
 */
function gcpSfu(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  if (!keys.has("webrtc_sfu")) return;
  const P = GCP_PRICES;
  const minutes = ctx.traffic.callMinutes;
  const concurrent = minutes / BUSINESS_MINUTES_MONTH;
  const vms = Math.max(MIN_SFU_VMS, Math.ceil(concurrent / PARTICIPANTS_PER_SFU_VM));
  const vmHourly = 0.134;
  const egressGb = minutes * SFU_GB_PER_PARTICIPANT_MINUTE;
  out.push(
    item("LiveKit / coturn on Compute Engine", vms * 730 * vmHourly + egressGb * P.storageEgressPerGb.value, [
      `${vms} e2-standard-4 VMs × 730 h × ${rate(vmHourly)} (≈${
        count(Math.ceil(concurrent))
      } concurrent participants: ${count(minutes)} participant-min over ${
        count(BUSINESS_MINUTES_MONTH)
      } business-hour min; ≈${PARTICIPANTS_PER_SFU_VM} 720p participants a VM)`,
      `${gb(egressGb)} media egress (≈11 MB a participant-minute) × ${
        rate(P.storageEgressPerGb.value)
      }/GB internet egress`,
    ]),
  );
}

/** Background work and schedules: Pub/Sub, Cloud Tasks, Cloud Scheduler. */
function gcpMessaging(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  const iotMsgs = ctx.caps.has("iot") ? t.devices * t.deviceMessagesEach : 0;
  const pubsubTib = ((keys.has("pubsub") && ctx.caps.has("iot") ? iotMsgs : 0) +
        (keys.has("pubsub") && !keys.has("cloud_tasks") && ctx.caps.has("queues") ? t.queueMessages : 0) +
        (keys.has("pubsub") && ctx.caps.has("realtime") && ctx.constraints.has("Scalability")
          ? t.realtimeMessages
          : 0)) *
      2 * 1024 /
      1024 ** 4 +
    // A stream's ingested bytes are published once and delivered once.
    (keys.has("pubsub") && ctx.workload.shapes.includes("stream_ingestion") ? t.ingestGb * 2 / 1024 : 0);
  if (keys.has("pubsub")) {
    out.push(item("Pub/Sub", over(pubsubTib, 10 / 1024) * P.pubsubPerTib.value, [
      `(${gb(pubsubTib * 1024)} publish + deliver at 1 KB min − 10 GiB free) × ${
        usd(P.pubsubPerTib.value)
      }/TiB`,
    ]));
  }
  if (keys.has("cloud_tasks")) {
    out.push(item("Cloud Tasks", over(t.queueMessages * 2, P.tasksFreeOps.value) * P.tasksPerM.value / 1e6, [
      `(${count(t.queueMessages * 2)} − 1M free) ops × ${rate(P.tasksPerM.value)}/M (${
        count(t.queueMessages)
      } tasks × 2)`,
    ]));
  }
  if (keys.has("scheduler")) {
    out.push(item("Cloud Scheduler", over(t.cronJobs, 3) * P.schedulerJobMonthly.value, [
      `(${t.cronJobs} − 3 free) jobs × ${rate(P.schedulerJobMonthly.value)}`,
    ]));
  }
}

/** Event analytics and email: BigQuery, SendGrid. */
function gcpEventsEmail(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  if (keys.has("bigquery")) {
    const g = t.events / 1e6;
    out.push(item(
      "BigQuery",
      g * P.bigQueryStreamingPerGb.value + g * P.bigQueryStoragePerGb.value +
        over(g * 2 / 1024, 1) * P.bigQueryQueryPerTib.value,
      [
        `${gb(g)} streamed × ${rate(P.bigQueryStreamingPerGb.value)}`,
        `${gb(g)} stored × ${rate(P.bigQueryStoragePerGb.value)}`,
        `(${gb(g * 2)} scanned − 1 TiB free) × ${usd(P.bigQueryQueryPerTib.value)}/TiB`,
      ],
    ));
  }
  if (keys.has("sendgrid")) {
    const blocks = Math.ceil(t.emails / 50_000);
    out.push(item("SendGrid (partner)", blocks * P.sendgridEssentials50k.value, [
      `${blocks} × 50K-email blocks × ${usd(P.sendgridEssentials50k.value)} (Essentials list price)`,
    ]));
  }
}

/** AI and search: Vertex AI, Vector Search, Vertex AI Search. */
function gcpAi(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = GCP_PRICES;
  const t = ctx.traffic;
  if (keys.has("vertex")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    out.push(item(
      "Vertex AI (Gemini 2.0 Flash-Lite)",
      inTok / 1e6 * P.geminiFlashLiteInPerM.value +
        outTok / 1e6 * P.geminiFlashLiteOutPerM.value,
      [
        `${count(inTok)} in tok × ${rate(P.geminiFlashLiteInPerM.value)}/M`,
        `${count(outTok)} out tok × ${rate(P.geminiFlashLiteOutPerM.value)}/M`,
      ],
    ));
  }
  if (keys.has("vector_search")) {
    const nodes = ctx.global ? 4 : ctx.enterpriseTier ? 2 : 1;
    out.push(item("Vertex AI Vector Search", nodes * 730 * P.vectorSearchNodeHour.value, [
      `${nodes} serving node(s) × 730 h × ${rate(P.vectorSearchNodeHour.value)}`,
    ]));
  }
  if (keys.has("vertex_search")) {
    out.push(item("Vertex AI Search", t.searchQueries / 1000 * P.vertexSearchPer1k.value, [
      `${count(t.searchQueries)} queries × ${usd(P.vertexSearchPer1k.value)}/1K`,
    ]));
  }
}

/** Monthly cost items of a Google Cloud design's services, group by group in a fixed order. */
export function gcpCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const out: CostItem[] = [];
  gcpCompute(keys, ctx, out);
  gcpSecurity(keys, ctx, out);
  gcpData(keys, ctx, out);
  gcpMedia(keys, ctx, out);
  gcpSfu(keys, ctx, out);
  gcpMessaging(keys, ctx, out);
  gcpEventsEmail(keys, ctx, out);
  gcpAi(keys, ctx, out);
  const dns = zoneDnsCost(keys, ctx, "gcp");
  if (dns) out.push(dns);
  return out;
}
