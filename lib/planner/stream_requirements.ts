/**
 * Stream requirements a plan keeps when the description asks for them: a named Kafka stays a Kafka-compatible
 * service (MSK, Google Managed Service for Apache Kafka, the Event Hubs Kafka endpoint, Confluent Cloud) drawn as
 * its own node, Cloudflare says honestly that Queues is not Kafka, and replay or retention gets a stream that keeps
 * the events that long (Kafka/Kinesis/Event Hubs retention, Pub/Sub seek, raw files in R2).
 */
import { type Cloud } from "./catalog/facts.ts";
import { type Context, type Selection } from "./context.ts";
import { pinRequirement } from "./requirement_notes.ts";

/** Kafka-compatible services of each cloud (kept Confluent counts everywhere). */
const KAFKA_KEYS = ["msk", "managed_kafka", "event_hubs", "kafka", "kept_confluent"];
/** Fold rank that keeps a named Kafka a node of its own rather than a name hidden in another's subtitle. */
const NAMED_STREAM_RANK = 90;

const KAFKA = /\b(?:kafka|redpanda|confluent)\b/i;
/** Replay or retention asked: "7-day replay", "replay any day later", "retain events 30 days". */
const REPLAY =
  /\b(?:replay\w*|re-?process\w* (?:from|the|old|past)|rewind\w*|retention|retain\w*|kept for)\b/i;
const DAYS =
  /(\d+)[\s-]?(days?|d\b|weeks?|months?)(?:\s+\w+){0,2}?\s+(?:of\s+)?(?:replay|retention)|\b(?:replay|retention|retain\w*|kept)\b(?:\s+[\w-]+){0,4}?\s+(?:for\s+|of\s+)?(\d+)[\s-]?(days?|weeks?|months?)/i;

/** Whether the description names Kafka (or a Kafka-compatible broker) for its events. */
export function namesKafka(text: string): boolean {
  return KAFKA.test(text);
}

/** Replays of video or play (a VOD replay, a session or match replay) are not a stream's retention. */
const NOT_EVENTS =
  /\b(?:vod|video|session|match|game|instant|live|concert|show)\s+replays?\b|\breplays?\s+(?:of|for)\s+(?:the\s+)?(?:show|match|game|stream|video|concert)s?\b|\breplays?\s+for\s+\d+\s*h/gi;
/** Shapes whose events flow through a stream. */
const STREAM_SHAPES = new Set(["stream_ingestion", "iot", "etl_warehouse"]);

/** The replay window asked, in days (0: replay asked with no window), or undefined when none is asked. */
export function replayDays(description: string): number | undefined {
  const text = description.replace(NOT_EVENTS, "");
  if (!REPLAY.test(text)) return undefined;
  const m = text.match(DAYS);
  if (!m) return /\breplay\w*\b/i.test(text) ? 0 : undefined;
  const n = Number(m[1] ?? m[3]);
  const unit = (m[2] ?? m[4]).toLowerCase();
  return unit.startsWith("w") ? n * 7 : unit.startsWith("m") ? n * 30 : n;
}

/** What each stream does to keep `days` of events replayable. */
function replayNotes(days: number): Record<string, string> {
  const window = days ? `${days}-day retention` : "retention sized for replay";
  return {
    msk: `${window}: consumers replay from any offset`,
    managed_kafka: `${window}: consumers replay from any offset`,
    kafka: `${window}: consumers replay from any offset`,
    kept_confluent: `${window}: consumers replay from any offset`,
    kinesis: `${window} (up to 365 days): replay from a sequence number`,
    event_hubs: days > 7
      ? `Premium tier for ${days}-day retention (Standard keeps 7): replay by offset`
      : `${window}: replay by offset`,
    pubsub: `topic retention ${days ? `${Math.min(days, 31)} days` : "on"} + seek to replay`,
    pipelines: "raw events kept as files in R2: replay re-reads them",
  };
}

/** Cloudflare's Queues is not Kafka: say so where a named Kafka would have been mapped onto it. */
function honestQueues(selections: Map<string, Selection>): void {
  const queues = selections.get("queues");
  if (!queues || !queues.roles.some((r) => /kafka/i.test(r))) return;
  queues.roles = queues.roles.filter((r) => !/kafka/i.test(r));
  pinRequirement(queues, "not Kafka (no offsets/replay): Kafka stays, Workers produce/consume");
}

/** Keeps a named Kafka and any replay window asked in a cloud's selections (mutates them). */
export function applyStreamRequirements(
  cloud: Cloud,
  selections: Map<string, Selection>,
  ctx: Context,
): void {
  const text = ctx.request.appDescription;
  if (namesKafka(text)) {
    if (cloud === "cloudflare") honestQueues(selections);
    for (const key of KAFKA_KEYS) {
      const sel = selections.get(key);
      if (sel && !sel.core) sel.rank = Math.max(sel.rank, NAMED_STREAM_RANK);
    }
  }
  const streamed = namesKafka(text) || ctx.workload.shapes.some((s) => STREAM_SHAPES.has(s));
  const days = streamed ? replayDays(text) : undefined;
  if (days === undefined) return;
  for (const [key, note] of Object.entries(replayNotes(days))) {
    const sel = selections.get(key);
    if (sel) pinRequirement(sel, note);
  }
}
