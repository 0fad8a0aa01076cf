/**
 * How a content site is built and previewed, when the description asks: a rebuild on a CMS publish (a deploy
 * hook the CMS calls) and a preview deployment per pull request. Each plan names the service that does it on
 * the service serving the pages: Workers Builds on Cloudflare, Amplify Hosting's webhooks and per-branch
 * previews on AWS, Cloud Build triggers on GCP, Static Web Apps' GitHub Actions and preview environments on
 * Azure, Vercel's deploy hooks and Preview Deployments.
 */
import { type Cloud } from "./catalog/facts.ts";
import { type Selection } from "./context.ts";
import { pinRequirement } from "./requirement_notes.ts";

/** A CMS publish or a deploy hook that rebuilds the site. */
export const BUILD_HOOK =
  /\b(?:re-?build\w*|re-?deploy\w*|deploy hooks?|build hooks?|publish(?:es|ed)?)\b[^.]{0,60}\bwebhooks?\b|\bwebhooks?\b[^.]{0,40}\b(?:re-?build\w*|re-?deploy\w*|triggers? (?:a |the )?(?:build|deploy))/i;
/** A preview per change: "preview deploys for every PR", "a preview URL per branch". */
const PREVIEWS = /\bpreview\s+(?:deploy\w*|urls?|environments?|builds?|links?|sites?)\b/i;

/** The services that serve a site's pages, per cloud, first present wins. */
const HOSTS: Record<Cloud, string[]> = {
  cloudflare: ["static_assets", "pages", "workers"],
  aws: ["amplify", "s3", "cloudfront"],
  gcp: ["firebase_hosting", "gcs", "cloud_cdn"],
  azure: ["static_web_apps", "blob", "front_door"],
  vercel: ["vercel_cdn", "functions"],
};

/** Each cloud's build service, what rebuilds on a publish and what previews a pull request. */
const BUILDS: Record<Cloud, { service: string; hook: string; preview: string }> = {
  cloudflare: {
    service: "Workers Builds",
    hook: "deploy hook on CMS publish",
    preview: "preview URL per PR",
  },
  aws: { service: "Amplify Hosting", hook: "webhook rebuild on CMS publish", preview: "preview per PR" },
  gcp: { service: "Cloud Build", hook: "trigger on CMS publish", preview: "preview per PR" },
  azure: {
    service: "Static Web Apps CI",
    hook: "build on CMS publish",
    preview: "preview environment per PR",
  },
  vercel: { service: "Vercel", hook: "deploy hook on CMS publish", preview: "Preview Deployments per PR" },
};

/** Pins the site's build hook and previews, when asked, to the service serving its pages (mutates it). */
export function applySiteBuilds(cloud: Cloud, selections: Map<string, Selection>, text: string): void {
  const hook = BUILD_HOOK.test(text);
  const previews = PREVIEWS.test(text);
  if (!hook && !previews) return;
  const host = HOSTS[cloud].map((k) => selections.get(k)).find((s) => s !== undefined);
  if (!host) return;
  const b = BUILDS[cloud];
  const asked = [hook ? b.hook : "", previews ? b.preview : ""].filter(Boolean).join(" + ");
  pinRequirement(host, `${b.service}: ${asked}`);
}
