/**
 * The generation event protocol: zod schemas for every element a provider may produce and every event the
 * server streams, plus the server-sent-events frame encoding.
 *
 * Frame: `event: <type>\ndata: <json>\n\n`, where the JSON repeats `"type"` so clients that read only the
 * `data:` lines still know what they got. Order on the wire: `start`, elements, then exactly one of
 * `complete` or `error`.
 */
import { z } from "zod";
import { CONSTRAINTS } from "./request_schema.ts";
import { type NormalizedRequest, normalizedRequestSchema } from "./request_schema.ts";
import { SseParser } from "./sse_parser.ts";

/** Which of the two architectures an element belongs to. */
export const PLATFORMS = ["cloudflare", "competitor"] as const;
export type Platform = typeof PLATFORMS[number];

/** Node kinds; the page picks an icon/shape per kind. */
export const NODE_TYPES = [
  "users",
  "dns",
  "cdn",
  "security",
  "auth",
  "gateway",
  "compute",
  "realtime",
  "database",
  "kv",
  "cache",
  "storage",
  "queue",
  "scheduler",
  "video",
  "images",
  "ai",
  "vector",
  "search",
  "analytics",
  "email",
  "iot",
  "payments",
  "external",
] as const;
export type NodeType = typeof NODE_TYPES[number];

/** Per platform, at least this many and at most this many nodes (one of them `users`). */
export const MIN_NODES_PER_PLATFORM = 4;
export const MAX_NODES_PER_PLATFORM = 8;

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, "lower-case id of letters, digits, - or _");
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "hex colour #rrggbb");
const platform = z.enum(PLATFORMS);
const text = (max: number) => z.string().trim().min(1).max(max);
const usd = z.number().finite().min(0).max(100_000_000);

/** A service box in a diagram. */
export const nodeDataSchema = z.object({
  id,
  type: z.enum(NODE_TYPES),
  name: text(60),
  subtitle: text(120).optional(),
  color,
});

/** A labelled connection between two nodes of the same platform. */
export const edgeDataSchema = z.object({
  id,
  from: id,
  to: id,
  label: text(60),
  style: z.enum(["solid", "dashed"]),
  color,
});

/** Why Cloudflare fits one of the request's constraints, with a concrete figure. */
export const valuePropDataSchema = z.object({
  constraint: z.enum(CONSTRAINTS),
  emoji: z.string().min(1).max(8),
  title: text(100),
  description: text(600),
});

/** The monthly cost estimate of one platform. */
export const costDataSchema = z.object({
  monthlyUsd: usd,
  items: z.array(z.object({ service: text(80), monthlyUsd: usd, basis: text(300) })).min(1).max(20),
  assumptions: text(800),
});

/** One element of a plan, as a provider produces it and as it is sent. */
export const elementSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("node"), platform, data: nodeDataSchema }),
  z.object({ type: z.literal("edge"), platform, data: edgeDataSchema }),
  z.object({
    type: z.literal("priority_value_prop"),
    platform: z.literal("cloudflare"),
    data: valuePropDataSchema,
  }),
  z.object({ type: z.literal("cost"), platform, data: costDataSchema }),
]);

export type NodeData = z.infer<typeof nodeDataSchema>;
export type EdgeData = z.infer<typeof edgeDataSchema>;
export type ValuePropData = z.infer<typeof valuePropDataSchema>;
export type CostData = z.infer<typeof costDataSchema>;
/** A validated plan element. */
export type PlanElement = z.infer<typeof elementSchema>;

/** Parts of a similar answer that can be rebuilt for the asker (`start.rebuilt`). */
export const REBUILT_PARTS = ["nodes", "edges", "value_props", "cost"] as const;
/** One part of a similar answer rebuilt for the asker's priorities and region. */
export type RebuiltPart = typeof REBUILT_PARTS[number];
/** `start.rebuilt`: distinct parts, in {@link REBUILT_PARTS} order. */
export const rebuiltPartsSchema = z.array(z.enum(REBUILT_PARTS)).max(REBUILT_PARTS.length)
  .refine(
    (list) => list.every((p, i) => i === 0 || REBUILT_PARTS.indexOf(list[i - 1]) < REBUILT_PARTS.indexOf(p)),
    {
      error: "distinct parts in canonical order",
    },
  );

/** Where the answer came from. */
export type GenerationSource = "generated" | "cache" | "similar";

/** First event of every stream. */
export interface StartEvent {
  type: "start";
  id: string;
  source: GenerationSource;
  provider: string;
  model: string;
  request: NormalizedRequest;
  /** Set for `source: "similar"`: cosine similarity of the matched request. */
  similarity?: number;
  /** Set for `source: "similar"`: the request the replayed generation was made for. */
  matchedRequest?: NormalizedRequest;
  /**
   * Set for `source: "similar"`: the parts rebuilt for this request's priorities and region from the matched
   * architecture (`"nodes"`, `"edges"`, `"value_props"`, `"cost"`); empty when the stored answer fit as it was.
   */
  rebuilt?: RebuiltPart[];
  /** Set for replays: when the replayed generation was made (ISO 8601). */
  generatedAt?: string;
  /** Set for replays of entries past their freshness. */
  stale?: boolean;
}

/** Sent while a request waits for a provider slot. */
export interface QueuedEvent {
  type: "queued";
  position: number;
  etaSeconds: number;
}

/** Last event of a successful stream. */
export interface CompleteEvent {
  type: "complete";
  id: string;
  cached: boolean;
  elapsedMs: number;
  counts: { nodes: number; edges: number };
  /** Set for replays: when the replayed generation was made (ISO 8601). */
  generatedAt?: string;
  /** Elements a provider produced that failed validation and were not sent. */
  dropped?: number;
}

/** Last event of a failed stream. */
export interface ErrorEvent {
  type: "error";
  code: string;
  message: string;
  retryable: boolean;
  /**
   * When retrying makes sense again, in seconds: set where a refusal before the stream would have carried
   * `Retry-After` (e.g. `queue_full` for a waiter evicted by a higher plan, whose 200 was already sent).
   */
  retryAfterSeconds?: number;
}

/** Any event on the wire. */
export type GenerationEvent = StartEvent | QueuedEvent | PlanElement | CompleteEvent | ErrorEvent;

/** Where the answer came from (schema). */
export const GENERATION_SOURCES = ["generated", "cache", "similar"] as const;

/**
 * The start event (schema). The non-element events have zod schemas for the API description; the
 * interfaces above are checked against them at compile time, so the two cannot drift apart.
 */
export const startEventSchema = z.object({
  type: z.literal("start"),
  id: z.string(),
  source: z.enum(GENERATION_SOURCES),
  provider: z.string(),
  model: z.string(),
  request: normalizedRequestSchema,
  similarity: z.number().optional(),
  matchedRequest: normalizedRequestSchema.optional(),
  generatedAt: z.string().optional(),
  stale: z.boolean().optional(),
});
/** See {@link QueuedEvent}. */
export const queuedEventSchema = z.object({
  type: z.literal("queued"),
  position: z.number().int(),
  etaSeconds: z.number(),
});
/** See {@link CompleteEvent}. */
export const completeEventSchema = z.object({
  type: z.literal("complete"),
  id: z.string(),
  cached: z.boolean(),
  elapsedMs: z.number(),
  counts: z.object({ nodes: z.number().int(), edges: z.number().int() }),
  generatedAt: z.string().optional(),
  dropped: z.number().int().optional(),
});
/** See {@link ErrorEvent}. */
export const errorEventSchema = z.object({
  type: z.literal("error"),
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterSeconds: z.number().int().min(1).optional(),
});
/** Any event on the wire (schema). */
export const generationEventSchema = z.union([
  startEventSchema,
  queuedEventSchema,
  elementSchema,
  completeEventSchema,
  errorEventSchema,
]);

// Fails to compile when a schema and its interface disagree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchTypes: [
  Same<z.infer<typeof startEventSchema>, StartEvent>,
  Same<z.infer<typeof queuedEventSchema>, QueuedEvent>,
  Same<z.infer<typeof completeEventSchema>, CompleteEvent>,
  Same<z.infer<typeof errorEventSchema>, ErrorEvent>,
  Same<GenerationSource, typeof GENERATION_SOURCES[number]>,
] = [true, true, true, true, true];
void schemasMatchTypes;

const encoder = new TextEncoder();

/** Encodes one event as an SSE frame (text). */
export function sseFrame(event: GenerationEvent | { type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Encodes one event as an SSE frame (bytes). */
export function sseBytes(event: GenerationEvent | { type: string }): Uint8Array {
  return encoder.encode(sseFrame(event));
}

/** Parses a whole SSE body (as text) into its events with the shared parser (lib/protocol/sse_parser.ts). */
export function parseSse(text: string): GenerationEvent[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((frame) => JSON.parse(frame.data));
}
