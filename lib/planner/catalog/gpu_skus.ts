/**
 * GPU models a request can name and the list price of one GPU-hour of each on every cloud: the instance that
 * carries that GPU (H100 → p5 / a3-highgpu / ND H100 v5, A100 → p4d / a2 / NC A100 v4, L4 → g6 / g2, A10G →
 * g5, T4 → g4dn / n1 + T4 / NC T4 v3), its hourly price divided by its GPUs. Cloudflare and Vercel run no GPU
 * VMs: their line is a GPU cloud's price, said as such. Figures a stored page confirmed are `chk`; the rest
 * are flagged unverified (`prov`) and named in the plan's assumptions.
 */
import { chk, type Cloud, type Fact, prov } from "./facts.ts";

/** A GPU model the text may name and its per-GPU-hour price per cloud (a cloud without it has no entry). */
export interface GpuSku {
  /** The model as shown in a line's name ("H100"). */
  label: string;
  /** Matches the model named in a description. */
  named: RegExp;
  /** Per-GPU-hour list price per cloud; a cloud that does not offer the model keeps its default GPU. */
  perHour: Partial<Record<Cloud, Fact>>;
}

const LAMBDA = "https://lambda.ai/pricing";
const MODAL = "https://modal.com/pricing";
const EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/";
const SM = "https://aws.amazon.com/sagemaker/pricing/";
const GCE = "https://cloud.google.com/compute/gpus-pricing";
const AZ = "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/";
/** What a Cloudflare or Vercel GPU line is: a partner's GPUs, not the platform's. */
const PARTNER = "on a GPU cloud (no GPU VMs on this platform)";

/** Named GPU models, most specific first (the first one a description names is the one priced). */
export const GPU_SKUS: GpuSku[] = [
  {
    label: "H100",
    named: /\bh100s?\b/i,
    perHour: {
      cloudflare: prov(2.99, `USD/GPU-hour H100 SXM ${PARTNER}`, LAMBDA),
      vercel: prov(2.99, `USD/GPU-hour H100 SXM ${PARTNER}`, LAMBDA),
      aws: chk(
        6.88,
        "USD/GPU-hour p5.48xlarge (8× H100, $55.04/h) ÷ 8",
        EC2,
        "https://compux.net/docs/guides/gpu-pricing-trends-2026",
        "After AWS's June 2025 cut of about 44% (costnimbus.com); SageMaker's ml.p5 rate is higher.",
      ),
      gcp: prov(
        11.06,
        "USD/GPU-hour a3-highgpu-8g (8× H100) ÷ 8",
        GCE,
        "The pre-2025 rate (costnimbus.com); later cuts were reported but no list page confirmed one.",
      ),
      azure: chk(
        12.29,
        "USD/GPU-hour ND96isr H100 v5 (8× H100, $98.32/h) ÷ 8",
        AZ,
        "https://rmmartins.com/2026/06/11/cost-engineering-for-ai-when-idle-gpus-cost-more-than-your-car/",
        "The post quotes ~$98/hour for one ND96isr_H100_v5 VM.",
      ),
    },
  },
  {
    label: "A100",
    named: /\ba100s?\b/i,
    perHour: {
      cloudflare: prov(1.79, `USD/GPU-hour A100 80GB ${PARTNER}`, LAMBDA),
      vercel: prov(1.79, `USD/GPU-hour A100 80GB ${PARTNER}`, LAMBDA),
      aws: prov(4.71, "USD/GPU-hour ml.p4d.24xlarge (8× A100) ÷ 8", SM),
      gcp: prov(4.22, "USD/GPU-hour a2-highgpu-1g (1× A100) on Vertex AI", GCE),
      azure: chk(
        3.67,
        "USD/GPU-hour NC24ads A100 v4 (1× A100)",
        AZ,
        "https://rmmartins.com/2026/06/11/cost-engineering-for-ai-when-idle-gpus-cost-more-than-your-car/",
      ),
    },
  },
  {
    label: "L40S",
    named: /\bl40s\b/i,
    perHour: {
      cloudflare: prov(1.95, `USD/GPU-hour L40S ${PARTNER}`, MODAL),
      vercel: prov(1.95, `USD/GPU-hour L40S ${PARTNER}`, MODAL),
      aws: prov(2.34, "USD/GPU-hour ml.g6e.xlarge (1× L40S)", SM),
    },
  },
  {
    label: "L4",
    named: /\bl4s?\b(?!\s*(?:load|layer|balanc))/i,
    perHour: {
      cloudflare: prov(0.8, `USD/GPU-hour L4 ${PARTNER}`, MODAL),
      vercel: prov(0.8, `USD/GPU-hour L4 ${PARTNER}`, MODAL),
      aws: prov(0.805, "USD/GPU-hour g6.xlarge (1× L4)", EC2),
      gcp: prov(0.71, "USD/GPU-hour g2-standard-4 (1× L4)", GCE),
    },
  },
  {
    label: "A10G",
    named: /\ba10g?s?\b/i,
    perHour: {
      cloudflare: prov(1.1, `USD/GPU-hour A10G ${PARTNER}`, MODAL),
      vercel: prov(1.1, `USD/GPU-hour A10G ${PARTNER}`, MODAL),
      aws: chk(
        1.006,
        "USD/GPU-hour g5.xlarge (1× A10G)",
        EC2,
        "https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/",
      ),
    },
  },
  {
    label: "T4",
    named: /\bt4s?\b/i,
    perHour: {
      aws: prov(0.736, "USD/GPU-hour ml.g4dn.xlarge (1× T4)", SM),
      gcp: prov(0.54, "USD/GPU-hour n1-standard-4 + 1× T4", GCE),
      azure: prov(0.526, "USD/GPU-hour NC4as T4 v3 (1× T4)", AZ),
    },
  },
];

/** Words that put a sentence about serving a model (where a second GPU model may be named for inference). */
export const SERVING_WORDS = /\b(?:serv\w*|inference|endpoints?|deploy\w*|predictions?)\b/i;
