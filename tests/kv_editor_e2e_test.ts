/**
 * The KV editor in Chromium: sign in on the dashboard, open the editor from its navigation, browse `budget`,
 * have a bad limit refused, set a good one and watch the studio's header gauge follow, delete a generation.
 * Every editor page is checked with axe-core (from npm, evaluated in the page), in the light and the dark theme.
 */
import assert from "node:assert/strict";
import { axe, type Page } from "./test_deps.ts";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { launchBrowser, screenshot, shouldSkipBrowserTests, startApp } from "./e2e/harness.ts";
import { readEvents } from "./helpers.ts";

const ignore = shouldSkipBrowserTests();
const ADMIN_KEY = "kv-editor-e2e-admin-key-0123456789abcdef";

/** Runs axe on the page in the light and the dark theme (`prefers-color-scheme`), ending in light. */
async function assertAxeClean(page: Page, label: string) {
  for (const colorScheme of ["dark", "light"] as const) {
    await page.emulateMedia({ colorScheme });
    await assertAxeCleanNow(page, `${label} (${colorScheme})`);
  }
}

/** Runs axe on the page as it is (evaluated over the DevTools protocol, so the app's CSP stays as it is). */
async function assertAxeCleanNow(page: Page, label: string) {
  await page.evaluate((source) => (0, eval)(source), (axe as unknown as { source: string }).source);
  const { passes, violations } = await page.evaluate(async () => {
    const result = await (globalThis as unknown as {
      axe: {
        run(): Promise<
          { passes: unknown[]; violations: { id: string; help: string; nodes: { target: unknown }[] }[] }
        >;
      };
    }).axe.run();
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => String(n.target)).join(", ")})`
      ),
    };
  });
  assert.ok(passes > 10, `${label}: axe ran its rules (${passes} passed)`);
  assert.deepEqual(violations, [], `${label}: axe violations`);
}

Deno.test({
  name:
    "kv editor (browser): browse budget, refuse a bad limit, set one the header gauge follows, delete a generation",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const running = await startApp({ ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: "error", GENERATION_LIMIT: "100" });
    const browser = await launchBrowser();
    try {
      const { kv } = running.app;
      const gen = await running.app.generate({ appDescription: "a recipe sharing app with photo uploads" });
      const generationId = ((await readEvents(gen))[0] as { id: string }).id;
      await kv.set(BUDGET_KEYS.used, 3);
      await kv.set(BUDGET_KEYS.limit, 100);

      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        reducedMotion: "reduce",
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(String(err)));

      // Sign in on the dashboard and follow its navigation link.
      await page.goto(`${running.url}/admin`);
      await page.fill('input[name="adminKey"]', ADMIN_KEY);
      await page.click('button[type="submit"]');
      await page.waitForSelector("#budget");
      await page.click('nav a[href="/admin/kv"]');
      await page.waitForSelector("h1:has-text('KV editor')");
      await assertAxeClean(page, "editor home");

      // Browse budget.
      await page.click('a[href="/admin/kv?prefix=budget"]');
      const limitRow = page.locator('tr[data-kv-key=\'["budget","limit"]\']');
      await limitRow.waitFor();
      assert.match(await limitRow.innerText(), /number\s+100/);
      assert.match(await page.locator('tr[data-kv-key=\'["budget","used"]\']').innerText(), /number\s+3/);
      await screenshot(page, "kv_editor_budget");
      await page.emulateMedia({ colorScheme: "dark" });
      await screenshot(page, "kv_editor_budget_dark");
      await assertAxeClean(page, "budget listing");

      // The studio, in a second tab, shows the header gauge.
      const studio = await context.newPage();
      await studio.goto(`${running.url}/`);
      await studio.waitForFunction(() =>
        document.querySelector("#budget-gauge .budget-figures")?.textContent === "3 / 100"
      );

      // A bad limit is refused, saying which field and why; nothing is written.
      await limitRow.locator("a").click();
      await page.waitForSelector('textarea[name="value"]');
      await assertAxeClean(page, "entry page");
      await page.fill('textarea[name="value"]', "-5");
      await page.click('form[action="/admin/kv/ui/set"] button[type="submit"]');
      const alert = page.locator('[role="alert"]').first();
      await alert.waitFor();
      assert.match(await alert.innerText(), /value\.value: \["budget","limit"\] must be 0 or more/);
      assert.equal((await kv.get(BUDGET_KEYS.limit)).value, 100);
      await assertAxeClean(page, "refused edit");

      // A good one is saved, and the studio's header gauge follows without a reload.
      await page.fill('textarea[name="value"]', "250");
      await page.click('form[action="/admin/kv/ui/set"] button[type="submit"]');
      await page.waitForSelector('[role="status"]:has-text("Saved.")');
      assert.equal((await kv.get(BUDGET_KEYS.limit)).value, 250);
      await studio.waitForFunction(
        () => document.querySelector("#budget-gauge .budget-figures")?.textContent === "3 / 250",
        undefined,
        { timeout: 10_000 },
      );
      await screenshot(studio, "kv_editor_gauge_followed");

      // Delete a generation: open its header from the listing, confirm, and it is gone with its permalink.
      await page.goto(`${running.url}/admin/kv?prefix=generations`);
      const row = page.locator(`tr[data-kv-key='["generations","${generationId}"]']`);
      await row.waitFor();
      assert.ok(await row.locator(`a[href="/generations/${generationId}"]`).count(), "links the permalink");
      await row.locator("a").first().click();
      await page.click('button:has-text("Delete this generation")');
      await page.waitForSelector('h1:has-text("Confirm delete")');
      await assertAxeClean(page, "confirm delete");
      await page.click('button:has-text("Yes, delete")');
      await page.waitForSelector('[role="status"]:has-text("Deleted.")');
      assert.equal(await running.app.services.store.get(generationId), null);
      const permalink = await fetch(`${running.url}/generations/${generationId}`);
      assert.equal(permalink.status, 404);
      await permalink.body?.cancel();
      const audit = [];
      for await (const e of kv.list<{ interface: string; action: string }>({ prefix: ["audit"] })) {
        if (e.value.interface === "kv-editor") audit.push(e.value.action);
      }
      assert.deepEqual(audit, ["kv.set", "kv.delete"]);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await running.close();
    }
  },
});
