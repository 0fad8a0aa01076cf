/** Cost engine for Azure designs. */
import { billedCopies, DB_CLASS_NAMES, dbLayout, dbSize } from "./db_size.ts";
import { AZURE_PRICES } from "../catalog/prices_azure.ts";
import { competitorRegions, type Context, type CostItem, premiumEdge } from "../context.ts";
import { count, gb, item, over, rate, round2, usd } from "../format.ts";
import { zoneDnsCost } from "./dns.ts";
import { muxCost } from "./vercel.ts";
import { zoneEgress, type ZoneRates } from "./zones.ts";

/** Front Door edge-to-client transfer (first 10 TB) per Azure billing zone, by the audience's zone. */
const FRONT_DOOR_ZONES: ZoneRates = {
  us_eu: { fact: AZURE_PRICES.frontDoorEgressPerGb, label: "Zone 1 (North America/Europe)" },
  asia: { fact: AZURE_PRICES.frontDoorEgressZone2PerGb, label: "Zone 2 (Asia Pacific)" },
  japan: { fact: AZURE_PRICES.frontDoorEgressZone2PerGb, label: "Zone 2 (Asia Pacific)" },
  south_america: { fact: AZURE_PRICES.frontDoorEgressZone3PerGb, label: "Zone 3 (South America)" },
  australia: { fact: AZURE_PRICES.frontDoorEgressZone4PerGb, label: "Zone 4 (Australia/NZ)" },
  india: { fact: AZURE_PRICES.frontDoorEgressZone5PerGb, label: "Zone 5 (India)" },
};

/** The request path every design has: Azure Functions and Front Door. */
function azureCompute(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AZURE_PRICES;
  const t = ctx.traffic;
  const iotMsgs = keys.has("iot_hub") ? t.devices * t.deviceMessagesEach : 0;
  const execs = t.requests + iotMsgs;
  const gbS = execs * t.wallMs / 1000 * t.memoryGb;
  // Managed WAF rules need Premium; a small site keeps Standard with the WAF's custom rules.
  const premium = keys.has("azure_waf") && premiumEdge(ctx);
  const egressGb = t.egressGb;
  const fdEgress = zoneEgress(egressGb, ctx.region.cloudFrontMix, FRONT_DOOR_ZONES);
  out.push(item(
    "Azure Functions",
    over(execs, P.functionsFreeExecs.value) * P.functionsExecPerM.value / 1e6 +
      over(gbS, P.functionsFreeGbS.value) * P.functionsGbS.value,
    [
      `(${count(execs)} − 1M) executions × ${rate(P.functionsExecPerM.value)}/M`,
      `(${count(gbS)} − 400K) GB-s × $${P.functionsGbS.value}`,
    ],
  ));
  out.push(
    item(
      premium ? "Front Door Premium" : "Front Door Standard",
      (premium ? P.frontDoorPremiumMonthly.value : P.frontDoorStandardMonthly.value) +
        fdEgress.cost +
        t.requests / 10_000 *
          (premium ? P.frontDoorPremRequestsPer10k.value : P.frontDoorStdRequestsPer10k.value),
      [
        `${usd(premium ? P.frontDoorPremiumMonthly.value : P.frontDoorStandardMonthly.value)} base`,
        fdEgress.basis,
        `${count(t.requests)} req × $${
          premium ? P.frontDoorPremRequestsPer10k.value : P.frontDoorStdRequestsPer10k.value
        }/10K`,
      ],
    ),
  );
}

/** Custom WAF rules a Front Door Standard policy carries (rate limits, geo and path rules). */
const WAF_CUSTOM_RULES = 5;

/** Edge security and sign-in: Front Door WAF, Entra ID, Entra External ID. */
function azureSecurity(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AZURE_PRICES;
  const t = ctx.traffic;
  if (keys.has("azure_waf")) {
    // DDoS Network Protection protects public IPs in a VNet; serverless behind Front Door has none (Front
    // Door's own infrastructure DDoS protection applies), so it is only priced when VMs/AKS/a load balancer are.
    const vnet = keys.has("vms") || keys.has("aks") || keys.has("azure_lb");
    const ddos = ctx.constraints.has("Enterprise Security") && ctx.enterpriseTier && vnet && premiumEdge(ctx);
    // On Front Door Standard the WAF runs custom rules, billed per policy, rule and request.
    const premium = premiumEdge(ctx);
    const custom = premium ? 0 : P.wafPolicyMonthly.value + WAF_CUSTOM_RULES * P.wafCustomRuleMonthly.value +
      t.requests * P.wafRequestsPerM.value / 1e6;
    out.push(
      item(
        ddos ? "Azure WAF + DDoS Network Protection" : "Azure WAF",
        (ddos ? P.ddosProtectionMonthly.value : 0) + custom,
        [
          premium
            ? "managed WAF + bot rules included in Front Door Premium"
            : `custom rules on Front Door Standard: ${
              usd(P.wafPolicyMonthly.value)
            } policy + ${WAF_CUSTOM_RULES} rules × ${usd(P.wafCustomRuleMonthly.value)} + ${
              count(t.requests)
            } req × ${rate(P.wafRequestsPerM.value)}/M`,
          vnet ? "" : "no VNet public IPs: Front Door's built-in DDoS protection applies",
          ddos ? `DDoS Network Protection ${usd(P.ddosProtectionMonthly.value)}/month` : "",
        ],
      ),
    );
  }
  if (keys.has("entra_id")) {
    out.push(
      item("Entra ID P1", t.staff * P.entraP1PerUser.value, [
        `${t.staff} staff × ${usd(P.entraP1PerUser.value)}/user`,
      ]),
    );
  }
  if (keys.has("entra_external")) {
    out.push(item("Entra External ID", over(t.mau, P.externalIdFreeMau.value) * P.externalIdPerMau.value, [
      `(${count(t.mau)} − 50K free) MAU × ${rate(P.externalIdPerMau.value)}`,
    ]));
  }
}

/** Azure Database for PostgreSQL hourly compute by database size level (db_size.ts DB_CLASS_NAMES.azure). */
const AZURE_PG_HOURLY = [
  AZURE_PRICES.postgresB1msMonthly.value / 730,
  AZURE_PRICES.postgresD2dsHourly.value,
  AZURE_PRICES.postgresD4dsHourly.value,
  AZURE_PRICES.postgresD8dsHourly.value,
];

/** Azure SQL Database monthly price by database size level (db_size.ts DB_CLASS_NAMES.azureSql). */
const AZURE_SQL_MONTHLY = [
  AZURE_PRICES.sqlS1Monthly.value,
  AZURE_PRICES.sqlS3Monthly.value,
  AZURE_PRICES.sqlS6Monthly.value,
  AZURE_PRICES.sqlS7Monthly.value,
];

/**
 * Azure SQL Database, sized like every cloud's relational database (db_size.ts): a Standard DTU tier by
 * level, high availability built in (no standby billed), each geo-replica billed as a database.
 */
function azureSqlItem(ctx: Context): CostItem {
  const P = AZURE_PRICES;
  const size = dbSize(ctx);
  const copies = 1 + size.replicas;
  const extraGb = Math.max(0, ctx.traffic.sqlStorageGb - P.sqlIncludedGb.value);
  const replicas = size.replicas ? ` + ${size.replicas} geo-replica${size.replicas > 1 ? "s" : ""}` : "";
  return item(
    "Azure SQL Database",
    copies * (AZURE_SQL_MONTHLY[size.level] + extraGb * P.sqlExtraStoragePerGb.value),
    [
      `${DB_CLASS_NAMES.azureSql[size.level]}${replicas}: ${copies} × ${
        usd(AZURE_SQL_MONTHLY[size.level])
      }/month`,
      extraGb > 0 ? `${copies} × ${gb(extraGb)} above 250 GB × ${rate(P.sqlExtraStoragePerGb.value)}` : "",
    ],
  );
}

/** Databases, cache and object storage: PostgreSQL, Azure SQL, Cosmos DB, Redis, Blob Storage. */
function azureData(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AZURE_PRICES;
  const t = ctx.traffic;
  const regions = competitorRegions(ctx).length;
  if (keys.has("postgres")) {
    const size = dbSize(ctx);
    const hourly = AZURE_PG_HOURLY[size.level];
    const label = `${DB_CLASS_NAMES.azure[size.level]} ${dbLayout(size, "HA", "single zone")}`;
    const copies = billedCopies(size);
    const storage = Math.max(32, t.sqlStorageGb);
    out.push(
      item(
        "Azure Database for PostgreSQL",
        hourly * 730 * copies + storage * copies * P.postgresStoragePerGb.value,
        [
          `${label}: ${copies} × 730 h × $${round2(hourly * 1000) / 1000}/h`,
          `${copies} × ${gb(storage)} × ${rate(P.postgresStoragePerGb.value)}`,
        ],
      ),
    );
  }
  if (keys.has("azure_sql")) out.push(azureSqlItem(ctx));
  if (keys.has("cosmos")) {
    const ru = t.dbReads + t.dbWrites * 5 * regions;
    out.push(
      item(
        "Cosmos DB",
        ru * P.cosmosPerMRu.value / 1e6 + t.kvStorageGb * regions * P.cosmosStoragePerGb.value,
        [
          `(${count(t.dbReads)} reads × 1 RU + ${count(t.dbWrites)} writes × 5 RU${
            regions > 1 ? ` × ${regions} regions` : ""
          }) × ${rate(P.cosmosPerMRu.value)}/M RU`,
          `${gb(t.kvStorageGb * regions)} × ${rate(P.cosmosStoragePerGb.value)}`,
          regions > 1 ? "serverless RU rate used for multi-region (provisioned in practice)" : "",
        ],
      ),
    );
  }
  if (keys.has("redis")) {
    const n = ctx.global ? regions : ctx.enterpriseTier ? 2 : 1;
    out.push(item("Azure Managed Redis", n * 730 * P.managedRedisHourly.value, [
      `${n} × Balanced B1 × 730 h × ${rate(P.managedRedisHourly.value)}`,
    ]));
  }
  if (keys.has("blob")) {
    const downloads = ctx.caps.has("object_storage") ? t.objectDownloadGb : 0;
    out.push(
      item(
        "Blob Storage",
        t.objectStoredGb * P.blobHotPerGb.value + t.objectPuts / 10_000 * P.blobWritePer10k.value +
          t.objectGets / 10_000 * P.blobReadPer10k.value,
        [
          `${gb(t.objectStoredGb)} × ${rate(P.blobHotPerGb.value)}`,
          `${count(t.objectPuts)} writes × $${P.blobWritePer10k.value}/10K`,
          `${count(t.objectGets)} reads × $${P.blobReadPer10k.value}/10K`,
          `${gb(downloads)} downloads served through Front Door (origin → Front Door transfer free)`,
        ],
      ),
    );
  }
}

/** Realtime and media: Web PubSub, partner video, image resizing in Functions. */
function azureRealtimeMedia(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AZURE_PRICES;
  const t = ctx.traffic;
  if (keys.has("web_pubsub")) {
    const concurrent = t.realtimeConnectionMinutes / 43_200;
    const units = Math.max(1, Math.ceil(concurrent / 1000));
    out.push(item("Web PubSub", units * 30 * P.webPubSubUnitDaily.value, [
      `${units} Standard unit(s) (${count(Math.round(concurrent))} avg connections) × 30 days × ${
        rate(P.webPubSubUnitDaily.value)
      }`,
    ]));
  }
  if (keys.has("partner_video")) out.push(muxCost(t, ctx));
  if (keys.has("fn_images")) {
    out.push(item(
      "Image resizing (Functions)",
      t.imageTransforms * P.functionsExecPerM.value / 1e6 +
        t.imageTransforms * 0.5 * P.functionsGbS.value,
      [
        `${count(t.imageTransforms)} resizes × (${
          rate(P.functionsExecPerM.value)
        }/M + 0.5 GB-s × $${P.functionsGbS.value})`,
      ],
    ));
  }
}

/** Background work, email and events: Service Bus, timer triggers, Communication Services email, Event Hubs. */
function azureMessaging(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AZURE_PRICES;
  const t = ctx.traffic;
  if (keys.has("service_bus")) {
    out.push(item(
      "Service Bus (Standard)",
      P.serviceBusStandardMonthly.value +
        over(t.queueMessages * 3, 13e6) * P.serviceBusOpsPerM.value / 1e6,
      [
        `${usd(P.serviceBusStandardMonthly.value)} base`,
        `(${count(t.queueMessages)} msgs × 3 ops − 13M) × ${rate(P.serviceBusOpsPerM.value)}/M`,
      ],
    ));
  }
  if (keys.has("timer")) {
    out.push(
      item("Timer-triggered Functions", 0, [`${t.cronJobs} schedules, inside the Functions free grant`]),
    );
  }
  if (keys.has("acs_email")) {
    out.push(
      item(
        "Communication Services Email",
        t.emails * P.emailPerMessage.value + t.emails * 0.05 * P.emailPerMb.value,
        [
          `${count(t.emails)} emails × $${P.emailPerMessage.value}`,
          `${count(t.emails * 0.05)} MB × $${P.emailPerMb.value}`,
        ],
      ),
    );
  }
  if (keys.has("event_hubs")) {
    // Throughput units are provisioned capacity: sized for a stated peak, not the month's average.
    const tus = Math.max(1, Math.ceil(Math.max(t.events / 2_592_000, t.peakPerSecond ?? 0) / 1000));
    out.push(
      item(
        "Event Hubs (Standard)",
        tus * 730 * P.eventHubsTuHour.value + t.events * P.eventHubsIngressPerM.value / 1e6,
        [
          `${tus} TU × 730 h × ${rate(P.eventHubsTuHour.value)}`,
          `${count(t.events)} events × $${P.eventHubsIngressPerM.value}/M`,
          "Data Explorer cluster not priced",
        ],
      ),
    );
  }
}

/** AI, search and devices: Azure OpenAI, AI Search, IoT Hub. */
function azureAiIot(keys: Set<string>, ctx: Context, out: CostItem[]): void {
  const P = AZURE_PRICES;
  const t = ctx.traffic;
  if (keys.has("openai")) {
    const inTok = t.aiRequests * t.aiInputTokens, outTok = t.aiRequests * t.aiOutputTokens;
    out.push(
      item(
        "Azure OpenAI (GPT-4o mini)",
        inTok / 1e6 * P.gpt4oMiniInPerM.value + outTok / 1e6 * P.gpt4oMiniOutPerM.value,
        [
          `${count(inTok)} in tok × ${rate(P.gpt4oMiniInPerM.value)}/M`,
          `${count(outTok)} out tok × ${rate(P.gpt4oMiniOutPerM.value)}/M`,
        ],
      ),
    );
  }
  if (keys.has("ai_search")) {
    const [label, units, price] = ctx.global
      ? ["S1", 3, P.searchS1Monthly.value]
      : ctx.enterpriseTier
      ? ["S1", 2, P.searchS1Monthly.value]
      : ctx.growthPlus
      ? ["Basic", 2, P.searchBasicMonthly.value]
      : ["Basic", 1, P.searchBasicMonthly.value];
    out.push(item("Azure AI Search", units * price, [`${units} × ${label} search unit × ${usd(price)}`]));
  }
  if (keys.has("iot_hub")) {
    // The cheapest tier whose unit count stays within its cap (S1/S2: 200 units, S3: 10 units).
    const perDay = t.devices * t.deviceMessagesEach / 30;
    const tiers = [
      { sku: "S1", perUnit: 400_000, max: 200, price: P.iotHubS1Monthly.value },
      { sku: "S2", perUnit: 6_000_000, max: 200, price: P.iotHubS2Monthly.value },
      { sku: "S3", perUnit: 300_000_000, max: 10, price: P.iotHubS3Monthly.value },
    ].map((x) => ({ ...x, units: Math.max(1, Math.ceil(perDay / x.perUnit)) }));
    const fitting = tiers.filter((x) => x.units <= x.max);
    // Beyond one S3 hub's cap the load is spread over several S3 hubs.
    const best = fitting.length
      ? fitting.reduce((lo, x) => (x.units * x.price < lo.units * lo.price ? x : lo))
      : tiers[2];
    const hubs = Math.ceil(best.units / best.max);
    out.push(item(`IoT Hub (${best.sku} tier)`, best.units * best.price, [
      `${best.units} × ${best.sku} tier (${count(perDay)} msgs/day ÷ ${count(best.perUnit)}/unit) × ${
        usd(best.price)
      }`,
      hubs > 1
        ? `spread over ${hubs} hubs (${best.max} units each at most)`
        : "cheapest tier within its unit cap",
    ]));
  }
}

/** Monthly cost items of an Azure design's services, group by group in a fixed order. */
export function azureCosts(keys: Set<string>, ctx: Context): CostItem[] {
  const out: CostItem[] = [];
  azureCompute(keys, ctx, out);
  azureSecurity(keys, ctx, out);
  azureData(keys, ctx, out);
  azureRealtimeMedia(keys, ctx, out);
  azureMessaging(keys, ctx, out);
  azureAiIot(keys, ctx, out);
  const dns = zoneDnsCost(keys, ctx, "azure");
  if (dns) out.push(dns);
  return out;
}
