import assert from "node:assert/strict";
import { bootstrapCi, CasesFileError, evaluate, parseCases, unbranded } from "../tasks/eval_planner.ts";

const FIXTURE = new URL("./fixtures/planner_cases_small.jsonl", import.meta.url).pathname;
const TOOL = new URL("../tasks/eval_planner.ts", import.meta.url).pathname;

async function runTool(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TOOL, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("eval:planner: coverage counts each expected service once, case-insensitively", async () => {
  const cases = parseCases(await Deno.readTextFile(FIXTURE));
  assert.equal(cases.length, 3);
  const cov = evaluate(cases);
  // 9 expectations; only the invented GCP service is missing ("d1" matches "D1" case-insensitively).
  assert.equal(cov.overall.total, 9);
  assert.equal(cov.overall.met, 8);
  assert.deepEqual(cov.misses.map((m) => [m.id, m.platform, m.expected]), [
    ["fx-video", "competitor", ["Teleporter Quantum Cache"]],
  ]);
  assert.deepEqual(cov.byShape.media, { met: 2, total: 3 });
  assert.deepEqual(cov.bySplit.train, { met: 6, total: 6 });
});

Deno.test("eval:planner: tables, misses and the final line; --split filters", async () => {
  const all = await runTool([FIXTURE]);
  assert.equal(all.code, 0, all.stderr);
  const lines = all.stdout.trim().split("\n");
  assert.equal(lines.at(-1), "coverage=0.889 cases=3");
  assert.ok(lines.includes("per shape:"));
  assert.match(lines.at(-2) ?? "", /^bootstrap 95% CI \(cases resampled\): 0\.\d{3}–1\.000$/);
  assert.ok(lines.some((l) => l.includes("fx-video [media] competitor: Teleporter Quantum Cache")));
  const train = await runTool([FIXTURE, "--split", "train"]);
  assert.equal(train.stdout.trim().split("\n").at(-1), "coverage=1.000 cases=2");
  const shown = await runTool([FIXTURE, "--split", "train", "--show", "fx-chat"]);
  assert.match(shown.stdout, /\[cloudflare\] Durable Objects/);
});

Deno.test("eval:planner: bad files and arguments are reported", async () => {
  assert.throws(
    () => parseCases('{"id":"a"}\n'),
    (e: unknown) => e instanceof CasesFileError && e.line === 1,
  );
  assert.throws(
    () => parseCases('{"id":"a","shape":"x","request":{"appDescription":"ok app"},"expect":{}}\nnope\n'),
    /line 2: not valid JSON/,
  );
  assert.throws(
    () => parseCases('{"id":"a","shape":"x","request":{"scale":"Huge"},"expect":{}}\n'),
    /line 1: request:/,
  );
  assert.equal((await runTool([])).code, 2);
  assert.equal((await runTool(["--bogus", FIXTURE])).code, 2);
  const missing = await runTool(["no-such-file.jsonl"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read/);
});

Deno.test("eval:planner: the bootstrap interval brackets the coverage and is reproducible", () => {
  const perCase = [{ met: 3, total: 4 }, { met: 4, total: 4 }, { met: 1, total: 4 }, { met: 4, total: 4 }];
  const [lo, hi] = bootstrapCi(perCase, 500, 7);
  assert.ok(lo <= 12 / 16 && 12 / 16 <= hi, `${lo}–${hi}`);
  assert.deepEqual(bootstrapCi(perCase, 500, 7), [lo, hi]);
  assert.deepEqual(bootstrapCi([{ met: 2, total: 2 }]), [1, 1]);
});

Deno.test("eval:planner: a vendor's name in front of an expected product is optional, short leftovers are not", () => {
  assert.equal(unbranded("Amazon Kinesis Data Streams"), "kinesis data streams");
  assert.equal(unbranded("Google Cloud Run"), "cloud run");
  assert.equal(unbranded("Amazon S3"), "amazon s3");
  assert.equal(unbranded("Microsoft Entra ID"), "entra id");
  assert.equal(unbranded("Azure AD"), "azure ad");
  assert.equal(unbranded("Durable Objects"), "durable objects");
});
