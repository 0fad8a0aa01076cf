/**
 * Running as Deno Deploy builds and runs the app: a fresh clone (no static/build/), the `deploy.build` command
 * from deno.json, then `main.ts` with plain `deno run` and the flags Deploy uses (all permissions, the
 * `unstable` list of deno.json), and the page's island script loads. Also the start-up checks behind it.
 */
import assert from "node:assert/strict";
import { envSchema, loadConfig } from "../lib/platform/config.ts";
import {
  BUILD_COMMAND,
  checkBundle,
  compareVersions,
  denoVersionProblem,
  deployProblems,
  ISLANDS_BUNDLE,
  MIN_DENO_VERSION,
} from "../lib/platform/startup_checks.ts";

const ROOT = new URL("..", import.meta.url).pathname;

interface DenoJson {
  unstable?: string[];
  tasks: Record<string, string>;
  deploy?: { install?: string; build?: string; runtime?: { type?: string; entrypoint?: string } };
}
const denoJson = (dir = ROOT): DenoJson => JSON.parse(Deno.readTextFileSync(`${dir}/deno.json`));

Deno.test("deploy: deno.json has a dynamic deploy section whose build makes the islands bundle", () => {
  const { deploy, tasks } = denoJson();
  assert.ok(deploy, "deno.json has a deploy section");
  assert.equal(deploy.runtime?.entrypoint, "main.ts");
  assert.ok(deploy.runtime?.type === undefined || deploy.runtime.type === "dynamic");
  assert.equal(deploy.build, BUILD_COMMAND);
  assert.match(tasks.build, /build_islands\.ts/);
  assert.equal(ISLANDS_BUNDLE, "static/build/islands.js");
});

Deno.test("deploy: none of our settings is a DENO_ variable (Deploy refuses those names)", () => {
  const ours = Object.keys(envSchema.shape);
  assert.ok(ours.length > 10);
  assert.deepEqual(ours.filter((k) => k.startsWith("DENO_")), []);
});

Deno.test("deploy: the README's Deploy section explains every unstable entry", () => {
  const readme = Deno.readTextFileSync(`${ROOT}/README.md`);
  const section = readme.split(/^## /m).find((s) => s.startsWith("Deploy"));
  assert.ok(section, "README has a Deploy section");
  for (const flag of denoJson().unstable ?? []) {
    assert.ok(section.includes(`\`${flag}\``), `explains ${flag}`);
  }
  assert.match(section, new RegExp(MIN_DENO_VERSION.replaceAll(".", "\\.")));
});

Deno.test("deploy: start-up checks (Deno version, local files on Deploy, bundle)", () => {
  assert.ok(compareVersions("2.10.0", "2.9.6") > 0);
  assert.ok(compareVersions("2.5.0", "2.5.0") === 0);
  assert.ok(compareVersions("2.4.9", MIN_DENO_VERSION) < 0);
  assert.equal(denoVersionProblem(Deno.version.deno), null, "this Deno is supported");
  assert.match(denoVersionProblem("2.4.2") ?? "", /older than 2\.5\.0/);
  const onDeploy = { DENO_DEPLOYMENT_ID: "abc" };
  assert.deepEqual(deployProblems(onDeploy, loadConfig(onDeploy)), [], "unset KV_PATH → platform KV");
  assert.equal(loadConfig(onDeploy).kvPath, undefined);
  const local = { ...onDeploy, KV_PATH: "./data/x.sqlite3" };
  assert.match(deployProblems(local, loadConfig(local))[0], /KV_PATH=\.\/data\/x\.sqlite3 is a local file/);
  assert.deepEqual(deployProblems({ KV_PATH: "./data/x.sqlite3" }, { kvPath: "./data/x.sqlite3" }), []);
  const missing = checkBundle("static/build/not-there.js");
  assert.equal(missing.ok, false);
  assert.match(missing.error ?? "", /static\/build\/not-there\.js is missing; run `deno task build`/);
});

/** Runs a shell command as Deploy's builder would, with this test's `deno` first on PATH. */
async function sh(command: string, cwd: string): Promise<void> {
  const denoDir = Deno.execPath().replace(/\/[^/]+$/, "");
  const { code, stdout, stderr } = await new Deno.Command("sh", {
    args: ["-c", command],
    cwd,
    env: { PATH: `${denoDir}:${Deno.env.get("PATH") ?? ""}`, CI: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.equal(code, 0, `\`${command}\` failed:\n${out}`);
}

/** Starts `main.ts` in `dir` with plain `deno run` and Deploy's flags; resolves once it listens. */
async function start(dir: string) {
  const flags = (denoJson(dir).unstable ?? []).map((f) => `--unstable-${f}`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", ...flags, denoJson(dir).deploy!.runtime!.entrypoint!],
    cwd: dir,
    env: {
      // What the platform sets, plus in-memory KV instead of the attached database.
      DENO_DEPLOYMENT_ID: "test-deployment",
      KV_PATH: ":memory:",
      PORT: "0",
      HOSTNAME: "127.0.0.1",
      LOG_LEVEL: "warn",
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decode = (s: ReadableStream<Uint8Array>) =>
    s.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  const out = decode(child.stdout);
  let stderr = "";
  const err = decode(child.stderr);
  const drainErr = (async () => {
    try {
      for (let r = await err.read(); !r.done; r = await err.read()) stderr += r.value;
    } catch { /* closed */ }
  })();
  let text = "";
  let port = 0;
  const deadline = Date.now() + 30_000;
  while (!port) {
    if (Date.now() > deadline) throw new Error(`no listen line: ${text}`);
    const { value, done } = await out.read();
    if (done) throw new Error(`exited before listening:\n${text}\n${stderr}`);
    text += value;
    port = Number(/listening on http:\/\/[^:]+:(\d+)/.exec(text)?.[1] ?? 0);
  }
  (async () => {
    try {
      while (!(await out.read()).done);
    } catch { /* closed */ }
  })();
  return {
    url: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await drainErr;
    },
  };
}

Deno.test({
  name: "deploy: a fresh clone built with deploy.build serves the studio's island script",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vtp-deploy-" });
    try {
      const clone = await new Deno.Command("git", {
        args: ["clone", "--quiet", "--no-hardlinks", ROOT, dir],
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.equal(clone.code, 0, new TextDecoder().decode(clone.stderr));
      assert.throws(
        () => Deno.statSync(`${dir}/static/build`),
        Deno.errors.NotFound,
        "no build output in git",
      );
      const { deploy } = denoJson(dir);

      // Without the build: the server starts, but is not ready, and says which file and which command.
      let server = await start(dir);
      try {
        const ready = await fetch(`${server.url}/readyz`);
        assert.equal(ready.status, 503);
        const body = await ready.json();
        assert.equal(body.checks.bundle.ok, false);
        assert.equal(body.checks.bundle.file, ISLANDS_BUNDLE);
        assert.match(body.checks.bundle.error, /deno task build/);
      } finally {
        await server.stop();
      }
      assert.match(server.stderr(), /static\/build\/islands\.js is missing.*`deno task build`/);

      if (deploy?.install) await sh(deploy.install, dir);
      await sh(deploy!.build!, dir);

      server = await start(dir);
      try {
        const ready = await fetch(`${server.url}/readyz`);
        const body = await ready.json();
        assert.equal(ready.status, 200, JSON.stringify(body));
        assert.equal(body.checks.bundle.ok, true);
        const home = await fetch(`${server.url}/`);
        assert.equal(home.status, 200);
        const html = await home.text();
        const src = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
        assert.ok(src, "the page links its island script");
        const script = await fetch(new URL(src, server.url));
        assert.equal(script.status, 200);
        assert.match(script.headers.get("content-type") ?? "", /javascript/);
        const js = await script.text();
        assert.ok(js.length > 1000, "a real bundle, not an empty file");
      } finally {
        await server.stop();
      }
      assert.doesNotMatch(server.stderr(), /islands\.js is missing/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
