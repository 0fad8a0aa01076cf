/**
 * Retired or closed-to-new-customers products per cloud: a model plan naming one is corrected by dropping
 * the node (counted like an invalid element). Successors are in the catalog (e.g. Azure Managed Redis).
 */
import type { Cloud } from "./facts.ts";

/** Product names that must not appear in a new design, per cloud. */
export const RETIRED_SERVICES: Record<Cloud, string[]> = {
  cloudflare: ["Workers Sites"],
  aws: ["Elemental MediaStore", "CodeCommit", "Cloud9", "App Mesh", "Amazon Pinpoint"],
  gcp: ["Cloud IoT Core", "IoT Core", "Game Servers", "Cloud Debugger", "Container Registry"],
  azure: ["Azure Cache for Redis", "Azure Media Services", "Media Services", "Azure Spring Apps"],
  vercel: ["Vercel KV", "Vercel Postgres"],
};
