/**
 * Request hashing for the exact cache: a canonical form of the normalized request (description trimmed,
 * lower-cased and whitespace-collapsed; constraints sorted; scale, persona, competitor, region as they are)
 * and SHA-256 digests of it.
 *
 * Two hashes are used:
 *  - the request hash: SHA-256 of the canonical request alone; the store indexes generations by it, so the
 *    newest answer for a request can be found whatever engine made it (the stale fallback needs that);
 *  - the cache key: SHA-256 of the canonical request and the engine version; single flight joins on it and a
 *    stored generation is an exact hit only when its cache key equals the asking request's.
 */
import { createHash } from "node:crypto";
import { PLANNER_VERSION, PROMPT_VERSION } from "./engine_version.ts";
import type { NormalizedRequest } from "./request_schema.ts";

/** The fields of a request that decide its answer, in canonical form. */
export interface CanonicalRequest {
  appDescription: string;
  persona: string;
  scale: string;
  constraints: string[];
  competitor: string;
  region: string;
}

/** Canonical form of a description: trimmed, lower-cased (locale independent), runs of whitespace as one space. */
export function normalizeDescription(description: string): string {
  return description.normalize("NFC").trim().toLowerCase().replace(/\s+/gu, " ");
}

/** Canonical form of a request; two requests with the same canonical form get the same answer. */
export function canonicalRequest(request: NormalizedRequest): CanonicalRequest {
  return {
    appDescription: normalizeDescription(request.appDescription),
    persona: request.persona,
    scale: request.scale,
    constraints: [...request.constraints].sort(),
    competitor: request.competitor,
    region: request.region,
  };
}

/** Stable JSON of the canonical request (fixed key order). */
export function canonicalJson(request: NormalizedRequest): string {
  const c = canonicalRequest(request);
  return JSON.stringify([c.appDescription, c.persona, c.scale, c.constraints, c.competitor, c.region]);
}

/**
 * Lower-case hex SHA-256 of a string (UTF-8). Computed synchronously (node:crypto) to keep the cache-hit path
 * free of extra async hops; returned as a promise so callers do not depend on that.
 */
export function sha256Hex(text: string): Promise<string> {
  return Promise.resolve(createHash("sha256").update(text, "utf8").digest("hex"));
}

/** SHA-256 of the canonical request (engine independent): the store's index key. */
export function requestHashOf(request: NormalizedRequest): Promise<string> {
  return sha256Hex(`request\n${canonicalJson(request)}`);
}

/** SHA-256 of the canonical request and the engine version: the exact-cache / single-flight key. */
export function cacheKeyOf(request: NormalizedRequest, engineVersion: string): Promise<string> {
  return sha256Hex(`cache\n${engineVersion}\n${canonicalJson(request)}`);
}

/**
 * The engine version of a provider: `<provider id>:<model>:<version>`, where the version is the planner's
 * (`PLANNER_VERSION`) for the offline provider and the prompt version (`PROMPT_VERSION`, unless the
 * provider names its own) for LLM providers, both from lib/protocol/engine_version.ts. Answers made by a
 * different engine version are stale.
 */
export function engineVersionOf(
  provider: { id: string; model: string; promptVersion?: string },
): string {
  const version = provider.id === "offline" ? PLANNER_VERSION : provider.promptVersion ?? PROMPT_VERSION;
  return `${provider.id}:${provider.model}:${version}`;
}
