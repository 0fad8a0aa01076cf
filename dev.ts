/** Development: rebuilds the islands on change and restarts the server on change (`deno task dev`). */
import { buildIslands } from "./tasks/build_islands.ts";

await buildIslands();
await buildIslands(true);
const server = new Deno.Command(Deno.execPath(), {
  args: ["run", "--watch", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "main.ts"],
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
await server.status;
