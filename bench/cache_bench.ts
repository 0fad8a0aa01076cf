/**
 * Exact-cache benchmark: server time from the request to the `complete` frame of an exact-cache hit,
 * measured in-process with `app.fetch` over `:memory:` KV (target: p95 under 5 ms), beside cold generations
 * of the offline planner (unpaced) for scale. Run alone with `deno run -A bench/cache_bench.ts`.
 */
import { inProcessConfig } from "./in_process_config.ts";
import { createApp } from "../routes/app.ts";

const HITS = 500;
const COLD = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(label: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2).padStart(7);
  return `${label.padEnd(34)} n=${String(s.length).padStart(4)}  p50=${f(percentile(s, 50))} ms  p95=${
    f(percentile(s, 95))
  } ms  p99=${f(percentile(s, 99))} ms  max=${f(s.at(-1)!)} ms`;
}

/** Milliseconds from the request until the `complete` frame arrived; throws on anything else. */
async function timeToComplete(fetch: (r: Request) => Response | Promise<Response>, body: unknown) {
  const started = performance.now();
  const res = await fetch(
    new Request("http://localhost/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  if (res.status !== 200 || !res.body) throw new Error(`status ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.includes("event: complete\n")) break;
  }
  const elapsed = performance.now() - started;
  await reader.cancel().catch(() => {});
  if (!text.includes("event: complete\n")) throw new Error(`no complete frame: ${text.slice(-300)}`);
  return { elapsed, cached: text.includes('"source":"cache"') };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const config = inProcessConfig();
  const kv = await Deno.openKv(":memory:");
  const built = createApp({ config, kv });
  const fetch = (r: Request) => built.app.fetch(r);
  try {
    const cold: number[] = [];
    for (let i = 0; i < COLD; i++) {
      const r = await timeToComplete(fetch, { appDescription: `A cold benchmark app number ${i}` });
      if (r.cached) throw new Error("cold run was a cache hit");
      cold.push(r.elapsed);
    }
    // Warm up the hit path, then measure.
    for (let i = 0; i < 20; i++) {
      await timeToComplete(fetch, { appDescription: `A cold benchmark app number ${i % COLD}` });
    }
    const hits: number[] = [];
    for (let i = 0; i < HITS; i++) {
      const r = await timeToComplete(fetch, { appDescription: `a COLD benchmark app   number ${i % COLD}` });
      if (!r.cached) throw new Error("expected an exact-cache hit");
      hits.push(r.elapsed);
    }
    console.log(summary("cold generation (offline, unpaced)", cold));
    console.log(summary("exact-cache hit, time to complete", hits));
    const p95 = percentile([...hits].sort((a, b) => a - b), 95);
    console.log(`exact-cache hit p95 ${p95.toFixed(2)} ms (target < 5 ms): ${p95 < 5 ? "met" : "NOT met"}`);
  } finally {
    await built.close();
    kv.close();
  }
}

if (import.meta.main) await run();
