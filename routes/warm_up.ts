/**
 * Start-up warm-up: a few generations sent through a throwaway copy of the app, so the first visitor's
 * request does not pay for compiling the code on its path (routing and middleware, validation, the pipeline's
 * steps, the planner, the store's save, SSE encoding, the vector index and the sentence encoder's first
 * inference): ~100–170 ms on the first requests of a fresh process, ~10–20 ms after.
 *
 * The copy runs over its own `:memory:` KV with its own metrics and its log lines muted, so nothing is stored,
 * spent, counted or logged for the real app: the compiled code is what the two share. It never calls a paid
 * upstream: it plans with the offline planner whatever the configured provider, and with `EMBEDDINGS=openai`
 * it indexes with the local lexicon embedder instead.
 */
import type { Config } from "../lib/platform/config.ts";
import { withLogsMuted } from "../lib/platform/logger.ts";
import { AppMetrics } from "../lib/platform/metrics.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { createApp } from "./app.ts";

/** The sample requests: one per competitor, so each cloud's planner and cost code is compiled. */
const SAMPLES = [
  { appDescription: "A social app with feeds, photo uploads, chat and search", competitors: ["AWS"] },
  { appDescription: "An online shop with a catalog, checkout and order emails", competitors: ["GCP"] },
  { appDescription: "A team dashboard with live updates over WebSockets", competitors: ["Azure"] },
  { appDescription: "A blog with a newsletter and a contact form", competitors: ["Vercel"] },
];

/** Options of {@link warmUpApp}. */
export interface WarmUpOptions {
  /** How many of the sample requests to send (default: all four). */
  requests?: number;
}

/** Sends the sample generations through a throwaway app built from `config`; answers the time it took in ms. */
export async function warmUpApp(config: Config, options: WarmUpOptions = {}): Promise<number> {
  const started = performance.now();
  const kv = await Deno.openKv(":memory:");
  try {
    await withLogsMuted(async () => {
      const throwaway = createApp({
        config: {
          ...config,
          kvPath: ":memory:",
          RATE_LIMIT_ANONYMOUS: "unlimited",
          EMBEDDINGS: config.EMBEDDINGS === "openai" ? "local-lite" : config.EMBEDDINGS,
        },
        kv,
        provider: createOfflineProvider({ paceMs: 0 }),
        metrics: new AppMetrics(),
      });
      try {
        for (const body of SAMPLES.slice(0, options.requests ?? SAMPLES.length)) {
          const res = await throwaway.app.fetch(
            new Request("http://warm-up.invalid/api/generate-architecture-v2", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(body),
            }),
          );
          await res.text();
        }
        // The vector index (and with it the sentence encoder) runs after each stream has ended.
        await throwaway.services.generation.drain();
      } finally {
        await throwaway.close();
      }
    });
  } finally {
    kv.close();
  }
  return performance.now() - started;
}
