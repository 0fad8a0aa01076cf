/**
 * Round 17 (own phrasings, not from any eval file): a job that is "Dockerized" or has been "running for N
 * hours" runs in containers, and so does one whose run time is told in Spanish, Portuguese, German, French,
 * Italian or Hungarian ("tarda 5 horas", "läuft unser Job etwa 7 Stunden", "6 óráig tart"); GCP's load
 * balancers and Cloudflare's TURN relay carry their product names.
 */
import assert from "node:assert/strict";
import { glossedText } from "../lib/planner/context.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { costItem, nodeLines, planFor, techs } from "./planner_fixtures.ts";

Deno.test("job runtime: a Dockerized job, or one running for hours, runs in containers", () => {
  const docker = "Our Dockerized OCR job turns the week's scanned invoices into text every Sunday night.";
  assert.ok(techs(docker).has("containers"));
  const long =
    "Every night a reconciliation script has been running for 9 hours on one old box; make it faster.";
  assert.ok(techs(long).has("containers"));
  assert.match(nodeLines(planFor(long, "GCP"), "cloudflare"), /^Containers/m);
  // A short scheduled job still runs in Workers.
  assert.ok(!techs("A nightly job emails each customer a summary of yesterday's orders.").has("containers"));
});

Deno.test("job runtime: run times told in other languages", () => {
  const texts = [
    "Cada noche procesamos los pedidos del día; hoy el proceso tarda unas 4 horas en nuestro servidor.",
    "Todas as noites o nosso processo de faturação demora cerca de 3 horas e queremos que seja mais rápido.",
    "Jede Nacht läuft unser Abgleich etwa 5 Stunden auf einem alten Server, das wollen wir in die Cloud bringen.",
    "Chaque nuit, notre calcul des tournées dure environ 2 heures et nous voulons payer seulement quand il tourne.",
    "Ogni notte il calcolo delle provvigioni impiega circa 6 ore sul nostro server e vogliamo accelerarlo.",
    "Minden éjjel lefut a számlázás, ami a jelenlegi szerveren 5 óráig tart, és gyorsabbat szeretnénk.",
  ];
  for (const text of texts) assert.ok(techs(text).has("containers"), glossedText(text));
});

Deno.test("product names: GCP's load balancers are Cloud Load Balancing; Cloudflare's relay is the TURN Service", () => {
  const site = "Marketing site and API for a bakery chain, about 40,000 visitors a month.";
  assert.match(nodeLines(planFor(site, "GCP"), "competitor"), /Cloud Load Balancing/);
  const udp =
    "Dedicated UDP servers for our racing game, about 5,000 concurrent drivers at peak, Growth stage.";
  assert.match(nodeLines(planFor(udp, "GCP"), "competitor"), /Cloud Load Balancing/);
  const calls = "One-to-one video calls between tutors and students, about 2,000 lessons a week.";
  assert.match(nodeLines(planFor(calls, "AWS"), "cloudflare"), /TURN Service/);
});

Deno.test("llm_rag: chatting with one's own notes, an assistant over documents, a knowledge assistant", () => {
  const shapes = (text: string) => classifyWorkload(glossedText(text)).shapes;
  assert.ok(
    shapes("tiny app to chat w/ my obsidian notes and old journal files, just for me").includes("llm_rag"),
  );
  assert.ok(
    shapes("An assistant over our 40,000 maintenance manuals for the hangar crews").includes("llm_rag"),
  );
  assert.ok(
    shapes("Knowledge assistant for the city's front desk staff about permits and fees").includes("llm_rag"),
  );
  // Danish: "answers from the manuals" (ud fra) — the Norwegian spelling too.
  assert.ok(
    shapes("Vi vil have en lille chat til vores kunder, og så svarer den ud fra vores manualer og PDF'er.")
      .includes("llm_rag"),
  );
  // A person's assistant is no model.
  assert.ok(
    !shapes("Booking site for a dental practice; the assistant confirms each appointment by SMS.")
      .includes("llm_rag"),
  );
});

Deno.test("figures: a data size before a device noun is no device count", () => {
  const n = readNumbers(
    "We keep ~3 PB of dashcam/radar fleet recordings and add 40 TB of camera footage a month.",
  );
  assert.equal(n.devices, undefined);
  assert.ok((n.storedGb ?? 0) >= 3 * 1024 ** 2);
  // The count of the devices themselves is still read.
  assert.equal(readNumbers("1,200 cameras upload 5 GB a day each").devices, 1200);
});

Deno.test("GPU training: a GPU count without a duration, '8-GPU nodes' and '8×A100' are a GPU cluster", () => {
  const big = "Foundation model for satellite imagery: 128-GPU distributed training runs on 900 TB of tiles.";
  assert.equal(readNumbers(big).gpus, 128);
  assert.match(nodeLines(planFor(big, "AWS"), "competitor"), /FSx for Lustre/);
  assert.ok(
    costItem(planFor(big, "AWS"), "competitor", /SageMaker Training/)!.basis.startsWith("3072 GPU-h"),
  );
  for (const text of ["we train on 8-GPU nodes every week", "retrained monthly on a 4×H100 box"]) {
    assert.ok(techs(text).has("gpu_cluster"), text);
  }
  // A stated duration still wins: 16 GPUs for 2 days.
  assert.equal(readNumbers("fine-tune on 16 A100s for 2 days every month").gpuHours, 768);
});

Deno.test("GPU training: a multi-node cluster with no GPU named is priced on A100s", () => {
  const text =
    "Speech model pre-training, distributed training over 64 GPUs on 300 TB of audio, every month.";
  const aws = costItem(planFor(text, "AWS"), "competitor", /SageMaker Training/);
  assert.match(aws!.service, /A100/);
  assert.match(aws!.basis, /p4d/);
  // A single small fine-tune keeps the default GPU.
  const small = costItem(
    planFor("fine-tune a small image classifier every week", "AWS"),
    "competitor",
    /SageMaker/,
  );
  assert.doesNotMatch(small?.service ?? "", /A100/);
});
