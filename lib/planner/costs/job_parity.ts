/**
 * Batch-job compute priced on both plans. A competitor that runs the design's jobs on a batch service (AWS
 * Batch, Cloud Batch, Azure Batch, Cloud Run jobs) bills their vCPU-hours; the Cloudflare plan runs the same
 * jobs as Workflows steps (and their queue consumers) on Workers CPU, or on Containers when the design has
 * them, and must bill the same vCPU-hours — else the savings compare a priced job with a free one.
 */
import { CLOUDFLARE_PRICES } from "../catalog/prices_cloudflare.ts";
import type { Context, CostItem } from "../context.ts";
import { count, item, rate } from "../format.ts";

/** Competitor lines that run batch jobs billed per vCPU-hour. */
export const BATCH_COMPUTE = /^(?:AWS Batch(?: on Fargate)?|Cloud Batch|Azure Batch|Cloud Run jobs)$/;

/** CPU-milliseconds in one vCPU-hour. */
const CPU_MS_PER_VCPU_HOUR = 3.6e6;

/** Whether a plan's line bills vCPU-hours of compute (Containers, a batch service, a job host). */
function billsVcpuHours(i: CostItem): boolean {
  return i.monthlyUsd > 0 && /\bvCPU-h\b/.test(i.basis);
}

/** The Cloudflare line that carries the jobs' compute: Workflows steps billed as Workers CPU time. */
function jobStepsLine(ctx: Context): CostItem {
  const P = CLOUDFLARE_PRICES;
  const hours = ctx.traffic.vcpuHours;
  const cpuMs = hours * CPU_MS_PER_VCPU_HOUR;
  return item("Workflows", cpuMs * P.workersCpuPerMMs.value / 1e6, [
    `${count(hours)} job vCPU-h (as the competitor's batch service) × 3.6M CPU-ms = ${
      count(cpuMs)
    } CPU-ms × ${rate(P.workersCpuPerMMs.value)}/M (Workers Standard CPU; steps and queue consumers)`,
    "Workers' included CPU-ms left to the request path",
  ]);
}

/**
 * Gives the Cloudflare plan the counterpart of the competitor's batch-job compute: when the competitor bills
 * job vCPU-hours on a batch service and no Cloudflare line bills vCPU-hours, the Workflows line (added when
 * missing) bills the same vCPU-hours as Workers CPU time. Returns the Cloudflare lines.
 */
export function withJobCompute(cf: CostItem[], competitor: CostItem[], ctx: Context): CostItem[] {
  const jobs = competitor.some((i) => BATCH_COMPUTE.test(i.service) && billsVcpuHours(i));
  if (!jobs || cf.some(billsVcpuHours)) return cf;
  const line = jobStepsLine(ctx);
  const at = cf.findIndex((i) => i.service === "Workflows");
  return at < 0 ? [...cf, line] : cf.map((i, n) => n === at ? line : i);
}
