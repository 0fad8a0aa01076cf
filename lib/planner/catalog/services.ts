/** Every service per cloud, keyed by service key. */
import { type Cloud } from "./facts.ts";
import { type ServiceDef } from "./service_types.ts";
import { AWS_SERVICES } from "./services_aws.ts";
import { AZURE_SERVICES } from "./services_azure.ts";
import { CLOUDFLARE_SERVICES } from "./services_cloudflare.ts";
import { GCP_SERVICES } from "./services_gcp.ts";
import { VERCEL_SERVICES } from "./services_vercel.ts";

/** Every service per cloud, keyed by service key. */
export const SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: CLOUDFLARE_SERVICES,
  aws: AWS_SERVICES,
  gcp: GCP_SERVICES,
  azure: AZURE_SERVICES,
  vercel: VERCEL_SERVICES,
};
