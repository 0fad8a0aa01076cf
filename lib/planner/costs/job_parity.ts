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

/**
 * The Cloudflare line that carries the jobs' compute, billed as Workers CPU time: Workflows steps, or the
 * cron-triggered Workers themselves when the plan has no Workflows.
 */
function jobStepsLine(ctx: Context, service: string): CostItem {
  const P = CLOUDFLARE_PRICES;
  const hours = ctx.traffic.vcpuHours;
  const cpuMs = hours * CPU_MS_PER_VCPU_HOUR;
  const runs = service === "Workflows" ? "steps and queue consumers" : "cron-triggered runs";
  return item(service, cpuMs * P.workersCpuPerMMs.value / 1e6, [
    `${count(hours)} job vCPU-h (as the competitor's batch service) × 3.6M CPU-ms = ${
      count(cpuMs)
    } CPU-ms × ${rate(P.workersCpuPerMMs.value)}/M (Workers Standard CPU; ${runs})`,
    "Workers' included CPU-ms left to the request path",
  ]);
}

/**
 * Gives the Cloudflare plan the counterpart of the competitor's batch-job compute: when the competitor bills
 * job vCPU-hours on a batch service and no Cloudflare line bills vCPU-hours, the Workflows line (or, in a
 * plan without Workflows, a Workers job-CPU line) bills the same vCPU-hours as Workers CPU time. Returns the
 * Cloudflare lines.
 */
export function withJobCompute(cf: CostItem[], competitor: CostItem[], ctx: Context): CostItem[] {
  const jobs = competitor.some((i) => BATCH_COMPUTE.test(i.service) && billsVcpuHours(i));
  if (!jobs || cf.some(billsVcpuHours)) return cf;
  const at = cf.findIndex((i) => i.service === "Workflows");
  if (at < 0) return [...cf, jobStepsLine(ctx, "Workers (job CPU)")];
  const line = jobStepsLine(ctx, "Workflows");
  return cf.map((i, n) => n === at ? line : i);
}
