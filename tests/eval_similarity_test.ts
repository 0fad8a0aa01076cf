import assert from "node:assert/strict";
import { metricsAt, PairsFileError, parsePairs, type ScoredPair } from "../tasks/eval_similarity.ts";

const FIXTURE = new URL("./fixtures/similarity_pairs_small.jsonl", import.meta.url).pathname;
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
  // The fixture's pairs are easy: all right at the default threshold.
  assert.equal(lines.at(-1), "precision=1.000 recall=1.000 f1=1.000 threshold=0.65");
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
