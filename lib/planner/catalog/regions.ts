/** Region names, hints and price zones per request region and cloud. */
import { type Region } from "../../protocol/request_schema.ts";
import { type CompetitorCloud } from "./facts.ts";
import { type CloudFrontZone } from "./prices_aws.ts";

/** Region-specific names and hints per cloud. */
export interface RegionInfo {
  city: string;
  aws: string;
  gcp: string;
  azure: string;
  vercel: string;
  /** D1 location hint (`null`: automatic). */
  d1Hint: string | null;
  /** Durable Objects location hint (`null`: automatic). */
  doHint: string | null;
  /** CloudFront zone(s) the audience is served from, with weights summing to 1. */
  cloudFrontMix: Partial<Record<CloudFrontZone, number>>;
}

/** Per request region. `Global` spreads egress across zones (weights are this module's assumption). */
export const REGION_INFO: Record<Region, RegionInfo> = {
  Global: {
    city: "worldwide",
    aws: "us-east-1",
    gcp: "us-central1",
    azure: "East US",
    vercel: "iad1",
    d1Hint: null,
    doHint: null,
    cloudFrontMix: { us_eu: 0.6, asia: 0.15, japan: 0.1, india: 0.05, south_america: 0.05, australia: 0.05 },
  },
  Singapore: {
    city: "Singapore",
    aws: "ap-southeast-1",
    gcp: "asia-southeast1",
    azure: "Southeast Asia",
    vercel: "sin1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { asia: 1 },
  },
  Tokyo: {
    city: "Tokyo",
    aws: "ap-northeast-1",
    gcp: "asia-northeast1",
    azure: "Japan East",
    vercel: "hnd1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { japan: 1 },
  },
  Sydney: {
    city: "Sydney",
    aws: "ap-southeast-2",
    gcp: "australia-southeast1",
    azure: "Australia East",
    vercel: "syd1",
    d1Hint: "oc",
    doHint: "oc",
    cloudFrontMix: { australia: 1 },
  },
  Mumbai: {
    city: "Mumbai",
    aws: "ap-south-1",
    gcp: "asia-south1",
    azure: "West India",
    vercel: "bom1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { india: 1 },
  },
  Seoul: {
    city: "Seoul",
    aws: "ap-northeast-2",
    gcp: "asia-northeast3",
    azure: "Korea Central",
    vercel: "icn1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { asia: 1 },
  },
  "Hong Kong": {
    city: "Hong Kong",
    aws: "ap-east-1",
    gcp: "asia-east2",
    azure: "East Asia",
    vercel: "hkg1",
    d1Hint: "apac",
    doHint: "apac",
    cloudFrontMix: { asia: 1 },
  },
  Frankfurt: {
    city: "Frankfurt",
    aws: "eu-central-1",
    gcp: "europe-west3",
    azure: "Germany West Central",
    vercel: "fra1",
    d1Hint: "weur",
    doHint: "weur",
    cloudFrontMix: { us_eu: 1 },
  },
  London: {
    city: "London",
    aws: "eu-west-2",
    gcp: "europe-west2",
    azure: "UK South",
    vercel: "lhr1",
    d1Hint: "weur",
    doHint: "weur",
    cloudFrontMix: { us_eu: 1 },
  },
  "N. Virginia": {
    city: "N. Virginia",
    aws: "us-east-1",
    gcp: "us-east4",
    azure: "East US",
    vercel: "iad1",
    d1Hint: "enam",
    doHint: "enam",
    cloudFrontMix: { us_eu: 1 },
  },
  "São Paulo": {
    city: "São Paulo",
    aws: "sa-east-1",
    gcp: "southamerica-east1",
    azure: "Brazil South",
    vercel: "gru1",
    d1Hint: "enam",
    doHint: "sam",
    cloudFrontMix: { south_america: 1 },
  },
};

/** Regions a competitor design spreads over at Global scale (primary first, then these, deduplicated). */
export const MULTI_REGION: Record<CompetitorCloud, string[]> = {
  aws: ["us-east-1", "eu-west-1", "ap-southeast-1"],
  gcp: ["us-central1", "europe-west1", "asia-southeast1"],
  azure: ["East US", "West Europe", "Southeast Asia"],
  vercel: ["iad1", "fra1", "sin1"],
};

/** The continent of each MULTI_REGION position (the same order on every cloud). */
export const MULTI_REGION_CONTINENT = ["north_america", "europe", "asia"] as const;

/** Second regions inside a jurisdiction, for multi-region designs under data residency. */
export const RESIDENT_REGIONS: Record<"eu" | "us", Record<CompetitorCloud, string[]>> = {
  eu: {
    aws: ["eu-central-1", "eu-west-1"],
    gcp: ["europe-west3", "europe-west1"],
    azure: ["Germany West Central", "West Europe"],
    vercel: ["fra1", "cdg1"],
  },
  us: {
    aws: ["us-east-1", "us-west-2"],
    gcp: ["us-east4", "us-central1"],
    azure: ["East US", "West US 2"],
    vercel: ["iad1", "sfo1"],
  },
};

/**
 * List-price uplift of compute and databases per request region over US East (this module's estimate from
 * the providers' regional price pages; unverified). Cloudflare prices are the same everywhere.
 */
export const REGION_PRICE_UPLIFT: Record<Region, number> = {
  Global: 1,
  Singapore: 1.2,
  Tokyo: 1.25,
  Sydney: 1.22,
  Mumbai: 1.1,
  Seoul: 1.2,
  "Hong Kong": 1.3,
  Frankfurt: 1.15,
  London: 1.14,
  "N. Virginia": 1,
  "São Paulo": 1.5,
};
