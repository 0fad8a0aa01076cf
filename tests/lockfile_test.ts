/**
 * What `deno task start` installs: Deno installs every npm package of the lockfile it runs with, so deno.lock
 * must hold only what the app runs. Test-only packages (tests/test_deps.ts) live in tests/deno.lock, which
 * must agree with deno.lock on every package the app uses.
 */
import assert from "node:assert/strict";

type Lock = { specifiers?: Record<string, string>; npm?: Record<string, unknown> };

const readLock = async (path: string): Promise<Lock> =>
  JSON.parse(await Deno.readTextFile(new URL(path, import.meta.url)));

/** Package names imported with inline `npm:` specifiers by tests/test_deps.ts. */
async function testOnlyPackages(): Promise<string[]> {
  const text = await Deno.readTextFile(new URL("./test_deps.ts", import.meta.url));
  return [...text.matchAll(/"npm:((?:@[^/"]+\/)?[^@"]+)@/g)].map((m) => m[1]);
}

Deno.test("lockfile: deno.lock (what start installs) holds no test-only package", async () => {
  const app = await readLock("../deno.lock");
  const names = await testOnlyPackages();
  assert.ok(names.length >= 2, "tests/test_deps.ts names its packages");
  for (const name of names) {
    const inSpecifiers = Object.keys(app.specifiers ?? {}).filter((s) => s.startsWith(`npm:${name}@`));
    const inPackages = Object.keys(app.npm ?? {}).filter((p) => p.startsWith(`${name}@`));
    assert.deepEqual(
      [...inSpecifiers, ...inPackages],
      [],
      `${name} is test-only: run tests with --lock=tests/deno.lock (deno task test) and restore deno.lock`,
    );
  }
});

Deno.test("lockfile: tests/deno.lock resolves every app package exactly as deno.lock", async () => {
  const app = await readLock("../deno.lock");
  const tests = await readLock("./deno.lock");
  for (const [spec, resolved] of Object.entries(app.specifiers ?? {})) {
    assert.equal(tests.specifiers?.[spec], resolved, `${spec} differs between the two lockfiles`);
  }
  for (const [pkg, entry] of Object.entries(app.npm ?? {})) {
    assert.deepEqual(tests.npm?.[pkg], entry, `${pkg} differs between the two lockfiles`);
  }
});
