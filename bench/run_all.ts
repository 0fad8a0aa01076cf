/**
 * `deno task bench`: runs every benchmark module in turn and prints its figures. Each module exports
 * `run(): Promise<void>` and can also be run alone.
 */
const modules: string[] = [
  // Each helper adds its module here, e.g. "./planner_bench.ts".
  "./cache_bench.ts",
  "./budget_bench.ts",
  "./planner_bench.ts",
  "./similar_bench.ts",
  "./stream_memory_bench.ts",
  "./slow_body_memory_bench.ts",
  "./remote_kv_bench.ts",
];

for (const path of modules) {
  console.log(`\n=== ${path}`);
  const mod = await import(path);
  await mod.run();
}
