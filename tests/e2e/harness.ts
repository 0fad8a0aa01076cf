/**
 * Browser-test harness: the app served in-process on a free loopback port (`:memory:` KV, offline planner),
 * Debian's Chromium driven by playwright-core (never downloaded), and screenshots under
 * test-output/screenshots/.
 */
import { type Browser, chromium, type Page } from "../test_deps.ts";
import { buildIslands } from "../../tasks/build_islands.ts";
import { makeTestApp, type TestApp } from "../helpers.ts";
import { warmUpApp } from "../../routes/warm_up.ts";

/** Where Debian installs Chromium (`.ci/run` installs it when missing). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Whether the browser is present. */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    return false;
  }
}

/** Browser tests run when Chromium exists; on CI a missing browser is a failure, not a skip. */
export function shouldSkipBrowserTests(): boolean {
  if (hasChromium()) return false;
  if (Deno.env.get("CI") === "true") return false;
  console.log(
    `note: ${CHROMIUM_PATH} not found; browser tests skipped (install Debian's chromium to run them)`,
  );
  return true;
}

let built: Promise<number> | undefined;

/** Builds the islands bundle once per test process. */
export function ensureBundle(): Promise<number> {
  built ??= buildIslands();
  return built;
}

/** A running app on loopback. */
export interface RunningApp {
  url: string;
  app: TestApp;
  close(): Promise<void>;
}

/** Serves a fresh test app on 127.0.0.1 with a free port; `env` overrides the configuration. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  await ensureBundle();
  const app = await makeTestApp(env);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.app.fetch);
  const { port } = server.addr as Deno.NetAddr;
  // As main.ts does once it listens (awaited here, so a test never measures the warm-up itself).
  await warmUpApp(app.config);
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    async close() {
      await server.shutdown();
      await app.close();
    },
  };
}

/** Launches headless Chromium from the system (no download, no network features). */
export function launchBrowser(): Promise<Browser> {
  if (!hasChromium()) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (see .ci/run)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await Deno.mkdir("test-output/screenshots", { recursive: true });
  await page.screenshot({ path: `test-output/screenshots/${name}.png`, fullPage: true });
}

/** Runs `fn` with a fresh app, browser and page; closes everything afterwards. */
export async function withPage(
  options: {
    env?: Record<string, string>;
    viewport?: { width: number; height: number };
    /** Default true: tests do not wait on animations. */
    reducedMotion?: boolean;
    javaScriptEnabled?: boolean;
  },
  fn: (page: Page, running: RunningApp) => Promise<void>,
): Promise<void> {
  const running = await startApp(options.env);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1360, height: 900 },
      reducedMotion: options.reducedMotion === false ? "no-preference" : "reduce",
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    page.on("console", (msg) => {
      if (msg.type() === "error" && !/status of 4\d\d/.test(msg.text())) errors.push(msg.text());
    });
    await fn(page, running);
    if (errors.length) throw new Error(`browser errors:\n${errors.join("\n")}`);
  } finally {
    await browser.close();
    await running.close();
  }
}
