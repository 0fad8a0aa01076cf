/**
 * Start-up checks for running where the platform, not us, decides the runtime (Deno Deploy):
 *  - the islands bundle the pages link (`static/build/islands.js`) exists, else readiness fails naming the
 *    file and the log names the command that builds it (no silent dead studio);
 *  - the Deno running us is at least {@link MIN_DENO_VERSION};
 *  - on Deno Deploy, nothing depends on local files at run time (a local `KV_PATH` would give every instance
 *    its own database).
 * Plain functions, no HTTP: main.ts logs the problems and routes/ops.ts reports the bundle check.
 */
import { isLocalKvFile } from "./kv/open_kv.ts";

/** The islands bundle every page links. */
export const ISLANDS_BUNDLE = "static/build/islands.js";

/** The command that builds it (also the `deploy.build` command in deno.json). */
export const BUILD_COMMAND = "deno task build";

/** The `msg` of the line the server entry writes when its start-up warm-up (routes/warm_up.ts) ends. */
export const WARM_UP_LOG = { done: "warm-up done", failed: "warm-up failed" } as const;
/** Matches that line (tools and tests wait for it, to meet a process at rest). */
export const WARM_UP_ENDED = /"msg":"warm-up (?:done|failed)"/;

/**
 * Oldest Deno the app runs on: Deno Deploy's documented runtime version (2.5.0), which has everything the app
 * uses (`deno bundle` for the build, `Deno.openKv`, `--unstable-no-legacy-abort`). Checked at start-up.
 */
export const MIN_DENO_VERSION = "2.5.0";

/** Compares two `major.minor.patch` versions (pre-release suffixes ignored): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0].split(".").map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Why this Deno is too old, or null when it is recent enough. */
export function denoVersionProblem(
  current: string = Deno.version.deno,
  min = MIN_DENO_VERSION,
): string | null {
  return compareVersions(current, min) < 0
    ? `Deno ${current} is older than ${min}, the oldest version VibeToProd supports; upgrade Deno.`
    : null;
}

/** The bundle check as `/readyz` shows it. */
export interface BundleCheck {
  ok: boolean;
  file: string;
  error?: string;
  [detail: string]: unknown;
}

/** Whether the islands bundle exists (relative to the working directory, as static files are served). */
export function checkBundle(file: string = ISLANDS_BUNDLE): BundleCheck {
  try {
    const info = Deno.statSync(file);
    if (info.isFile && info.size > 0) return { ok: true, file };
    return { ok: false, file, error: `${file} is empty or not a file; run \`${BUILD_COMMAND}\`` };
  } catch {
    return { ok: false, file, error: `${file} is missing; run \`${BUILD_COMMAND}\` to build it` };
  }
}

/**
 * A bundle check for `/readyz` that looks again only while the bundle is missing (a later build fixes
 * readiness without a restart; once found it is not checked again).
 */
export function bundleReadiness(file: string = ISLANDS_BUNDLE): () => BundleCheck {
  let found: BundleCheck | null = null;
  return () => found ?? ((r) => (r.ok ? (found = r) : r))(checkBundle(file));
}

/** Whether we run on Deno Deploy (it sets `DENO_DEPLOYMENT_ID`). */
export function onDenoDeploy(env: Record<string, string | undefined> = Deno.env.toObject()): boolean {
  return Boolean(env.DENO_DEPLOYMENT_ID);
}

/** What cannot work on Deno Deploy in this configuration (empty elsewhere). */
export function deployProblems(
  env: Record<string, string | undefined>,
  config: { kvPath: string | undefined },
): string[] {
  if (!onDenoDeploy(env)) return [];
  const problems: string[] = [];
  if (isLocalKvFile(config.kvPath)) {
    problems.push(
      `KV_PATH=${config.kvPath} is a local file, but on Deno Deploy every instance has its own disk: ` +
        "unset KV_PATH to use the platform KV database attached to the app.",
    );
  }
  return problems;
}
