/**
 * Bundles the islands for the browser (`deno task build`): islands/client.ts → static/build/islands.js,
 * minified, and prints the gzip size against the 60 KB budget. `--watch` rebuilds on change.
 */
const OUT = "static/build/islands.js";
const BUDGET_GZIP_BYTES = 60 * 1024;

/** Runs `deno bundle` once (or in watch mode) and reports the size. */
export async function buildIslands(watch = false): Promise<number> {
  const args = ["bundle", "--quiet", "--platform", "browser", "--minify", "-o", OUT, "islands/client.ts"];
  if (watch) args.splice(1, 0, "--watch");
  const cmd = new Deno.Command(Deno.execPath(), { args, stdout: "inherit", stderr: "inherit" });
  if (watch) {
    cmd.spawn();
    return 0;
  }
  const { success } = await cmd.output();
  if (!success) throw new Error("islands bundle failed");
  const bytes = await Deno.readFile(OUT);
  const gz = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")))
    .arrayBuffer();
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(
    `islands: ${kb(bytes.byteLength)} KB, ${kb(gz.byteLength)} KB gzip (budget ${kb(BUDGET_GZIP_BYTES)} KB)`,
  );
  return gz.byteLength;
}

if (import.meta.main) await buildIslands(Deno.args.includes("--watch"));
