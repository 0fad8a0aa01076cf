/**
 * A fake model upstream for benchmarks and the load tool: OpenAI Chat Completions (`POST /v1/chat/completions`)
 * and Anthropic Messages (`POST /v1/messages`) streams of one fixed, valid architecture plan, paced like a
 * real model: the first delta after `firstMs`, then one delta every `everyMs` (113 deltas by default).
 * Every request gets the same stream, so any number of concurrent clients can be served (unlike the
 * scenario queue of tests/fake_upstreams.ts).
 *
 * Run as a process (`deno run --allow-net bench/fake_model_upstream.ts --first-ms=20 --every-ms=3`) it
 * listens on 127.0.0.1 with a free port and prints `listening <port>` on its first line, so a benchmark's
 * clients, the gateway under test and the upstream never share a process. With `--cert=<pem> --key=<pem>` it
 * serves HTTPS instead (`listening <port> https`); Deno.serve then offers HTTP/2 by ALPN, so a client such
 * as Deno's fetch carries concurrent streams on one connection, as it does with api.openai.com. Deno.serve
 * runs at most 200 streams at once on a connection (seen with 1,000: hyper's default), and Deno's fetch
 * holds the others back on that connection until a stream ends.
 *
 * `GET /stats` answers `{ requests, connections }`: model requests and distinct client connections (remote
 * address and port) seen since the previous `/stats`. More requests in flight than connections means the
 * client multiplexed them, which HTTP/1.1 cannot do: the streams went over HTTP/2.
 */
import { parseArgs } from "node:util";

/** Pacing of the fake's streams. */
export interface FakeModelOptions {
  /** Milliseconds before the first text delta. Default 20. */
  firstMs?: number;
  /** Milliseconds between deltas. Default 3. */
  everyMs?: number;
  /** Deltas the plan is cut into. Default 113. */
  deltas?: number;
}

type Raw = Record<string, unknown>;
const node = (
  platform: string,
  id: string,
  type: string,
  name: string,
  subtitle: string | null = null,
): Raw => ({
  type: "node",
  platform,
  data: { id, type, name, subtitle, color: "#f38020" },
});
const edge = (platform: string, from: string, to: string, label: string): Raw => ({
  type: "edge",
  platform,
  data: { id: `${from}-${to}`, from, to, label, style: "solid", color: "#888888" },
});

/** The plan every stream writes, as a model does under the structured-output schema (~4.6 KB of JSON). */
export function fakePlanText(): string {
  const elements: Raw[] = [
    node("cloudflare", "users", "users", "Users"),
    node("cloudflare", "workers", "compute", "Workers", "API and SSR"),
    node("cloudflare", "chat", "realtime", "Durable Objects", "one object per room"),
    node("cloudflare", "r2", "storage", "R2", "uploads, $0 egress"),
    node("cloudflare", "d1", "database", "D1", "messages and users"),
    node("cloudflare", "kv", "cache", "Workers KV", "sessions"),
    node("cloudflare", "queues", "queue", "Queues", "notifications"),
    edge("cloudflare", "users", "workers", "HTTPS/WebSocket"),
    edge("cloudflare", "workers", "chat", "room messages"),
    edge("cloudflare", "workers", "r2", "files"),
    edge("cloudflare", "workers", "d1", "SQL"),
    edge("cloudflare", "workers", "kv", "session reads"),
    edge("cloudflare", "workers", "queues", "fan-out"),
    node("competitor", "users", "users", "Users"),
    node("competitor", "cloudfront", "cdn", "CloudFront"),
    node("competitor", "apigw", "realtime", "API Gateway WebSockets"),
    node("competitor", "lambda", "compute", "Lambda", "handlers"),
    node("competitor", "s3", "storage", "S3", "uploads"),
    node("competitor", "dynamo", "database", "DynamoDB", "messages"),
    node("competitor", "sqs", "queue", "SQS", "notifications"),
    edge("competitor", "users", "cloudfront", "HTTPS"),
    edge("competitor", "cloudfront", "apigw", "WebSocket"),
    edge("competitor", "apigw", "lambda", "invoke"),
    edge("competitor", "lambda", "s3", "files"),
    edge("competitor", "lambda", "dynamo", "reads/writes"),
    edge("competitor", "lambda", "sqs", "fan-out"),
    {
      type: "priority_value_prop",
      platform: "cloudflare",
      data: {
        constraint: "Cost Optimization",
        emoji: "💸",
        title: "No egress fees",
        description: "R2 charges $0 egress: 50 GB/month costs $0 versus about $4.50 on S3.",
      },
    },
    {
      type: "priority_value_prop",
      platform: "cloudflare",
      data: {
        constraint: "Developer Velocity",
        emoji: "🚀",
        title: "One deploy",
        description: "wrangler deploy ships globally in about 30 s; no VPCs to configure.",
      },
    },
    {
      type: "cost",
      platform: "cloudflare",
      data: {
        monthlyUsd: 5,
        items: [{ service: "Workers Paid", monthlyUsd: 5, basis: "$5 base incl. 10M requests" }],
        assumptions: "1M requests/month, 50 GB egress, 10 GB stored",
      },
    },
    {
      type: "cost",
      platform: "competitor",
      data: {
        monthlyUsd: 11.7,
        items: [
          { service: "CloudFront", monthlyUsd: 4.25, basis: "50 GB × $0.085/GB" },
          { service: "Lambda", monthlyUsd: 0.2, basis: "1M × $0.20/M" },
          { service: "API Gateway", monthlyUsd: 7.25, basis: "messages and minutes" },
        ],
        assumptions: "1M requests/month, 50 GB egress, 10 GB stored",
      },
    },
  ];
  return JSON.stringify({ elements });
}

const encoder = new TextEncoder();
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

function openaiFrames(model: string, deltas: string[]): { head: string[]; body: string[]; tail: string[] } {
  const chunk = (delta: Raw, finish: string | null, usage: Raw | null = null, choices = true) =>
    `data: ${
      JSON.stringify({
        id: "chatcmpl-fake",
        object: "chat.completion.chunk",
        created: 1_700_000_000,
        model,
        choices: choices ? [{ index: 0, delta, logprobs: null, finish_reason: finish }] : [],
        usage,
      })
    }\n\n`;
  return {
    head: [chunk({ role: "assistant", content: "" }, null)],
    body: deltas.map((d) => chunk({ content: d }, null)),
    tail: [
      chunk({}, "stop"),
      chunk({}, null, { prompt_tokens: 1500, completion_tokens: 1200, total_tokens: 2700 }, false),
      "data: [DONE]\n\n",
    ],
  };
}

function anthropicFrames(
  model: string,
  deltas: string[],
): { head: string[]; body: string[]; tail: string[] } {
  const frame = (type: string, data: Raw) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return {
    head: [
      frame("message_start", {
        message: {
          id: "msg_fake",
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 1500, output_tokens: 1 },
        },
      }),
      frame("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    ],
    body: deltas.map((text) =>
      frame("content_block_delta", { index: 0, delta: { type: "text_delta", text } })
    ),
    tail: [
      frame("content_block_stop", { index: 0 }),
      frame("message_delta", {
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: 1200 },
      }),
      frame("message_stop", {}),
    ],
  };
}

/** The request handler of the fake (exported so it can also be mounted in-process). */
export function fakeModelHandler(
  options: FakeModelOptions = {},
): (req: Request, info?: Deno.ServeHandlerInfo) => Promise<Response> {
  const firstMs = options.firstMs ?? 20;
  const everyMs = options.everyMs ?? 3;
  const text = fakePlanText();
  const n = Math.max(1, options.deltas ?? 113);
  const size = Math.ceil(text.length / n);
  const deltas = Array.from(
    { length: Math.ceil(text.length / size) },
    (_, i) => text.slice(i * size, (i + 1) * size),
  );
  let requests = 0;
  let connections = new Set<string>();
  return async (req, info) => {
    const path = new URL(req.url).pathname;
    if (req.method === "GET" && path === "/stats") {
      const stats = { requests, connections: connections.size };
      requests = 0;
      connections = new Set();
      return Response.json(stats);
    }
    const kind = path.endsWith("/chat/completions")
      ? "openai"
      : path.endsWith("/messages")
      ? "anthropic"
      : null;
    if (req.method !== "POST" || !kind) return new Response("not found", { status: 404 });
    requests++;
    const addr = info?.remoteAddr as Deno.NetAddr | undefined;
    if (addr) connections.add(`${addr.hostname}:${addr.port}`);
    const body = await req.json().catch(() => ({}));
    const model = typeof body.model === "string" ? body.model : "fake";
    const frames = kind === "openai" ? openaiFrames(model, deltas) : anthropicFrames(model, deltas);
    const signal = req.signal;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          for (const f of frames.head) controller.enqueue(encoder.encode(f));
          await sleep(firstMs, signal);
          for (let i = 0; i < frames.body.length && !signal.aborted; i++) {
            if (i > 0) await sleep(everyMs, signal);
            controller.enqueue(encoder.encode(frames.body[i]));
          }
          if (!signal.aborted) { for (const f of frames.tail) controller.enqueue(encoder.encode(f)); }
          controller.close();
        } catch {
          // The client went away.
        }
      },
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      "first-ms": { type: "string", default: "20" },
      "every-ms": { type: "string", default: "3" },
      deltas: { type: "string", default: "113" },
      cert: { type: "string" },
      key: { type: "string" },
    },
  });
  const handler = fakeModelHandler({
    firstMs: Number(values["first-ms"]),
    everyMs: Number(values["every-ms"]),
    deltas: Number(values.deltas),
  });
  const tls = values.cert && values.key
    ? { cert: Deno.readTextFileSync(values.cert), key: Deno.readTextFileSync(values.key) }
    : {};
  Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    ...tls,
    onListen: ({ port }) => console.log(`listening ${port}${"cert" in tls ? " https" : ""}`),
  }, handler);
}
