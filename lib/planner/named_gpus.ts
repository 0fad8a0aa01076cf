/**
 * GPUs a request names (H100, A100, L40S, L4, A10G, T4) are the GPUs priced: the training line's GPU-hours
 * and the GPU serving endpoint's instance-hours take that model's per-GPU-hour list price on each cloud
 * (catalog/gpu_skus.ts), and batch jobs that need GPUs run on GPU VMs, not CPU cores. Deterministic.
 */
import { type Cloud, prov } from "./catalog/facts.ts";
import { GPU_SKUS, type GpuSku, SERVING_WORDS } from "./catalog/gpu_skus.ts";
import type { Context, Selection } from "./context.ts";
import { imageTraining } from "./training_size.ts";

const AZURE_VMS = "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/";
/** The batch service of each competitor cloud and the GPU VM its GPU jobs run on when no GPU is named. */
const BATCH_GPU: Partial<Record<Cloud, [string, number, string, string]>> = {
  aws: [
    "aws_batch",
    0.805,
    "USD/GPU-hour g6.xlarge (1× L4) on-demand (approx.)",
    "https://aws.amazon.com/ec2/pricing/on-demand/",
  ],
  gcp: [
    "cloud_batch",
    0.71,
    "USD/GPU-hour g2-standard-4 (1× L4) on-demand (approx.)",
    "https://cloud.google.com/compute/gpus-pricing",
  ],
  azure: ["azure_batch", 0.526, "USD/GPU-hour NC4as T4 v3 (1× T4) (approx.)", AZURE_VMS],
};
/** Words that say jobs run on GPUs. */
const GPU_JOB_WORDS = /\b(?:gpus?|cuda|rtx|a100s?|h100s?|l4s?|l40s)\b/i;

/**
 * Batch jobs that need GPUs (rendering, inference runs) run on GPU VMs, priced per GPU-hour like the GPU
 * nodes of the Cloudflare design, not as CPU cores.
 */
function gpuBatch(cloud: Cloud, ctx: Context, selections: Map<string, Selection>): void {
  const w = ctx.workload;
  const batch = BATCH_GPU[cloud];
  const gpuJobs = w.shapes.includes("batch_job") && !w.shapes.includes("ml_training") &&
    GPU_JOB_WORDS.test(ctx.request.appDescription);
  const sel = batch && gpuJobs ? selections.get(batch[0]) : undefined;
  if (!batch || !sel?.def.price) return;
  const [, value, unit, source] = batch;
  const name = `${sel.def.name} (GPU VMs)`;
  sel.def = {
    ...sel.def,
    name,
    price: { ...sel.def.price, meter: "gpu_hours", unit: "GPU-h", fact: prov(value, unit, source) },
  };
  sel.name = name;
}

/** The GPU model a text names, most capable first ("an A100/H100 pool" prices H100s), if any. */
function firstNamed(text: string): GpuSku | undefined {
  return GPU_SKUS.find((sku) => sku.named.test(text));
}

/** The GPU models named for training and for serving (a sentence about serving may name its own). */
export function namedGpuModels(text: string): { training?: GpuSku; serving?: GpuSku } {
  const training = firstNamed(text);
  const servingSentence = text.split(/(?<=[.;!?])\s+/).find((s) => SERVING_WORDS.test(s) && firstNamed(s));
  return { training, serving: servingSentence ? firstNamed(servingSentence) : training };
}

/** Re-prices one selected service on a named GPU model: its name says the model, its price that GPU's. */
function priceOn(sel: Selection, sku: GpuSku, cloud: Cloud): void {
  const p = sel.def.price;
  const fact = sku.perHour[cloud];
  if (!p || !fact) return;
  const name = `${sel.def.name.replace(/\s*\((?:GPU)\)$/, "")} (${sku.label})`;
  // The blurb names the GPUs that are priced, not the default ones.
  const blurb = sel.def.blurb
    .replace(/\bH100\/L40S\b/, sku.label)
    .replace(/\s*\(ml\.g5\)/, ` (${sku.label})`)
    .replace(
      /\bon an? (?:ml\.g5\.xlarge|NC4as T4 v3) instance\b|\(n1-standard-4 \+ T4\)/,
      `on one ${sku.label}`,
    );
  sel.def = { ...sel.def, name, blurb, price: { ...p, fact } };
  sel.name = name;
}

/** A small labelled image set trains on one small GPU (training_size.ts): the blurb names no clusters. */
function smallImageRun(ctx: Context, selections: Map<string, Selection>, named: boolean): void {
  const w = ctx.workload;
  if (named || !w.shapes.includes("ml_training") || w.cpuTraining) return;
  if (!imageTraining(ctx.request.appDescription)) return;
  const sel = selections.get("gpu_training");
  if (!sel) return;
  sel.def = {
    ...sel.def,
    blurb: "Transfer learning on one L4/T4-class GPU on a GPU cloud, billed per second; data in R2",
  };
}

/** The GPU a multi-node training cluster runs on when the text names none (NVLink-class nodes). */
const CLUSTER_DEFAULT = GPU_SKUS.find((sku) => sku.label === "A100");

/**
 * Prices the GPU-hours and GPU endpoints of a design on the GPU models the text names; a GPU cluster
 * (distributed, multi-node training) with no model named is priced on A100s, not on single small GPUs.
 */
export function namedGpus(cloud: Cloud, ctx: Context, selections: Map<string, Selection>): void {
  gpuBatch(cloud, ctx, selections);
  const named = namedGpuModels(ctx.request.appDescription);
  const cluster = ctx.workload.technologies.has("gpu_cluster") ? CLUSTER_DEFAULT : undefined;
  const { training = cluster, serving } = named;
  smallImageRun(ctx, selections, training !== undefined);
  for (const [key, sel] of selections) {
    const p = sel.def.price;
    if (!p) continue;
    if (training && p.meter === "gpu_hours" && p.unit === "GPU-h") priceOn(sel, training, cloud);
    // One always-on serving instance with one GPU: its instance-hour is that GPU's hour.
    if (serving && key === "model_endpoint_gpu" && p.meter === "serving_hours") priceOn(sel, serving, cloud);
  }
}
