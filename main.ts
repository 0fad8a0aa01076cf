/** Production entry: loads the configuration, opens KV and serves the app. */
import { ConfigError, describeConfig, loadConfig } from "./lib/config.ts";
import { openKv } from "./lib/kv.ts";
import { createApp } from "./routes/app.ts";

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    Deno.exit(1);
  }
  throw err;
}
const kv = await openKv(config);
const { app, close } = createApp({ config, kv });
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
