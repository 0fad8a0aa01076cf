/**
 * `deno task start:small-heap` is `deno task start` with V8's `--optimize-for-size` and nothing else: the two
 * tasks build the same islands and grant the same permissions, so the README's memory figures for the flag
 * describe the app `start` runs.
 */
import assert from "node:assert/strict";

const ROOT = new URL("..", import.meta.url).pathname;

Deno.test("start tasks: start:small-heap is start with --optimize-for-size only", () => {
  const { tasks } = JSON.parse(Deno.readTextFileSync(`${ROOT}/deno.json`)) as {
    tasks: Record<string, string>;
  };
  assert.match(tasks.start, / deno run /);
  assert.equal(
    tasks["start:small-heap"],
    tasks.start.replace(" deno run ", " deno run --v8-flags=--optimize-for-size "),
  );
});
