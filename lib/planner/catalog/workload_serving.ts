/**
 * Endpoints that serve a model the request trains (a vision, tabular, speech or embedding model that is not
 * an LLM LoRA Workers AI can load): one always-on instance per region served, priced per instance-hour, on CPUs for a classical
 * or small model and on a GPU for a generative or speech model or an LLM. All figures are flagged
 * unverified (`prov`).
 */
import { type Cloud, prov } from "./facts.ts";
import type { ServiceDef } from "./service_types.ts";
import { CF, price, svc } from "./workload_helpers.ts";

const SERVE: [string, string, string][] = [["compute", "self", "inference"]];
const SM = "https://aws.amazon.com/sagemaker/pricing/";
const VX = "https://cloud.google.com/vertex-ai/pricing";
const AML = "https://azure.microsoft.com/en-us/pricing/details/machine-learning/";

/** One always-on serving instance per region served, billed per hour. */
const endpoint = (id: string, name: string, blurb: string, usd: number, unit: string, src: string) =>
  svc(id, name, "ai", "ai", blurb, SERVE, price(prov(usd, unit, src), "serving_hours", "instance-h"));

/** Model-serving endpoints per cloud; `_gpu` keys are the GPU instances (Vercel serves from its GPU partner). */
export const SERVING_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: {
    model_endpoint: endpoint(
      "model-endpoint",
      "Containers (model endpoint)",
      "Trained model served from a container behind Workers",
      0.126,
      "USD/instance-hour standard-2 (1 vCPU × $0.072 + 6 GiB × $0.009)",
      `${CF}/containers/pricing/`,
    ),
    model_endpoint_gpu: {
      ...endpoint(
        "gpu-endpoint",
        "GPU inference endpoint (external GPU: Modal, Replicate, RunPod)",
        "Model on a rented GPU, called from Workers (Containers have no GPUs)",
        0.8,
        "USD/GPU-hour L4-class serverless GPU, one always-on worker",
        "https://modal.com/pricing",
      ),
      external: true,
    },
  },
  aws: {
    model_endpoint: endpoint(
      "sagemaker-endpoint",
      "SageMaker real-time endpoint",
      "Trained model served on an ml.m5.xlarge instance",
      0.23,
      "USD/instance-hour ml.m5.xlarge real-time inference",
      SM,
    ),
    model_endpoint_gpu: endpoint(
      "sagemaker-endpoint",
      "SageMaker real-time endpoint (GPU)",
      "Trained model served on an ml.g5.xlarge instance",
      1.408,
      "USD/instance-hour ml.g5.xlarge real-time inference",
      SM,
    ),
  },
  gcp: {
    model_endpoint: endpoint(
      "vertex-endpoint",
      "Vertex AI endpoint",
      "Trained model deployed on an online prediction node (n1-standard-4)",
      0.22,
      "USD/node-hour n1-standard-4 online prediction",
      VX,
    ),
    model_endpoint_gpu: endpoint(
      "vertex-endpoint",
      "Vertex AI endpoint (GPU)",
      "Trained model deployed on an online prediction node (n1-standard-4 + T4)",
      0.62,
      "USD/node-hour n1-standard-4 + T4 online prediction",
      VX,
    ),
  },
  azure: {
    model_endpoint: endpoint(
      "azure-ml-endpoint",
      "Azure ML online endpoint",
      "Managed online endpoint on a D4as v5 instance",
      0.19,
      "USD/instance-hour D4as v5",
      AML,
    ),
    model_endpoint_gpu: endpoint(
      "azure-ml-endpoint",
      "Azure ML online endpoint (GPU)",
      "Managed online endpoint on an NC4as T4 v3 instance",
      0.526,
      "USD/instance-hour NC4as T4 v3",
      AML,
    ),
  },
  vercel: {},
};
