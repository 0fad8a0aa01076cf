/**
 * Production entry (also Deno Deploy's, see `deploy` in deno.json): checks the Deno version, loads the
 * configuration, checks what Deploy cannot do, opens KV and serves the app. A missing islands bundle does not
 * stop start-up: `/readyz` answers 503 naming the file and the log says which command builds it.
 */
import { ConfigError, describeConfig, loadConfig } from "./lib/platform/config.ts";
import { openKv } from "./lib/platform/kv/open_kv.ts";
import {
  BUILD_COMMAND,
  bundleReadiness,
  denoVersionProblem,
  deployProblems,
  ISLANDS_BUNDLE,
  WARM_UP_LOG,
} from "./lib/platform/startup_checks.ts";
import { createApp } from "./routes/app.ts";
import { warmUpApp } from "./routes/warm_up.ts";

const tooOld = denoVersionProblem();
if (tooOld) {
  console.error(JSON.stringify({ level: "error", msg: tooOld }));
  Deno.exit(1);
}

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
const unsupported = deployProblems(Deno.env.toObject(), config);
if (unsupported.length > 0) {
  for (const msg of unsupported) console.error(JSON.stringify({ level: "error", msg }));
  Deno.exit(1);
}
const bundle = bundleReadiness(ISLANDS_BUNDLE);
if (!bundle().ok) {
  console.error(JSON.stringify({
    level: "error",
    msg: `${ISLANDS_BUNDLE} is missing: the studio would load without its islands. Build it with ` +
      `\`${BUILD_COMMAND}\` (Deno Deploy runs it as the deploy.build command). /readyz answers 503 until then.`,
    file: ISLANDS_BUNDLE,
    buildCommand: BUILD_COMMAND,
  }));
}
const kv = await openKv(config);
let built;
try {
  // Some settings (LLM_PRICES, LLM_FALLBACKS, rate-limit specs) are checked when the app is built.
  built = createApp({ config, kv, readiness: { bundle } });
} catch (err) {
  kv.close();
  exitOnConfigError(err);
}
const { app, close, services } = built;
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
    // The local embedder's sentence encoder loads in the background once the server listens (a search or
    // an index that comes first waits for the same load; if it fails, similar search answers "no match").
    services.similar.warm().then(({ ms, error }) => {
      const embedder = services.similar.embedder.id;
      console.log(JSON.stringify(
        error
          ? { level: "error", msg: "embedder failed to load", embedder, error: String(error) }
          : { level: "info", msg: "embedder loaded", embedder, ms: Math.round(ms) },
      ));
    });
  },
}, app.fetch);
// Off the request path: the first visitor's generation then costs what every later one does.
warmUpApp(config).then(
  (ms) => console.log(JSON.stringify({ level: "info", msg: WARM_UP_LOG.done, ms: Math.round(ms) })),
  (err) => console.error(JSON.stringify({ level: "warn", msg: WARM_UP_LOG.failed, error: String(err) })),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await close();
    kv.close();
    Deno.exit(0);
  });
}
