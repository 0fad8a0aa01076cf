import assert from "node:assert/strict";
import {
  crossGroupLine,
  crossGroupScores,
  metricsAt,
  PairsFileError,
  parsePairs,
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
  assert.ok(lines.some((l) => l.startsWith("threshold sweep:")));
  assert.ok(lines.some((l) => /^\s+0\.50\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}$/.test(l)));
  assert.ok(stdout.includes("pairs: 6 (3 similar, 3 not similar)"));
  // The fixture's pairs are easy: all right at a middling threshold.
  assert.equal(
    (await runTool([FIXTURE, "--threshold", "0.5"])).stdout.trim().split("\n").at(-1),
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
  const folder = await runTool([SPLITS, "--threshold", "0.5"]);
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
  const files = await runTool([`${SPLITS}/train.jsonl`, `${SPLITS}/validation.jsonl`, "--threshold", "0.5"]);
  assert.equal(files.stdout, out);
  const one = await runTool([SPLITS, "--split", "validation", "--threshold", "0.5"]);
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
