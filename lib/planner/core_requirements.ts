/**
 * Core requirements a plan must keep when the description asks for them, applied to the selections of both
 * clouds before they are priced and drawn:
 * - Windows servers and .NET Framework run on x86 Windows instances, never on arm64 (Graviton runs no Windows);
 * - events that must stay in order per key (per room, device, account…) get the cloud's per-key ordering: SQS FIFO
 *   message groups, Kinesis / Event Hubs / Kafka partition keys, Pub/Sub ordering keys, Service Bus sessions,
 *   and on Cloudflare one Durable Object per key as the single serialization point (on Google Cloud, Pub/Sub
 *   takes the place of Cloud Tasks, which keeps no order);
 * - SFTP keeps a place to run (file_transfer.ts);
 * - content limited to rights territories names the service that blocks other countries (geo_restriction.ts);
 * - a site rebuilt on a CMS publish or previewed per pull request names the build service (site_builds.ts);
 * - a pipeline's schedule is labelled with the cadence the text states (cadence_labels.ts).
 */
import { type Cloud, prov } from "./catalog/facts.ts";
import { type Context, type Selection } from "./context.ts";
import { pinRequirement } from "./requirement_notes.ts";
import { SERVICES } from "./catalog/services.ts";
import { applyFileTransfer } from "./file_transfer.ts";
import { applyCoreParts } from "./core_parts.ts";
import { applyGeoRestriction } from "./geo_restriction.ts";
import { applySiteBuilds } from "./site_builds.ts";
import { applyCadenceLabels } from "./cadence_labels.ts";

/**
 * Windows servers or .NET Framework apps, which need Windows (x86) hosts. Windows on the people's own machines
 * (workstations, laptops) and time windows ("raw windows", "5-minute windows") are not a server to host.
 */
const WINDOWS = new RegExp(
  String.raw`\bwindows(?:[\s-]+(?:server|vms?|boxe?s?|hosts?|instances?|services?|apps?|nt|20\d\d)\b|` +
    String.raw`\s*(?:and|\+|&|or|\/)\s*(?:linux|rhel|ubuntu|centos|red hat)\b)|` +
    String.raw`\b(?:linux|rhel|ubuntu|centos)\s*(?:and|\+|&|or|\/)\s*windows\b|` +
    String.raw`\.net framework|\bclassic asp\b|\bweb ?forms\b|\biis\b|\bwcf\b`,
  "i",
);

/** Whether the description runs Windows servers or .NET Framework apps. */
export function needsWindows(text: string): boolean {
  return WINDOWS.test(text);
}

const KEYS =
  "rooms?|devices?|accounts?|users?|tenants?|auctions?|matches|match|games?|orders?|vehicles?|players?|" +
  "sessions?|keys?|customers?|partitions?|documents?|boards?|channels?|carts?|wallets?|patients?|symbols?|tickers?|" +
  "lots?|trucks?|sensors?|shipments?|conversations?|threads?|chats?";
/** A key named by its field ("per order_id", "by device id", "per account-id"). */
const ID = String.raw`(?:[_\s-]?ids?)?`;
const ORDER_WORDS =
  "in (?:strict |the )?(?:order|sequence)|(?:strictly )?ordered|ordering|sequential(?:ly)?|in sequence";
/** Order asked per key: "ordered per device", "per account, in order", "in order for each room". */
const PER_KEY = new RegExp(
  `(?:${ORDER_WORDS})(?:\\s+[\\w'-]+){0,6}?\\s+(?:per|for each|for every|within (?:a|each|one)|by)\\s+(${KEYS})${ID}\\b|` +
    `\\b(?:per|each|every)\\s+(${KEYS})${ID}(?:\\s+[\\w',-]+){0,6}?\\s+(?:${ORDER_WORDS})`,
  "i",
);

const ORDERED = new RegExp(`\\b(?:${ORDER_WORDS})\\b`, "i");
const GROUPED_BY = new RegExp(`\\b(?:per|each|every|one|a single)\\s+(${KEYS})\\b`, "i");

/** The key events must stay ordered by ("device", "room"…), or undefined when no per-key order is asked. */
export function orderingKey(text: string): string | undefined {
  const m = text.match(PER_KEY);
  // Order asked anywhere, with events grouped by a key the text names ("4,000 bidders in one room").
  const grouped = ORDERED.test(text) ? text.match(GROUPED_BY) : null;
  const key = m?.[1] ?? m?.[2] ?? grouped?.[1];
  return key ? key.toLowerCase().replace(/(?:es|s)$/, "").replace(/^matche?$/, "match") : undefined;
}

/** What each service does to keep one key's events in order. */
function orderingNotes(key: string): Record<string, string> {
  return {
    durable_objects: `one Durable Object per ${key}: a single serialization point keeps its events in order`,
    sqs: `FIFO queue, MessageGroupId = ${key} id (in order per ${key})`,
    kinesis: `partition key = ${key} id (in order per ${key})`,
    msk: `record key = ${key} id (in order per partition)`,
    managed_kafka: `record key = ${key} id (in order per partition)`,
    kafka: `record key = ${key} id (in order per partition)`,
    pubsub: `ordering key = ${key} id (in order per ${key})`,
    service_bus: `sessions: SessionId = ${key} id (in order per ${key})`,
    event_hubs: `partition key = ${key} id (in order per ${key})`,
  };
}

/** Services of each cloud that can carry a per-key order (the compute node is told what it needs otherwise). */
const FALLBACK: Record<Cloud, string> = {
  cloudflare: "Durable Object per KEY serializes its events",
  aws: "SQS FIFO message groups per KEY keep order",
  gcp: "Pub/Sub ordering keys per KEY keep order",
  azure: "Service Bus sessions per KEY keep order",
  vercel: "a single writer per KEY (queue partition) keeps order",
};

/**
 * On Google Cloud, Cloud Tasks keeps no order: a design whose only queue is Cloud Tasks moves its messages to
 * Pub/Sub, whose ordering keys do (the selection takes Cloud Tasks' place, roles and rank).
 */
function orderedQueueGcp(selections: Map<string, Selection>): void {
  const tasks = selections.get("cloud_tasks");
  if (!tasks || ["pubsub", "managed_kafka", "kafka"].some((k) => selections.has(k))) return;
  const def = SERVICES.gcp.pubsub;
  const pubsub: Selection = { ...tasks, key: "pubsub", def, id: def.id, name: def.name };
  const entries = [...selections];
  selections.clear();
  for (const [k, sel] of entries) {
    if (k === "cloud_tasks") selections.set("pubsub", pubsub);
    else selections.set(k, sel);
  }
}

function applyOrdering(cloud: Cloud, selections: Map<string, Selection>, key: string): void {
  if (cloud === "gcp") orderedQueueGcp(selections);
  const notes = orderingNotes(key);
  let placed = false;
  for (const [service, note] of Object.entries(notes)) {
    const sel = selections.get(service);
    if (!sel) continue;
    pinRequirement(sel, note);
    if (service === "sqs") {
      sel.name = sel.name.replace(/^SQS\b/, "SQS FIFO");
      sel.def = { ...sel.def, blurb: "FIFO queues, ordered per message group" };
    }
    placed = true;
  }
  const compute = [...selections.values()].find((s) => s.core === "compute");
  if (!placed && compute) pinRequirement(compute, FALLBACK[cloud].replace("KEY", key));
}

/** AWS hosts for Windows: x86 Windows instances (license included) instead of Graviton. */
function applyWindowsAws(selections: Map<string, Selection>): void {
  const ec2 = selections.get("ec2_nodes");
  if (ec2) {
    ec2.name = "EC2 Windows (x86)";
    ec2.def = {
      ...ec2.def,
      name: "EC2 Windows (x86)",
      blurb: "m6i.large Windows Server, x86 (Graviton/arm64 runs no Windows)",
      price: {
        ...ec2.def.price!,
        fact: prov(
          0.188,
          "USD/instance-hour m6i.large Windows on-demand (license included)",
          "https://aws.amazon.com/ec2/pricing/on-demand/",
        ),
      },
    };
  }
  const lambda = selections.get("lambda");
  if (lambda) lambda.notes = lambda.notes.filter((n) => !/graviton|arm64/i.test(n));
  const fargate = selections.get("fargate");
  if (fargate) pinRequirement(fargate, "Windows Server containers on X86_64 (Graviton runs no Windows)");
}

/** What each Windows-capable (or Linux-only) host of a cloud is told when the servers run Windows. */
const WINDOWS_NOTES: Partial<Record<Cloud, Record<string, string>>> = {
  azure: {
    vms: "Windows Server VMs (x86; Arm-based VMs run no Windows Server)",
    app_service: "Windows App Service plan (.NET Framework needs Windows)",
  },
  gcp: {
    gce: "Windows Server images on x86 (Arm VMs run no Windows)",
    cloud_run: "Linux only: Windows / .NET Framework servers need GCE Windows VMs",
  },
};

/** Keeps the core requirements the description asks for in a cloud's selections (mutates them). */
export function applyCoreRequirements(cloud: Cloud, selections: Map<string, Selection>, ctx: Context): void {
  const text = ctx.request.appDescription;
  applyFileTransfer(cloud, selections, text);
  applyCoreParts(cloud, selections, text);
  applyGeoRestriction(cloud, selections, text);
  applySiteBuilds(cloud, selections, text);
  applyCadenceLabels(selections, text);
  const key = orderingKey(text);
  if (key) applyOrdering(cloud, selections, key);
  if (!needsWindows(text)) return;
  if (cloud === "aws") applyWindowsAws(selections);
  for (const [service, note] of Object.entries(WINDOWS_NOTES[cloud] ?? {})) {
    const sel = selections.get(service);
    if (sel) pinRequirement(sel, note);
  }
}
