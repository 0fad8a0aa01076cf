/**
 * Test-only npm packages, pinned here and nowhere else. They are imported with inline `npm:` specifiers (not in
 * deno.json `imports`) and locked in tests/deno.lock, so deno.lock holds only what the app runs and
 * `deno task start` never installs them (Deno installs every package of the lockfile it uses). Tests and the
 * type check run with `--lock=tests/deno.lock` (see the `test` and `check` tasks).
 */
export { type Browser, chromium, type Page } from "npm:playwright-core@1.65.1";
export { default as wabtInit } from "npm:wabt@1.0.39";
