import assert from "node:assert/strict";
import {
  shapeProbabilities,
  trainShapeModel,
  withShapeModel,
  wordFeatures,
} from "../lib/planner/shape_model.ts";
import { classificationFeatures, classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { buildShapeModel, MODEL_OPTIONS } from "../tasks/build_shape_model.ts";
import { SEEN_FILES } from "../tasks/shape_cases.ts";
import { SHAPE_MODEL_DATA } from "../lib/planner/shape_model_data.ts";
import { scoreShapes } from "../tasks/eval_shapes.ts";

const ROOT = new URL("../", import.meta.url);
const OPTIONS = { alpha: 0.3, temperature: 1, minCount: 1 };

Deno.test("shape model: word features are stems and neighbouring-stem bigrams, each once", () => {
  assert.deepEqual(wordFeatures("Players join rooms; players join again"), [
    "play",
    "join",
    "room",
    "again",
    "play_join",
    "join_room",
    "room_play",
    "join_again",
  ]);
});

Deno.test("shape model: counts per class, pruning, and probabilities that follow the training", () => {
  const data = trainShapeModel([
    { features: ["cron", "nightly"], shape: "batch_job" },
    { features: ["cron", "report"], shape: "batch_job" },
    { features: ["camera", "call"], shape: "webrtc" },
  ], OPTIONS);
  assert.deepEqual(data.classes, ["batch_job", "webrtc"]);
  assert.deepEqual(data.docs, [2, 1]);
  assert.deepEqual(data.counts.cron, [0, 2]);
  assert.deepEqual(data.counts.camera, [1, 1]);
  const pruned = trainShapeModel([
    { features: ["cron", "nightly"], shape: "batch_job" },
    { features: ["cron"], shape: "batch_job" },
  ], { ...OPTIONS, minCount: 2 });
  assert.deepEqual(Object.keys(pruned.counts), ["cron"]);
  withShapeModel(data, () => {
    const p = shapeProbabilities(["camera", "unknown"]);
    assert.ok(Math.abs([...p.values()].reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.ok(p.get("webrtc")! > p.get("batch_job")!, "camera speaks for the call");
    assert.ok(shapeProbabilities(["cron"]).get("batch_job")! > 0.5);
  });
  assert.throws(() => trainShapeModel([], OPTIONS), /no examples/);
});

Deno.test("shape model: the learned lead follows the active model, and the shipped one comes back", () => {
  const text = "A small site with opening hours for our shop";
  const before = classifyWorkload(text).primary;
  // A model that has only ever seen this text labelled as a UDP game server says so.
  const odd = trainShapeModel([
    { features: classificationFeatures(text), shape: "realtime_udp" },
    { features: ["zzz"], shape: "web_app" },
  ], OPTIONS);
  const inside = withShapeModel(odd, () => classifyWorkload(text));
  assert.equal(inside.primary, "realtime_udp");
  assert.ok(inside.shapes.includes("realtime_udp"));
  assert.equal(classifyWorkload(text).primary, before);
  assert.throws(() =>
    withShapeModel(odd, () => {
      throw new Error("boom");
    }), /boom/);
  assert.equal(classifyWorkload(text).primary, before, "restored after a throw too");
});

Deno.test("shape model: phrasings the rules alone read as a plain web app", () => {
  assert.equal(
    classifyWorkload("A place for our 3 product docs versions, searchable, built from markdown in the repo")
      .primary,
    "static_site",
  );
  assert.equal(
    classifyWorkload(
      "Our hospital wants doctors to dictate notes and get a structured summary they can ask follow-up questions about",
    ).primary,
    "llm_rag",
  );
});

Deno.test("shape model: the committed data is what build:shape-model makes from the seen files", async () => {
  const cwd = Deno.cwd();
  Deno.chdir(ROOT);
  try {
    const fresh = await buildShapeModel(SEEN_FILES);
    assert.deepEqual(
      SHAPE_MODEL_DATA,
      fresh,
      "run `deno task build:shape-model` after editing eval files, seeds or rules",
    );
    assert.equal(SHAPE_MODEL_DATA.alpha, MODEL_OPTIONS.alpha);
  } finally {
    Deno.chdir(cwd);
  }
});

Deno.test("eval:shapes: primary, among and confusions (internal tool counts as the web app)", () => {
  const examples = [
    { file: "f", id: "a", text: "x", shape: "web_app" as const },
    { file: "f", id: "b", text: "y", shape: "iot" as const },
    { file: "f", id: "c", text: "z", shape: "media" as const },
  ];
  const fixed: Record<string, ("internal_tool" | "iot" | "webrtc" | "media")[]> = {
    x: ["internal_tool"],
    y: ["iot"],
    z: ["webrtc", "media"],
  };
  const score = scoreShapes(examples, (t) => fixed[t]);
  assert.equal(score.cases, 3);
  assert.equal(score.primary, 2);
  assert.equal(score.among, 3);
  assert.deepEqual([...score.confusions], [["media → webrtc", 1]]);
  assert.deepEqual(score.byShape.get("media"), [0, 1]);
});

Deno.test("eval:shapes: the tool's last line, and bad arguments", async () => {
  const tool = new URL("../tasks/eval_shapes.ts", import.meta.url).pathname;
  const fixture = new URL("./fixtures/planner_cases_small.jsonl", import.meta.url).pathname;
  const run = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", tool, ...args],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
  const ok = await run([fixture]);
  assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
  assert.match(
    new TextDecoder().decode(ok.stdout).trim().split("\n").at(-1)!,
    /^primary=\d\.\d{3} among=\d\.\d{3} cases=3$/,
  );
  assert.equal((await run(["--nope"])).code, 2);
  assert.equal((await run(["no-such-file.jsonl"])).code, 1);
});
