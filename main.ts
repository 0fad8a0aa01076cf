/** Production entry: loads the configuration, opens KV and serves the app. */
import { ConfigError, describeConfig, loadConfig } from "./lib/platform/config.ts";
import { openKv } from "./lib/platform/kv/open_kv.ts";
import { createApp } from "./routes/app.ts";

/** Stops start-up with the message of a configuration error (it names the variable), or rethrows. */
function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(err.message);
    Deno.exit(1);
  }
  throw err;
}

let config;
try {
  config = loadConfig();
} catch (err) {
  exitOnConfigError(err);
}
const kv = await openKv(config);
let built;
try {
  // Some settings (LLM_PRICES, LLM_FALLBACKS, rate-limit specs) are checked when the app is built.
  built = createApp({ config, kv });
} catch (err) {
  kv.close();
  exitOnConfigError(err);
}
const { app, close } = built;
const server = Deno.serve({
  port: config.PORT,
  hostname: config.HOSTNAME,
  onListen: ({ hostname, port }) => {
    const shown = hostname === "0.0.0.0" ? "localhost" : hostname;
    console.log(JSON.stringify({
      level: "info",
      msg: `VibeToProd listening on http://${shown}:${port}`,
      provider: config.provider,
      kv: config.kvPath ?? "platform",
      config: describeConfig(config),
    }));
  },
}, app.fetch);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await close();
    kv.close();
    Deno.exit(0);
  });
}
