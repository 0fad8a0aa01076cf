/**
 * Test-only npm packages, pinned here and nowhere else. They are imported with inline `npm:` specifiers (not in
 * deno.json `imports`) and locked in tests/deno.lock, so deno.lock holds only what the app runs and
 * `deno task start` (and Deploy's `deno install`) never installs them: Deno installs every package of the
 * lockfile it uses. Tests and the type check run with `--lock=tests/deno.lock` (see the `test` and `check`
 * tasks).
 */
export { type Browser, chromium, type Page } from "npm:playwright-core@1.65.1";
export { default as wabtInit } from "npm:wabt@1.0.39";
export { default as axe } from "npm:axe-core@4.14.1";
// Only its browser bundle is used (loaded into a page, see mermaidBundleUrl); the type import puts the package
// into the graph, so it is locked in tests/deno.lock and installed with the tests.
export type { Mermaid } from "npm:mermaid@12.3.0";

/** Version of the mermaid package whose browser bundle the export tests load. */
export const MERMAID_VERSION = "12.3.0";

/**
 * File URL of mermaid's browser bundle in node_modules (Deno's layout: a top-level link, or
 * `.deno/mermaid@<version>/node_modules/mermaid`), installing the test packages first when missing.
 */
export async function mermaidBundleUrl(): Promise<URL> {
  const candidates = [
    new URL("../node_modules/mermaid/dist/mermaid.min.js", import.meta.url),
    new URL(
      `../node_modules/.deno/mermaid@${MERMAID_VERSION}/node_modules/mermaid/dist/mermaid.min.js`,
      import.meta.url,
    ),
  ];
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const url of candidates) {
      try {
        await Deno.stat(url);
        return url;
      } catch { /* next */ }
    }
    // A fresh checkout: let Deno put the test packages into node_modules.
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["install", "--lock=tests/deno.lock", "--entrypoint", "tests/test_deps.ts"],
      cwd: new URL("..", import.meta.url).pathname,
      stdout: "null",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error("deno install of the test packages failed");
  }
  throw new Error(`mermaid ${MERMAID_VERSION} is not in node_modules after deno install`);
}

export { Validator as OpenApiValidator } from "npm:@seriousme/openapi-schema-validator@2.11.0";
