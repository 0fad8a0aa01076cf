import assert from "node:assert/strict";
import { cosine, createEmbedder, DEFAULT_THRESHOLDS, thresholdFor } from "../lib/semantic/embeddings/mod.ts";
import { loadConfig } from "../lib/platform/config.ts";
import {
  decodeProjection,
  encodeProjection,
  loadProjection,
  project,
} from "../lib/semantic/embeddings/projection.ts";
import {
  FEATURE_DIMENSIONS,
  SENTENCE_EMBEDDER_ID,
  SentenceEmbedder,
} from "../lib/semantic/embeddings/sentence_embedder.ts";
import {
  ENCODER_NICE,
  loadSentenceEncoder,
  SENTENCE_DIMENSIONS,
} from "../lib/semantic/embeddings/sentence_encoder.ts";
import { SentencePieceTokenizer } from "../lib/semantic/embeddings/sentencepiece.ts";
import { SimilarSearch } from "../lib/semantic/similar_search.ts";
import { planArchitecture } from "../lib/planner/planner.ts";

const norm = (v: Float32Array) => Math.sqrt(v.reduce((n, x) => n + x * x, 0));

Deno.test("sentencepiece: highest-scoring segmentation; unknown symbols become one id 0", () => {
  const vocabulary: [string, number][] = [
    ["<unk>", 0],
    ["<s>", 0],
    ["</s>", 0],
    ["x1", 0],
    ["x2", 0],
    ["x3", 0],
    ["▁", -2],
    ["▁ab", -3],
    ["▁a", -2],
    ["b", -2],
    ["c", -1],
    ["▁c", -5],
  ];
  const t = new SentencePieceTokenizer(vocabulary);
  // "▁ab" (−3) beats "▁a" + "b" (−4).
  assert.deepEqual(t.encode("ab"), [7]);
  // Spaces are "▁"; "▁" + "c" (−3) beats "▁c" (−5).
  assert.deepEqual(t.encode("ab c"), [7, 6, 10]);
  // "zz" is not in the vocabulary: one unknown id for the run.
  assert.deepEqual(t.encode("abzz"), [7, 0]);
  assert.deepEqual(t.encode(""), []);
});

Deno.test("sentence embedder: the default local embedder, versioned id, deterministic 256-d unit vectors", async () => {
  const e = createEmbedder(loadConfig({ KV_PATH: ":memory:" }));
  assert.equal(e.id, SENTENCE_EMBEDDER_ID);
  assert.match(e.id, /^local:.+:256:v\d+$/);
  assert.equal(thresholdFor(SENTENCE_EMBEDDER_ID), DEFAULT_THRESHOLDS[SENTENCE_EMBEDDER_ID]);
  const [a, b, c] = await e.embed(["A chat app with file uploads", "A chat app with file uploads", ""]);
  assert.equal(a.length, 256);
  assert.deepEqual(a, b);
  assert.ok(Math.abs(norm(a) - 1) < 1e-5);
  assert.ok(Number.isFinite(cosine(a, c)));
  assert.deepEqual(await e.embed([]), []);
  // One encoder per process, shared by every embedder instance, in a worker thread (the event loop stays free).
  assert.equal(await loadSentenceEncoder(), await loadSentenceEncoder());
  assert.equal((await loadSentenceEncoder()).placement, "worker");
});

Deno.test("sentence encoder: concurrent calls are batched in the worker, each answered with its own vectors", async () => {
  const encoder = await loadSentenceEncoder();
  const texts = [
    "team chat app with file uploads",
    "a logistics platform where dispatchers plan routes, drivers get their jobs on a phone and customers " +
    "track parcels on a live map",
    "nightly ETL from Postgres into a warehouse",
    "",
    "IoT sensors in greenhouses every 5 minutes",
  ];
  const alone: Float32Array[] = [];
  for (const t of texts) alone.push(...await encoder.encode([t]));
  // All at once: they queue behind each other in the worker and run as shared batches.
  const together = await Promise.all([...texts.map((t) => encoder.encode([t])), encoder.encode(texts)]);
  for (const [i, [v]] of together.slice(0, texts.length).entries()) {
    assert.equal(v.length, SENTENCE_DIMENSIONS);
    // Padding to a longer batch-mate changes a float's last digits at most.
    assert.ok(v.every((x, k) => Math.abs(x - alone[i][k]) < 1e-4), `text ${i} differs`);
  }
  const many = together[texts.length];
  assert.equal(many.length, texts.length);
  for (const [i, v] of many.entries()) assert.ok(v.every((x, k) => Math.abs(x - alone[i][k]) < 1e-4));
});

Deno.test("sentence encoder: its worker thread runs at a lower scheduling priority than the server", async () => {
  if (Deno.build.os !== "linux") return;
  await loadSentenceEncoder();
  const nices: Record<string, number> = {};
  for await (const entry of Deno.readDir(`/proc/${Deno.pid}/task`)) {
    // A short-lived thread (another test's worker, a runtime helper) may exit between the listing and the read.
    const stat = await Deno.readTextFile(`/proc/${Deno.pid}/task/${entry.name}/stat`).catch((e) => {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    });
    if (stat === null) continue;
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    // Field 19 of stat is the nice value; fields after the name start at field 3.
    nices[entry.name === String(Deno.pid) ? "main" : name + "#" + entry.name] = Number(
      stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16],
    );
  }
  assert.equal(nices.main, 0);
  const workers = Object.entries(nices).filter(([k]) => k.startsWith("worker-"));
  assert.ok(workers.length >= 1, JSON.stringify(nices));
  assert.ok(workers.some(([, n]) => n === ENCODER_NICE), JSON.stringify(nices));
});

Deno.test("sentence embedder: a paraphrase scores above a request for another workload", async () => {
  const e = new SentenceEmbedder();
  const threshold = thresholdFor(e.id);
  // Written for this test (not from the evaluation sets): [anchor, paraphrase, other workload sharing words].
  const triples: [string, string, string][] = [
    [
      "A real-time chat app for remote teams",
      "a real time chat application for our remote team",
      "Online store for sneakers with payments",
    ],
    [
      "Online store for sneakers with payments",
      "webshop where people buy trainers and pay by card",
      "Warehouse stock tracking for a sneaker brand",
    ],
  ];
  const texts = [...new Set(triples.flat())];
  const vectors = new Map((await e.embed(texts)).map((v, i) => [texts[i], v]));
  const sim = (a: string, b: string) => cosine(vectors.get(a)!, vectors.get(b)!);
  for (const [anchor, paraphrase, other] of triples) {
    const [p, o] = [sim(anchor, paraphrase), sim(anchor, other)];
    assert.ok(p > o, `${anchor}: paraphrase ${p.toFixed(3)} vs other ${o.toFixed(3)}`);
    assert.ok(o < threshold, `${anchor} | ${other}: ${o.toFixed(3)}`);
  }
  // A plain paraphrase clears the threshold.
  assert.ok(sim(triples[0][0], triples[0][1]) >= threshold);
});

Deno.test("sentence embedder: the shipped projection maps the joined features to 256 dims", async () => {
  const p = await loadProjection();
  assert.equal(p.header.inputDims, FEATURE_DIMENSIONS);
  assert.equal(FEATURE_DIMENSIONS, SENTENCE_DIMENSIONS + 256);
  assert.equal(p.header.outputDims, 256);
  assert.match(p.header.source, /train/);
  assert.doesNotMatch(p.header.source, /validation|test/);
});

Deno.test("projection file: round trip, and clear errors for bad bytes or dims", () => {
  const header = { source: "x", inputDims: 3, outputDims: 2, training: { seed: 1 } };
  const matrix = Float32Array.of(1, 0, 0, 0, 2, 0.5);
  const decoded = decodeProjection(encodeProjection(header, matrix));
  assert.deepEqual(decoded.header, header);
  assert.deepEqual(decoded.matrix, matrix);
  assert.deepEqual(project(decoded, Float32Array.of(1, 2, 4)), Float32Array.of(1, 6));
  assert.throws(() => project(decoded, Float32Array.of(1, 2)), /expects 3 inputs/);
  assert.throws(() => decodeProjection(new TextEncoder().encode("nope")), /not a projection/);
  const cut = encodeProjection(header, matrix).subarray(0, 20);
  assert.throws(() => decodeProjection(cut), /size mismatch/);
  assert.throws(() => encodeProjection(header, Float32Array.of(1)), /does not match/);
});

Deno.test("sentence embedder: an encoder that cannot load fails the embedding, and warm() reports it", async () => {
  const e = new SentenceEmbedder({ encoder: () => Promise.reject(new Error("no model files")) });
  await assert.rejects(() => e.embed(["a chat app"]), /no model files/);
  const kv = await Deno.openKv(":memory:");
  try {
    const search = new SimilarSearch({
      kv,
      store: { get: () => Promise.resolve(null) },
      replan: planArchitecture,
      embedder: e,
    });
    const warmed = await search.warm();
    assert.match(String(warmed.error), /no model files/);
    // A search fails (the pipeline then answers as with no match: the 429 unchanged).
    await assert.rejects(() =>
      search.findSimilar({ appDescription: "a chat app" } as Parameters<typeof search.findSimilar>[0])
    );
    // A working embedder warms without error.
    assert.equal(
      (await new SimilarSearch({
        kv,
        store: { get: () => Promise.resolve(null) },
        replan: planArchitecture,
        embedder: new SentenceEmbedder(),
      }).warm()).error,
      undefined,
    );
  } finally {
    kv.close();
  }
});
