/**
 * ML-training requests sized from what they train: sales, demand or load forecasts and churn models are
 * tabular time series that train on CPUs (no GPU rental on either plan), unless GPUs are asked for. The
 * phrasings are written for this test, not taken from an eval file.
 */
import assert from "node:assert/strict";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { costServices, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("ml training: forecasts and churn models train on CPUs", () => {
  const cpu = [
    "Weekly sales forecast for each of our 60 pharmacies, retrained every night from till data and holidays",
    "We want to forecast ice-cream demand per kiosk from weather and last year's sales; retrain daily",
    "Energy utility: train a load forecasting model per substation every morning on 8 GB of meter history",
    "Train a churn prediction model on our subscription events each week and score customers",
  ];
  for (const c of cpu) assert.equal(classifyWorkload(c).cpuTraining, true, c);
  // GPUs asked for by name still train on them.
  assert.equal(
    classifyWorkload("Demand forecasting per store with a transformer on 4 A100 GPUs").cpuTraining,
    false,
  );
});

Deno.test("ml training: a nightly per-shop forecast rents no GPUs on either plan", () => {
  const c = "Forecast daily demand for each of our 40 coffee kiosks from POS sales and holidays; " +
    "retrain every night per kiosk, about 5 GB of history";
  for (const competitor of ["AWS", "GCP", "Azure"] as const) {
    const els = planFor(c, competitor);
    for (const side of ["cloudflare", "competitor"] as const) {
      const nodes = nodeLines(els, side);
      assert.doesNotMatch(nodes, /GPU/, `${competitor} ${side}: ${nodes}`);
      assert.match(nodes, /CPU training|vCPU-hours/, `${competitor} ${side}: ${nodes}`);
    }
    assert.ok(!costServices(els, "cloudflare").some((s) => /GPU/.test(s)), competitor);
  }
});

Deno.test("ml training: a few thousand labelled photos are a short transfer-learning run", () => {
  const c =
    "i'd like to train a tiny model that recognises my dog breeds photos (around 3k images, 8 breeds) " +
    "and call it from my react site";
  const els = planFor(c, "AWS");
  for (const side of ["cloudflare", "competitor"] as const) {
    const nodes = nodeLines(els, side);
    const hours = Number(nodes.match(/(\d+) GPU-hours\/month/)?.[1]);
    assert.ok(hours > 0 && hours <= 10, `${side}: ${nodes}`);
  }
  const costs = els.find((e) => e.type === "cost" && e.platform === "competitor");
  assert.ok(costs?.type === "cost");
  assert.match(costs.data.assumptions, /3,000 images: transfer learning on one/);
});

Deno.test("ml training: one hobbyist training their own model is one seat, a team keeps its seats", () => {
  const solo = planArchitecture({
    appDescription: "i want to train a small image classifier on ~4k photos of my 9 kinds of houseplants",
    persona: "Vibe Coder",
    scale: "Startup",
    constraints: ["Cost Optimization"],
    competitor: "GCP",
    region: "Global",
  }).elements;
  assert.match(nodeLines(solo, "cloudflare"), /\b1 engineer\b/);
  assert.match(nodeLines(solo, "competitor"), /\b1 engineer\b/);
  const team = planArchitecture({
    appDescription: "our team wants to train a model on ~4k photos of houseplants for our shop's app",
    persona: "Vibe Coder",
    scale: "Startup",
    constraints: ["Cost Optimization"],
    competitor: "GCP",
    region: "Global",
  }).elements;
  assert.doesNotMatch(nodeLines(team, "cloudflare"), /\b1 engineer\b/);
});

Deno.test("ml training: a small photo set names one small GPU, not clusters", () => {
  const els = planFor("train a classifier on 6k labelled photos of tree bark, retrained weekly");
  const nodes = nodeLines(els, "cloudflare");
  assert.doesNotMatch(nodes, /H100\/L40S clusters/, nodes);
  assert.match(nodes, /one L4\/T4-class GPU/, nodes);
});
