import assert from "node:assert/strict";
import { fitProjection, TRAINING, type TrainingPair } from "../tasks/build_projection.ts";
import { beatsShipped, type FoldResult, selectSetting, summarize } from "../tasks/cv_projection.ts";
import { seededRandom } from "../lib/platform/seeded_random.ts";

const DIMS = 12, OUT = 8;

/** Six seeded feature rows: 0–1 and 2–3 are close pairs, 4 and 5 lie apart from the rest. */
function rows(): Float64Array {
  const random = seededRandom(3);
  const x = new Float64Array(6 * DIMS).map(() => random() - 0.5);
  for (let d = 0; d < DIMS; d++) {
    x[DIMS + d] = x[d] + 0.05 * (random() - 0.5);
    x[3 * DIMS + d] = x[2 * DIMS + d] + 0.05 * (random() - 0.5);
  }
  return x;
}

const BASE: TrainingPair[] = [
  { a: 0, b: 1, similar: true },
  { a: 2, b: 3, similar: true },
  { a: 0, b: 2, similar: false },
];
const SETTINGS = { ...TRAINING, epochs: 20 };

Deno.test("fitProjection: a hinge negative below its margin changes nothing; above it, it pushes the pair apart", () => {
  const x = rows();
  const cos = (w: Float32Array, a: number, b: number) => {
    const p = (r: number) =>
      Array.from({ length: OUT }, (_, o) => {
        let s = 0;
        for (let d = 0; d < DIMS; d++) s += w[o * DIMS + d] * x[r * DIMS + d];
        return s;
      });
    const u = p(a), v = p(b);
    const dot = u.reduce((s, ui, i) => s + ui * v[i], 0);
    return dot / Math.hypot(...u) / Math.hypot(...v);
  };
  const base = fitProjection(x, DIMS, BASE, OUT, SETTINGS);
  // Margin 1: no cosine is above it, so the pair costs nothing: the same fit, bit for bit, as the pair with
  // weight 0 (the loss is a mean over the pairs, so the count must match).
  const idle = fitProjection(
    x,
    DIMS,
    [...BASE, { a: 4, b: 5, similar: false, margin: 1, weight: 5 }],
    OUT,
    SETTINGS,
  );
  const none = fitProjection(x, DIMS, [...BASE, { a: 4, b: 5, similar: false, weight: 0 }], OUT, SETTINGS);
  assert.deepEqual(idle, none);
  // Margin −1: always active, so the pair's cosine ends lower than without it.
  const pushed = fitProjection(
    x,
    DIMS,
    [...BASE, { a: 4, b: 5, similar: false, margin: -1, weight: 5 }],
    OUT,
    SETTINGS,
  );
  assert.ok(cos(pushed, 4, 5) < cos(base, 4, 5) - 0.05, `${cos(pushed, 4, 5)} vs ${cos(base, 4, 5)}`);
});

Deno.test("fitProjection: the matrix read after epoch e is the fit of e epochs; default weights are unchanged", () => {
  const x = rows();
  let at10: Float32Array | undefined;
  const full = fitProjection(x, DIMS, BASE, OUT, SETTINGS, (e, _loss, matrix) => {
    if (e === 10) at10 = matrix();
  });
  assert.deepEqual(at10, fitProjection(x, DIMS, BASE, OUT, { ...SETTINGS, epochs: 10 }));
  assert.notDeepEqual(at10, full);
  // An explicit weight equal to the default (negatives ×negativeWeight) gives the same fit.
  const explicit = BASE.map((p) => ({ ...p, weight: p.similar ? 1 : TRAINING.negativeWeight }));
  assert.deepEqual(fitProjection(x, DIMS, explicit, OUT, SETTINGS), full);
  assert.throws(() => fitProjection(x, DIMS, BASE, 6, SETTINGS), /multiple of 4/);
});

function fold(setting: string, held: string, f: Partial<FoldResult>): FoldResult {
  return {
    setting,
    held,
    threshold: 0.7,
    precision: 1,
    recall: 0.5,
    tp: 1,
    fp: 0,
    fn: 1,
    recallAt97: 0.5,
    crossAccepted: 0,
    crossTotal: 100,
    ...f,
  };
}

Deno.test("cv:projection selection: highest mean recall under the precision and cross-group bounds, all folds", () => {
  const results = [
    ...["a", "b"].map((h) => fold("v3", h, { precision: 0.8, recall: 0.8, crossAccepted: 20 })),
    // Best recall but too many cross-group pairs accepted (mean 6 %).
    fold("wide", "a", { recall: 0.9, crossAccepted: 2 }),
    fold("wide", "b", { recall: 0.9, crossAccepted: 10 }),
    // Precision mean 0.875 < 0.90.
    fold("loose", "a", { recall: 0.85, precision: 0.95 }),
    fold("loose", "b", { recall: 0.85, precision: 0.8 }),
    // Meets both bounds.
    fold("ok", "a", { recall: 0.75, precision: 0.95, crossAccepted: 4 }),
    fold("ok", "b", { recall: 0.67, precision: 0.9 }),
    // Better, but one fold missing.
    fold("partial", "a", { recall: 0.95 }),
  ];
  const summary = summarize(results);
  assert.ok(Math.abs(summary.get("wide")!.cross - 0.06) < 1e-12);
  assert.equal(selectSetting(summary, 2), "ok");
  // ok: precision 0.925 > 0.8, cross 2 % < 20 %, recall 0.71 ≥ 0.80 − 0.1: beats v3.
  assert.equal(beatsShipped(summary.get("ok")!, summary.get("v3")!), true);
  assert.equal(beatsShipped({ ...summary.get("ok")!, recall: 0.69 }, summary.get("v3")!), false);
  assert.equal(beatsShipped({ ...summary.get("ok")!, cross: 0.2 }, summary.get("v3")!), false);
  assert.equal(selectSetting(summarize(results.filter((r) => r.setting !== "ok")), 2), undefined);
});
