/**
 * Second review round of holdout plans read as an architect: a trained model is served by what fits its
 * type (a LoRA on Workers AI only for an LLM fine-tune, an endpoint priced per instance-hour otherwise, no
 * serving line when nothing is served), and shape misreads (a device cadence is not a batch job, transcribing
 * recordings is not a call). Every request is written for this test.
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import type { Competitor, NormalizedRequest } from "../lib/protocol/request_schema.ts";

function plan(appDescription: string, competitor: Competitor = "AWS"): PlanElement[] {
  const request: NormalizedRequest = {
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: [],
    competitor,
    region: "Frankfurt",
  };
  return planArchitecture(request).elements;
}

type Platform = "cloudflare" | "competitor";
const names = (els: PlanElement[], platform: Platform) =>
  els.flatMap((e) =>
    e.platform === platform && e.type === "node" ? [`${e.data.name} | ${e.data.subtitle ?? ""}`] : []
  ).join("\n");
const cost = (els: PlanElement[], platform: Platform): CostData =>
  (els.find((e) => e.type === "cost" && e.platform === platform) as { data: CostData }).data;
const hasLine = (els: PlanElement[], platform: Platform, service: RegExp) =>
  cost(els, platform).items.some((i) => service.test(i.service));

const CUSTOM_SERVED: [string, Competitor, RegExp][] = [
  [
    "Train a ViT image classifier on 4M labelled X-ray crops with 8 A100s, then serve predictions to our radiology viewer",
    "AWS",
    /SageMaker real-time endpoint/,
  ],
  [
    "We fine-tune a CLIP model on our furniture catalogue photos and expose a visual search endpoint to the shop",
    "GCP",
    /Vertex AI endpoint/,
  ],
  [
    "retrain a yolov8 detector for parking spaces on GPUs every week and the mobile app calls an inference API with each photo",
    "Azure",
    /Azure ML online endpoint/,
  ],
  [
    "Fine-tune a sentence embedding model on our support articles on rented GPUs, then serve embeddings via an API to our search service",
    "AWS",
    /SageMaker real-time endpoint/,
  ],
];

Deno.test("review round 2: a custom vision or embedding model is served from an endpoint, not a Workers AI LoRA", () => {
  for (const [text, competitor, endpoint] of CUSTOM_SERVED) {
    const els = plan(text, competitor);
    assert.ok(classifyWorkload(text).shapes.includes("ml_training"), text);
    assert.ok(!hasLine(els, "cloudflare", /Workers AI/), `${text}\n${names(els, "cloudflare")}`);
    assert.ok(!/LoRA/.test(names(els, "cloudflare")), text);
    assert.ok(
      hasLine(els, "cloudflare", /Containers \(model endpoint\)/),
      `${text}\n${names(els, "cloudflare")}`,
    );
    assert.ok(hasLine(els, "competitor", endpoint), `${text}\n${names(els, "competitor")}`);
  }
});

Deno.test("review round 2: an LLM fine-tune that is served stays a LoRA on Workers AI", () => {
  for (
    const text of [
      "LoRA fine-tune Mistral 7B on our 50k legal Q&A pairs on rented GPUs, then serve it to the paralegals' chat tool",
      "finetune llama 3 8b on my blog posts so it writes like me, and serve it behind a small API",
      "Fine-tune a Gemma model on our product manuals with GPU training runs, then serve an assistant endpoint for support agents",
    ]
  ) {
    const els = plan(text, "GCP");
    assert.ok(classifyWorkload(text).shapes.includes("ml_training"), text);
    assert.ok(hasLine(els, "cloudflare", /Workers AI/), `${text}\n${names(els, "cloudflare")}`);
    assert.ok(hasLine(els, "competitor", /Vertex AI endpoint/), `${text}\n${names(els, "competitor")}`);
  }
});

Deno.test("review round 2: a request that only trains has no serving line", () => {
  for (
    const text of [
      "Our lab trains protein-folding models on 32 H100s for three weeks at a time, with 60 TB of shared datasets",
      "train a segmentation network on 2 PB of lidar sweeps on a multi-node GPU cluster, checkpoints every hour",
      "Pretrain a speech model from scratch on 200k hours of audio across 64 GPUs; the weights go to our research team",
    ]
  ) {
    const els = plan(text, "AWS");
    assert.ok(classifyWorkload(text).shapes.includes("ml_training"), text);
    assert.ok(
      !hasLine(els, "cloudflare", /Workers AI|model endpoint/),
      `${text}\n${names(els, "cloudflare")}`,
    );
    assert.ok(!hasLine(els, "competitor", /endpoint/), `${text}\n${names(els, "competitor")}`);
  }
});

Deno.test("review round 2: a generative or speech model is served from a GPU endpoint, not a CPU container", () => {
  for (
    const text of [
      "Fine-tune Stable Diffusion on each customer's product shots with an A100, then generate 30 lifestyle images per order",
      "train a text-to-speech voice on 10 hours of our presenter's audio on rented GPUs and serve an API that reads our articles aloud",
      "Fine-tune a Whisper model on 5k hours of dispatcher radio audio, then serve a transcription API to the control rooms",
    ]
  ) {
    const els = plan(text, "GCP");
    assert.ok(classifyWorkload(text).shapes.includes("ml_training"), text);
    assert.ok(hasLine(els, "cloudflare", /GPU inference endpoint/), `${text}\n${names(els, "cloudflare")}`);
    assert.ok(
      !hasLine(els, "cloudflare", /Workers AI|model endpoint/),
      `${text}\n${names(els, "cloudflare")}`,
    );
    assert.ok(hasLine(els, "competitor", /Vertex AI endpoint/), `${text}\n${names(els, "competitor")}`);
  }
});

Deno.test("review round 2: transcribing or archiving recordings is media processing, not a call", () => {
  for (
    const text of [
      "Generate subtitles with speech-to-text for the 6,000 recorded sermons in our church archive, then let members stream them",
      "Every arbitration session is recorded on video; arbitrators and parties rewatch it later through a private portal, kept 10 years",
      "our support line's call recordings (about 20k calls a day) get transcribed and scored, and supervisors play them back in a dashboard",
    ]
  ) {
    const w = classifyWorkload(text);
    assert.ok(!w.shapes.includes("webrtc"), `${text}: ${w.shapes}`);
    assert.equal(w.primary, "media", text);
  }
  // People talking live are still a call, recorded or not.
  for (
    const text of [
      "Video consultations between vets and pet owners in the browser, each call recorded for the clinic's records",
      "group video calls for our language school's classes of 6, with recordings students can replay",
    ]
  ) {
    assert.equal(classifyWorkload(text).primary, "webrtc", text);
  }
});

Deno.test("review round 2: a cadence of things that send is not a batch job; a job on a schedule is", () => {
  for (
    const text of [
      "the scoreboard updates every 2 minutes from the umpires' tablets and 40k fans follow the match on their phones over websockets",
      "1,500 rental scooters send battery and position every 2 minutes; riders see nearby scooters live on the map",
      "our delivery drivers' app posts its location every 3 minutes and customers track the order live",
    ]
  ) {
    const w = classifyWorkload(text);
    assert.ok(!w.shapes.includes("batch_job"), `${text}: ${w.shapes}`);
  }
  for (
    const text of [
      "every 2 minutes, fetch the latest exchange rates from three bank APIs and recompute our quote tables",
      "a job runs every 10 minutes to re-index changed products into the search engine",
    ]
  ) {
    assert.ok(classifyWorkload(text).shapes.includes("batch_job"), text);
  }
});

Deno.test("review round 2: training a named vision network, or on labelled photos, is an ML training run", () => {
  for (
    const text of [
      "we want to train an EfficientNet-B0 every quarter to sort recyclables",
      "want to retrain a mobilenet every month when new photos come in",
      "about 9k labelled pics of our product defects, we want to train a convnext each week",
    ]
  ) {
    assert.equal(classifyWorkload(text).primary, "ml_training", text);
  }
});

Deno.test("review round 2: a bot that reminds people later has a schedule", () => {
  for (
    const text of [
      "telegram bot for our climbing gym: members book a slot and it reminds them 2 hours before",
      "slack bot that collects stand-up notes and reminds anyone who hasn't answered by 10am",
      "discord bot for our guild: sign-ups for raids, and the bot reminds the roster the evening before",
    ]
  ) {
    const cf = names(plan(text, "Vercel"), "cloudflare");
    assert.match(cf, /Cron Triggers|Workflows|Durable Objects/, text);
  }
});

Deno.test("review round 2: a bot that reads text off customers' photos needs OCR or vision", () => {
  for (
    const text of [
      "WhatsApp bot for a pharmacy: customers send a photo of their prescription label, we read the drug name and reply with the price",
      "LINE bot where users send pictures of their electricity meter and we read the reading off the photo to file it",
      "telegram bot: people send photos of restaurant receipts and we read the totals to split the bill",
    ]
  ) {
    const cf = names(plan(text, "AWS"), "cloudflare");
    assert.match(cf, /Workers AI/, `${text}\n${cf}`);
  }
});
