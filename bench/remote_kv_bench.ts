/**
 * Admission on a remote KV: milliseconds from a generation request until the provider is called, measured
 * in-process over `:memory:` KV whose commits are made to wait `latencyMs` first (as a KV reached over the
 * network is, e.g. on Deno Deploy), beside the same with no added latency. A request commits its budget unit
 * and its provider slot before the provider is called; when the two commits overlap the added time is about
 * one latency, when they follow each other about two. Run alone with `deno run -A bench/remote_kv_bench.ts`.
 */
import { inProcessConfig } from "./in_process_config.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { createApp } from "../routes/app.ts";

const REQUESTS = 40;
const LATENCIES_MS = [0, 15];

/** `kv` with every atomic commit delayed by `latencyMs`. */
function withCommitLatency(kv: Deno.Kv, latencyMs: () => number): Deno.Kv {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop !== "atomic") {
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return () => {
        const op = target.atomic();
        const wrapped: Deno.AtomicOperation = new Proxy(op, {
          get(o, p) {
            const value = Reflect.get(o, p, o);
            if (typeof value !== "function") return value;
            if (p === "commit") {
              return async () => {
                await new Promise((r) => setTimeout(r, latencyMs()));
                return await o.commit();
              };
            }
            return (...args: unknown[]) => {
              value.apply(o, args);
              return wrapped;
            };
          },
        });
        return wrapped;
      };
    },
  });
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const config = inProcessConfig();
  const offline = createOfflineProvider();
  let calledAt = 0;
  const provider: ArchitectureProvider = {
    ...offline,
    generate(request, signal) {
      calledAt = performance.now();
      return offline.generate(request, signal);
    },
  };
  let latency = 0;
  const inner = await Deno.openKv(":memory:");
  const built = createApp({ config, kv: withCommitLatency(inner, () => latency), provider });
  try {
    const p50: number[] = [];
    for (const ms of LATENCIES_MS) {
      latency = ms;
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS + 5; i++) {
        const started = performance.now();
        const res = await built.app.fetch(
          new Request("http://localhost/api/generate-architecture-v2", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ appDescription: `Remote KV bench ${ms} number ${i}: a room booking app` }),
          }),
        );
        await res.text();
        if (i >= 5) samples.push(calledAt - started);
      }
      samples.sort((a, b) => a - b);
      p50.push(samples[Math.floor(samples.length / 2)]);
      console.log(
        `commit latency ${String(ms).padStart(2)} ms: request → provider called p50 ${
          p50.at(-1)!.toFixed(1)
        } ms`,
      );
    }
    const added = p50[1] - p50[0];
    console.log(
      `added by ${LATENCIES_MS[1]} ms commits: ${added.toFixed(1)} ms (${
        (added / LATENCIES_MS[1]).toFixed(2)
      } latencies; ` +
        "two commits one after the other would add about 2)",
    );
  } finally {
    await built.close();
    inner.close();
  }
}

if (import.meta.main) await run();
