/**
 * Opening the KV store: a local SQLite file by default (its folder is created), `:memory:` in tests,
 * a KV Connect URL for remote use (with `DENO_KV_ACCESS_TOKEN`), or the platform KV on Deno Deploy.
 */
import type { Config } from "./config.ts";

/** Opens the KV store named by the configuration. */
export async function openKv(config: Pick<Config, "kvPath">): Promise<Deno.Kv> {
  const path = config.kvPath;
  if (path === undefined) return await Deno.openKv();
  if (path !== ":memory:" && !/^https?:\/\//.test(path)) {
    const slash = path.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(path.slice(0, slash), { recursive: true });
  }
  return await Deno.openKv(path);
}
