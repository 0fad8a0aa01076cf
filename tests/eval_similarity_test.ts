import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";
import {
  acceptedAt,
  crossGroupLine,
  crossGroupPairs,
  crossGroupScores,
  decisionLine,
  gatePairs,
  metricsAt,
  PairsFileError,
  parsePairs,
  planGate,
  recallAtPrecision,
  type ScoredPair,
  wilson,
} from "../tasks/eval_similarity.ts";

const FIXTURE = new URL("./fixtures/similarity_pairs_small.jsonl", import.meta.url).pathname;
const SPLITS = new URL("./fixtures/similarity_splits", import.meta.url).pathname;
const TOOL = new URL("../tasks/eval_similarity.ts", import.meta.url).pathname;

async function runTool(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TOOL, ...args],
    env: { KV_PATH: ":memory:", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("eval tool: figures, sweep and the final summary line on a small fixture", async () => {
  const { code, stdout } = await runTool([FIXTURE]);
  assert.equal(code, 0);
  const lines = stdout.trim().split("\n");
  assert.match(lines.at(-1)!, /^precision=\d\.\d{3} recall=\d\.\d{3} f1=\d\.\d{3} threshold=[\d.]+$/);
  assert.ok(lines.some((l) => l === "threshold sweep (cosine threshold, plan-agreement gate applied):"));
  assert.ok(lines.some((l) => /^\s+0\.50\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}$/.test(l)));
  assert.ok(stdout.includes("pairs: 6 (3 similar, 3 not similar)"));
  assert.match(stdout, /^decision measured: [^,]+, cosine ≥ [\d.]+, plan-agreement gate on/m);
  // The fixture's pairs are easy for the cosine alone: all right at a middling threshold.
  assert.equal(
    (await runTool([FIXTURE, "--threshold", "0.5", "--no-gate"])).stdout.trim().split("\n").at(-1),
    "precision=1.000 recall=1.000 f1=1.000 threshold=0.5",
  );
  // --threshold and SIMILARITY_THRESHOLD both change the threshold in force.
  assert.match(
    (await runTool([FIXTURE, "--threshold", "0.99"])).stdout.trim().split("\n").at(-1)!,
    /threshold=0\.99$/,
  );
  const viaEnv = await runTool([FIXTURE], { SIMILARITY_THRESHOLD: "0.2" });
  assert.match(viaEnv.stdout.trim().split("\n").at(-1)!, /threshold=0\.2$/);
});

Deno.test("eval tool: a bad line is reported by number with a non-zero exit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: [string, RegExp][] = [
      [
        '{"a":{"appDescription":"A chat app"},"b":{"appDescription":"Chat"},"similar":true}\n{not json}\n',
        /line 2: not valid JSON/,
      ],
      [
        '{"a":{"appDescription":"A chat app"},"b":{"appDescription":"Chat"},"similar":"yes"}\n',
        /line 1: similar/,
      ],
      [
        '\n{"a":{"appDescription":"A chat app","scale":"Huge"},"b":{"appDescription":"Chat app"},"similar":true}\n',
        /line 2: invalid request: a\.scale/,
      ],
      ['{"a":{"appDescription":"A chat app"},"similar":true}\n', /line 1: b: required/],
      [
        '{"a":{"appDescription":"A chat app"},"b":{"appDescription":"Chat app"},"similar":true,"x":1}\n',
        /line 1: x: unknown field/,
      ],
      ["\n\n", /no pairs/],
    ];
    for (const [i, [text, pattern]] of cases.entries()) {
      const file = `${dir}/bad${i}.jsonl`;
      await Deno.writeTextFile(file, text);
      const { code, stderr } = await runTool([file]);
      assert.equal(code, 1, text);
      assert.match(stderr, pattern);
    }
    const missing = await runTool([`${dir}/missing.jsonl`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read/);
    const usage = await runTool([]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage:/);
    assert.equal((await runTool([FIXTURE, "--threshold", "abc"])).code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval tool: metrics count pairs that are never candidates as predicted not similar", () => {
  const pairs = parsePairs(
    [
      '{"a":{"appDescription":"Chat app"},"b":{"appDescription":"Chat app"},"similar":true}',
      '{"a":{"appDescription":"Chat app"},"b":{"appDescription":"Chat app","scale":"Global"},"similar":false}',
    ].join("\n"),
  );
  const scored: ScoredPair[] = [{ ...pairs[0], score: 0.9 }, { ...pairs[1], score: null }];
  const m = metricsAt(scored, 0.5);
  assert.deepEqual([m.tp, m.fp, m.fn, m.tn], [1, 0, 0, 1]);
  assert.equal(m.precision, 1);
  assert.equal(m.recall, 1);
  const none = metricsAt([{ ...pairs[0], score: 0.1 }], 0.5);
  assert.equal(none.precision, 1, "no answer given: no wrong answer");
  assert.equal(none.recall, 0);
  assert.equal(none.f1, 0);
  assert.throws(() => parsePairs("[]"), PairsFileError);
});

Deno.test("eval tool: a folder or several files, group and kind, per split and per kind, intervals", async () => {
  // The cosine alone (the gate is tested below).
  const folder = await runTool([SPLITS, "--threshold", "0.5", "--no-gate"]);
  assert.equal(folder.code, 0, folder.stderr);
  const out = folder.stdout;
  assert.ok(out.includes("pairs: 6 (3 similar, 3 not similar)"), out);
  assert.match(
    out,
    /split train: n 4 \(2 similar\)\s+precision 1\.000 \[0\.\d{3}, 1\.000\]\s+recall 1\.000 \[/,
  );
  assert.match(out, /split validation: n 2 \(1 similar\)/);
  assert.match(out, /recall@p≥0\.95 1\.000 \(threshold [\d.]+, precision 1\.000\)\s+recall@p≥0\.97 1\.000/);
  assert.match(out, /\n\s+typo\s+n\s+1\s+recall 1\.000 \[0\.\d{3}, 1\.000\] \(1\/1\)/);
  assert.match(out, /\n\s+differs-scale\s+n\s+1\s+kept apart 1\.000 .*\(1\/1\)/);
  assert.equal(out.trim().split("\n").at(-1), "precision=1.000 recall=1.000 f1=1.000 threshold=0.5");
  // The same two files named one by one give the same figures; --split keeps one of them.
  const files = await runTool([
    `${SPLITS}/train.jsonl`,
    `${SPLITS}/validation.jsonl`,
    "--threshold",
    "0.5",
    "--no-gate",
  ]);
  assert.equal(files.stdout, out);
  const one = await runTool([SPLITS, "--split", "validation", "--threshold", "0.5", "--no-gate"]);
  assert.ok(one.stdout.includes("pairs: 2 (1 similar, 1 not similar)"));
  // A bad line names its file.
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/a.jsonl`,
      '{"a":{"appDescription":"A chat app"},"b":{"appDescription":"Chat"},"similar":true,"kind":""}\n',
    );
    const bad = await runTool([dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /a\.jsonl: line 1: kind/);
    const empty = await Deno.makeTempDir({ dir });
    assert.equal((await runTool([empty])).code, 1);
    assert.equal((await runTool([SPLITS, "--embedder", "nope"])).code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval tool: Wilson intervals and recall at a precision floor", () => {
  const w = wilson(95, 100);
  assert.ok(Math.abs(w.low - 0.8882) < 1e-3 && Math.abs(w.high - 0.9785) < 1e-3, JSON.stringify(w));
  assert.deepEqual(wilson(0, 0), { low: 0, high: 1 });
  const all = wilson(10, 10);
  assert.equal(all.high, 1);
  assert.ok(all.low > 0.69 && all.low < 0.73);
  const pair =
    parsePairs('{"a":{"appDescription":"Chat app"},"b":{"appDescription":"Chat app"},"similar":true}')[0];
  const scored = (score: number, similar: boolean): ScoredPair => ({ ...pair, similar, score });
  // Scores: positives 0.9 0.8 0.6, negatives 0.7 0.5.
  const list = [
    scored(0.9, true),
    scored(0.8, true),
    scored(0.7, false),
    scored(0.6, true),
    scored(0.5, false),
  ];
  const strict = recallAtPrecision(list, 0.97)!;
  assert.equal(strict.threshold, 0.8);
  assert.equal(strict.recall, 2 / 3);
  const loose = recallAtPrecision(list, 0.75)!;
  assert.equal(loose.threshold, 0.6);
  assert.equal(loose.recall, 1);
  assert.equal(recallAtPrecision([scored(0.9, false)], 0.5), null);
});

Deno.test("eval tool: cross-group pairs are requests of different groups in one partition, each pair once", () => {
  const line = (a: string, b: string, group: string, scale = "Startup") =>
    JSON.stringify({
      a: { appDescription: a, scale, competitors: ["AWS"] },
      b: { appDescription: b, scale, competitors: ["AWS"] },
      similar: true,
      group,
    });
  const pairs = parsePairs([
    line("Recipe sharing site", "Site to swap cooking recipes", "recipes"),
    line("Parcel tracking for couriers", "Track courier parcels live", "parcels"),
    line("Invoice scanner for accountants", "Scan invoices for my bookkeeping firm", "invoices", "Global"),
    line("Recipe sharing site", "Share recipes with friends", "recipes-again"),
  ].join("\n"));
  const texts = [...new Set(pairs.flatMap((p) => [p.a.appDescription, p.b.appDescription]))];
  // Unit vectors: the two parcel requests point along the recipe site's, everything else is orthogonal.
  const vectors = new Map(texts.map((t, i) => {
    const v = new Float32Array(texts.length);
    v[/parcel/i.test(t) ? 0 : i] = 1;
    return [t, v];
  }));
  const scores = crossGroupScores(pairs, vectors);
  // Startup partition: 5 distinct requests (the recipe site, written in two groups, counts once, in the first);
  // recipes (2) × parcels (2) 4, recipes × "share recipes" 2, parcels × "share recipes" 2; the Global one is
  // alone in its partition and same-group pairs never count.
  assert.equal(scores.length, 8);
  assert.equal(scores.filter((s) => s >= 0.9).length, 2, "only the recipe site and the two parcel requests");
  assert.match(
    crossGroupLine(scores, 0.9),
    /n 8 {2}accepted 2 \(share 0\.250 \[0\.\d{3}, 0\.\d{3}\]\) at threshold 0\.9$/,
  );
  assert.match(crossGroupLine([], 0.5), /n 0 {2}accepted 0 \(share 0\.000/);
});

Deno.test("eval tool: by default a pair above the cosine threshold whose plans disagree is not accepted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Written for this test: adding livestreamed classes plans other services; a typo plans the same ones.
    const pair = (a: string, b: string, similar: boolean) =>
      JSON.stringify({
        a: { appDescription: a, competitors: ["AWS"] },
        b: { appDescription: b, competitors: ["AWS"] },
        similar,
      });
    const file = `${dir}/pairs.jsonl`;
    await Deno.writeTextFile(
      file,
      [
        pair(
          "Booking site for a yoga studio",
          "Booking site for a yoga studio with livestreamed classes",
          false,
        ),
        pair("Booking site for a yoga studio", "booking site for a yoga studoi", true),
      ].join("\n") + "\n",
    );
    const alone = await runTool([file, "--no-gate", "--errors"]);
    assert.equal(alone.code, 0, alone.stderr);
    // The cosine alone accepts both: the livestream pair is above the threshold (a false positive).
    assert.match(alone.stdout, /^decision measured: .*no gate \(cosine alone, --no-gate\)/m);
    assert.match(
      alone.stdout,
      /FALSE POSITIVE score 0\.\d{3}: "Booking site for a yoga studio" ~ .*livestreamed/,
    );
    assert.equal(
      alone.stdout.trim().split("\n").at(-1),
      "precision=0.500 recall=1.000 f1=0.667 threshold=0.8",
    );
    // The shipped decision refuses it (the plans disagree) and still accepts the typo.
    const gated = await runTool([file, "--errors"]);
    assert.equal(gated.code, 0, gated.stderr);
    assert.match(gated.stdout, /^decision measured: .*cosine ≥ 0\.8, plan-agreement gate on/m);
    assert.ok(!gated.stdout.includes("FALSE POSITIVE"), gated.stdout);
    assert.equal(
      gated.stdout.trim().split("\n").at(-1),
      "precision=1.000 recall=1.000 f1=1.000 threshold=0.8",
    );
    assert.match(gated.stdout, /threshold sweep \(cosine threshold, plan-agreement gate applied\)/);
    assert.match(gated.stderr, /plan-agreement gate: \d+ distinct plans/);
    // --threshold keeps the gate: lowered, the livestream pair is still refused.
    const low = await runTool([file, "--threshold", "0.3"]);
    assert.equal(low.stdout.trim().split("\n").at(-1), "precision=1.000 recall=1.000 f1=1.000 threshold=0.3");
    const lowAlone = await runTool([file, "--threshold", "0.3", "--no-gate"]);
    assert.equal(
      lowAlone.stdout.trim().split("\n").at(-1),
      "precision=0.500 recall=1.000 f1=0.667 threshold=0.3",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A planner for the unit tests: one node per word of the description on each platform. */
function wordPlanner(count: { n: number }) {
  return (request: NormalizedRequest): { elements: PlanElement[] } => {
    count.n++;
    const words = request.appDescription.toLowerCase().split(/\s+/);
    return {
      elements: words.flatMap((w) =>
        (["cloudflare", "competitor"] as const).map((platform) =>
          ({ type: "node", platform, data: { name: w } }) as unknown as PlanElement
        )
      ),
    };
  };
}

Deno.test("eval tool: the gate's verdict decides a pair above the threshold; each request planned once", () => {
  const count = { n: 0 };
  const gate = planGate(wordPlanner(count));
  const pairs = parsePairs([
    // Nodes {parcel, lockers, app} vs the same: J 1. vs {parcel, lockers, app, with, drones}: J 0.6 < 0.7.
    '{"a":{"appDescription":"parcel lockers app"},"b":{"appDescription":"parcel lockers app"},"similar":true}',
    '{"a":{"appDescription":"parcel lockers app"},"b":{"appDescription":"parcel lockers app with drones"},' +
    '"similar":false}',
    '{"a":{"appDescription":"parcel lockers app"},"b":{"appDescription":"parcel lockers app","scale":"Global"},' +
    '"similar":false}',
  ].join("\n"));
  const scored = gatePairs([
    { ...pairs[0], score: 0.95 },
    { ...pairs[1], score: 0.95 },
    { ...pairs[2], score: null },
  ], gate);
  assert.deepEqual(scored.map((p) => p.agree), [true, false, undefined]);
  assert.equal(acceptedAt(scored[1], 0.9), false, "above the threshold, plans disagree: refused");
  assert.equal(acceptedAt({ score: 0.95 }, 0.9), true, "no verdict: the cosine alone");
  const m = metricsAt(scored, 0.9);
  assert.deepEqual([m.tp, m.fp, m.fn, m.tn], [1, 0, 0, 2]);
  const alone = metricsAt(scored.map(({ agree: _, ...p }) => p), 0.9);
  assert.deepEqual([alone.tp, alone.fp], [1, 1]);
  // Two distinct requests (the matched one has the asker's settings here): two plans, however often asked.
  assert.equal(gate.planned(), 2);
  gate(pairs[1].a, pairs[1].b);
  assert.equal(gate.planned(), 2);
  // The sweep and the floors run over the cosine threshold with the gate: at any threshold the drone pair is out.
  assert.equal(recallAtPrecision(scored, 0.97)?.precision, 1);
  assert.match(
    decisionLine("emb:x", 0.8, true),
    /^decision measured: emb:x, cosine ≥ 0\.8, plan-agreement gate on/,
  );
});

Deno.test("eval tool: cross-group pairs carry their requests; the gated share is reported beside the cosine", () => {
  const line = (a: string, b: string, group: string) =>
    JSON.stringify({ a: { appDescription: a }, b: { appDescription: b }, similar: true, group });
  const pairs = parsePairs([
    line("tide tables for surfers", "surf tide times", "tides"),
    line("tide tables for anglers", "fishing tide times", "fishing"),
  ].join("\n"));
  const texts = [...new Set(pairs.flatMap((p) => [p.a.appDescription, p.b.appDescription]))];
  const vectors = new Map(texts.map((t) => [t, new Float32Array([1, 0])]));
  const cross = crossGroupPairs(pairs, vectors);
  assert.equal(cross.length, 4);
  assert.deepEqual(cross.map((c) => c.score), crossGroupScores(pairs, vectors));
  assert.deepEqual(cross[0].a.appDescription, "tide tables for surfers");
  assert.deepEqual(cross[0].b.appDescription, "tide tables for anglers");
  const gate = planGate(wordPlanner({ n: 0 }));
  const gated = cross.filter((c) => gate(c.a, c.b)).length;
  assert.equal(gated, 0, "word plans of other groups share too few nodes");
  assert.match(
    crossGroupLine(cross.map((c) => c.score), 0.9, gated),
    /accepted 0 \(share 0\.000 .*\) at threshold 0\.9 with the plan-agreement gate; cosine alone 4 \(share 1\.000/,
  );
});
