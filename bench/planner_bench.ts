/**
 * Offline planner latency: time to first element and total time, p50/p95 over many runs, measured two ways —
 * `runGeneration` with the unpaced offline provider, and the HTTP endpoint in-process (app over `:memory:`
 * KV, `OFFLINE_PACE_MS=0`, `force: true` so every request generates). Prints figures; asserts nothing.
 * Run alone: `deno run -A bench/planner_bench.ts`.
 */
import { inProcessConfig } from "./in_process_config.ts";
import { runGeneration } from "../lib/generation/run.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { COMPETITORS, type NormalizedRequest, REGIONS, SCALES } from "../lib/protocol/request_schema.ts";
import { createApp } from "../routes/app.ts";

const RUNS = 200;

const DESCRIPTIONS = [
  "A chat app with file uploads",
  "A social platform with live chat, video streaming, and real-time feeds",
  "An IoT platform collecting sensor data from thousands of devices",
  "A RAG assistant over internal PDFs with SSO for employees and nightly re-indexing",
  "A high-traffic e-commerce platform with real-time inventory management",
];

function requestFor(i: number): NormalizedRequest {
  return {
    appDescription: `${DESCRIPTIONS[i % DESCRIPTIONS.length]} (run ${i})`,
    persona: "Vibe Coder",
    scale: SCALES[i % SCALES.length],
    constraints: ["Cost Optimization", "Global Performance"],
    competitor: COMPETITORS[i % COMPETITORS.length],
    region: REGIONS[i % REGIONS.length],
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(label: string, first: number[], total: number[]): void {
  const f = (n: number) => `${n.toFixed(2)} ms`;
  console.log(
    `${label.padEnd(34)} first element p50 ${f(percentile(first, 50))}  p95 ${f(percentile(first, 95))}` +
      `   total p50 ${f(percentile(total, 50))}  p95 ${f(percentile(total, 95))}   (n=${first.length})`,
  );
}

function benchPlanner(): void {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    planArchitecture(requestFor(i));
    times.push(performance.now() - t0);
  }
  report("planArchitecture (plan only)", times, times);
}

async function benchRunGeneration(): Promise<void> {
  const provider = createOfflineProvider({ paceMs: 0 });
  const first: number[] = [], total: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    let firstAt: number | undefined;
    const gen = runGeneration(provider, requestFor(i), {
      id: `bench-${i}`,
      firstElementTimeoutMs: 30_000,
      totalTimeoutMs: 120_000,
    });
    for await (const event of gen) {
      if (firstAt === undefined && event.type !== "start") firstAt = performance.now() - t0;
    }
    first.push(firstAt ?? NaN);
    total.push(performance.now() - t0);
  }
  report("runGeneration (offline, unpaced)", first, total);
}

async function benchHttp(): Promise<void> {
  const config = inProcessConfig({
    LLM_PROVIDER: "offline",
    GENERATION_LIMIT: "1000000000",
    LOG_LEVEL: "error",
  });
  const kv = await Deno.openKv(":memory:");
  const built = createApp({ config, kv });
  const decoder = new TextDecoder();
  const first: number[] = [], total: number[] = [];
  let failures = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      const r = requestFor(i);
      const body = JSON.stringify({
        appDescription: r.appDescription,
        scale: r.scale,
        constraints: r.constraints,
        competitors: [r.competitor],
        region: r.region,
        force: true,
      });
      const t0 = performance.now();
      const res = await built.app.fetch(
        new Request("http://localhost/api/generate-architecture-v2", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }),
      );
      if (res.status !== 200 || !res.body) {
        failures++;
        await res.body?.cancel();
        continue;
      }
      let text = "", firstAt: number | undefined;
      for await (const chunk of res.body) {
        text += decoder.decode(chunk, { stream: true });
        if (firstAt === undefined && /event: (?:node|edge|priority_value_prop|cost)\n/.test(text)) {
          firstAt = performance.now() - t0;
        }
      }
      if (!/event: complete\n/.test(text)) failures++;
      first.push(firstAt ?? NaN);
      total.push(performance.now() - t0);
    }
  } finally {
    await built.close();
    kv.close();
  }
  report("HTTP endpoint in-process", first, total);
  if (failures) console.log(`  ${failures} of ${RUNS} HTTP runs did not complete (status or stream error)`);
}

/** Prints the planner's latency figures. */
export async function run(): Promise<void> {
  console.log(
    `Offline planner, no pacing, ${RUNS} runs each (varied descriptions, scales, competitors, regions):`,
  );
  benchPlanner();
  await benchRunGeneration();
  await benchHttp();
}

if (import.meta.main) await run();
