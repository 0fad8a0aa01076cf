/**
 * Browser tests: Debian's Chromium driven by playwright-core against the app on a free loopback port with
 * `:memory:` KV and the offline planner. Screenshots of the main states go to test-output/screenshots/.
 * Skipped with a note when /usr/bin/chromium is missing, unless CI=true (then they fail).
 */
import assert from "node:assert/strict";
import type { Page } from "./test_deps.ts";
import { presetsFor } from "../lib/protocol/presets.ts";
import { PERSONA_DEFAULTS, PERSONAS } from "../lib/protocol/request_schema.ts";
import { screenshot, shouldSkipBrowserTests, withPage } from "./e2e/harness.ts";
import { readEvents } from "./helpers.ts";

const ignore = shouldSkipBrowserTests();
const opts = { ignore, sanitizeOps: false, sanitizeResources: false };
const QUIET = { LOG_LEVEL: "error" };

/** Reads every form field as the page shows it. */
function readForm(page: Page) {
  return page.evaluate(() => {
    const f = document.getElementById("studio-form") as HTMLFormElement;
    const checked = (name: string) =>
      [...f.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
    return {
      persona: checked("persona")[0],
      preset: (f.querySelector("#preset") as HTMLSelectElement).value,
      presetOptions: [...f.querySelectorAll<HTMLOptionElement>("#preset option")].map((o) => o.value).filter(
        Boolean,
      ),
      appDescription: (f.querySelector("#appDescription") as HTMLTextAreaElement).value,
      scale: checked("scale")[0],
      constraints: checked("constraints"),
      disabledConstraints: [...f.querySelectorAll<HTMLInputElement>('input[name="constraints"]:disabled')]
        .map((i) => i.value),
      competitor: checked("competitor")[0],
      region: (f.querySelector("#region") as HTMLSelectElement).value,
      counter: document.getElementById("desc-count")?.textContent,
    };
  });
}

/** Waits for hydration (the gauge and the studio are live once the bundle ran). */
async function ready(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => {
    const el = document.querySelector("#studio-form") as HTMLFormElement & Record<string, unknown> | null;
    // Preact marks hydrated DOM nodes with its own properties; the island then switches the form to its
    // enhanced mode (per-persona templates), which it marks on the form.
    return !!el && Object.keys(el).some((k) => k.startsWith("__")) && el.dataset.enhanced === "true";
  });
}

/** Node boxes of a diagram in page coordinates; asserts none overlap. */
async function assertDiagramClean(page: Page, platform: "cloudflare" | "competitor") {
  const boxes = await page.$$eval(`#diagram-${platform} .node-box`, (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }));
  assert.ok(boxes.length >= 4, `${platform}: at least 4 nodes drawn, got ${boxes.length}`);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const overlap = a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 &&
        b.y < a.y + a.h - 0.5;
      assert.ok(!overlap, `${platform}: nodes ${i} and ${j} overlap`);
    }
  }
  // Text stays inside its box (names wrap, subtitles are cut to fit).
  const overflow = await page.$$eval(`#diagram-${platform} .node`, (nodes) =>
    nodes.flatMap((g) => {
      const box = (g.querySelector(".node-box") as SVGGraphicsElement).getBBox();
      return [...g.querySelectorAll("text")].flatMap((t) => {
        const b = (t as SVGGraphicsElement).getBBox();
        return b.x + b.width > box.x + box.width - 2 || b.y + b.height > box.y + box.height
          ? [t.textContent]
          : [];
      });
    }));
  assert.deepEqual(overflow, [], `${platform}: text overflowing its node`);
  return boxes.length;
}

Deno.test({
  name:
    "e2e: persona and preset fill every field in one frame; editing resets the picker; persona switch keeps text",
  ...opts,
  fn: () =>
    withPage({ env: QUIET }, async (page, app) => {
      await ready(page, app.url);
      let f = await readForm(page);
      assert.deepEqual(f.presetOptions, presetsFor("Vibe Coder").map((p) => p.label));
      assert.equal(f.preset, "");

      await page.click("text=AIE/FDE");
      f = await readForm(page);
      assert.equal(f.persona, "AIE/FDE");
      assert.deepEqual(f.presetOptions, presetsFor("AIE/FDE").map((p) => p.label));
      assert.equal(f.scale, PERSONA_DEFAULTS["AIE/FDE"].scale);

      // Choose a template and read every field in the very next animation frame.
      const inFrame = await page.evaluate(() =>
        new Promise<Record<string, unknown>>((resolve) => {
          const select = document.getElementById("preset") as HTMLSelectElement;
          select.value = "Analytics Dashboard";
          select.dispatchEvent(new Event("change", { bubbles: true }));
          requestAnimationFrame(() => {
            const f = document.getElementById("studio-form") as HTMLFormElement;
            resolve({
              description: (f.querySelector("#appDescription") as HTMLTextAreaElement).value,
              scale: (f.querySelector('input[name="scale"]:checked') as HTMLInputElement).value,
              constraints: [...f.querySelectorAll<HTMLInputElement>('input[name="constraints"]:checked')].map(
                (i) => i.value,
              ),
            });
          });
        })
      );
      const preset = presetsFor("AIE/FDE")[1];
      assert.deepEqual(inFrame, {
        description: preset.appDescription,
        scale: preset.scale,
        constraints: [...preset.constraints].sort((a, b) =>
          [
            "Cost Optimization",
            "Global Performance",
            "Scalability",
            "Developer Velocity",
            "Enterprise Security",
          ]
            .indexOf(a) -
          [
            "Cost Optimization",
            "Global Performance",
            "Scalability",
            "Developer Velocity",
            "Enterprise Security",
          ]
            .indexOf(b)
        ),
      });
      f = await readForm(page);
      assert.equal(f.preset, "Analytics Dashboard");
      assert.equal(f.counter, `${preset.appDescription.length} / 2000`);
      // Three constraints chosen: the other two are disabled.
      assert.equal(f.constraints.length, 3);
      assert.equal(f.disabledConstraints.length, 2);
      await screenshot(page, "01-preset-filled");

      // Editing the description sends the picker back to custom and keeps everything else.
      await page.click("#appDescription");
      await page.keyboard.press("End");
      await page.keyboard.type(" for retail stores");
      f = await readForm(page);
      assert.equal(f.preset, "");
      assert.equal(f.appDescription, preset.appDescription + " for retail stores");
      assert.equal(f.scale, preset.scale);

      // Switching persona: new list, the persona's defaults, custom text kept.
      await page.click("text=CIO/CTO");
      f = await readForm(page);
      assert.equal(f.persona, "CIO/CTO");
      assert.deepEqual(f.presetOptions, presetsFor("CIO/CTO").map((p) => p.label));
      assert.equal(f.appDescription, preset.appDescription + " for retail stores");
      assert.equal(f.scale, PERSONA_DEFAULTS["CIO/CTO"].scale);
      assert.deepEqual([...f.constraints].sort(), [...PERSONA_DEFAULTS["CIO/CTO"].constraints].sort());
    }),
});

Deno.test({
  name: "e2e: generate streams both diagrams to completion with value props, costs and history",
  ...opts,
  fn: () =>
    withPage({ env: { ...QUIET, OFFLINE_PACE_MS: "60" }, reducedMotion: false }, async (page, app) => {
      await ready(page, app.url);
      await page.selectOption("#preset", "Social Platform");
      await page.click('label:has(input[value="GCP"])');
      await page.click("#generate");
      // Streaming: progress is announced politely and counts components.
      await page.waitForFunction(() =>
        /^\d+ of ~\d+ components$/.test(document.getElementById("progress")?.textContent ?? "")
      );
      assert.equal(await page.getAttribute("#progress", "aria-live"), "polite");
      assert.ok(await page.isVisible("#stop"));
      await page.waitForSelector("#diagram-cloudflare .node");
      await screenshot(page, "02-streaming");
      await page.waitForSelector('.result[data-phase="complete"]', { timeout: 20_000 });
      assert.match(await page.textContent("#progress") ?? "", /^Done: \d+ components in [\d.]+ s$/);
      assert.equal(await page.textContent("#diagram-competitor .diagram-name"), "Google Cloud");
      const cf = await assertDiagramClean(page, "cloudflare");
      const comp = await assertDiagramClean(page, "competitor");
      const edges = await page.$$eval(".diagram-svg .edge", (els) => els.length);
      assert.ok(edges >= 2);
      // Side by side on a wide screen.
      const a = (await page.locator("#diagram-cloudflare").boundingBox())!;
      const b = (await page.locator("#diagram-competitor").boundingBox())!;
      assert.ok(b.x > a.x + a.width - 1 && Math.abs(a.y - b.y) < 2, "diagrams side by side");
      assert.ok((await page.$$(".value-prop")).length >= 2);
      assert.ok((await page.textContent(".cost-totals"))?.includes("/mo"));
      assert.ok(!(await page.isVisible("#stop")));
      assert.ok(await page.isEnabled("#generate"));
      // The history lists the new generation with its permalink.
      await page.waitForSelector("#history .history-link");
      const href = await page.getAttribute("#history .history-link", "href");
      assert.match(href ?? "", /^\/generations\/[0-9A-Z]{26}$/);
      assert.ok(cf + comp >= 8);
      await screenshot(page, "03-complete");
      // Typing and template changes never touch the result (no layout work per keystroke).
      await page.evaluate(() => {
        const w = globalThis as unknown as { __mutations: number };
        w.__mutations = 0;
        new MutationObserver((list) => (w.__mutations += list.length)).observe(
          document.querySelector(".result")!,
          { subtree: true, childList: true, attributes: true, characterData: true },
        );
      });
      const layouts = () => page.evaluate(() => performance.getEntriesByName("vibetoprod:layout").length);
      const layoutsBefore = await layouts();
      assert.ok(layoutsBefore >= 2, "diagrams were laid out while streaming");
      await page.click("#appDescription");
      await page.keyboard.type(" with stories and direct messages");
      await page.selectOption("#preset", "Collaborative Tool");
      assert.equal((await readForm(page)).preset, "Collaborative Tool");
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as { __mutations: number }).__mutations),
        0,
      );
      assert.equal(await layouts(), layoutsBefore, "no layout run while typing or choosing a template");
      // Settled layout: positions do not move after completion.
      const before = await page.$$eval(".node", (els) => els.map((e) => e.getAttribute("transform")));
      await page.waitForTimeout(600);
      const after = await page.$$eval(".node", (els) => els.map((e) => e.getAttribute("transform")));
      assert.deepEqual(after, before);
    }),
});

Deno.test({
  name: "e2e: Stop aborts the stream, keeps what arrived and offers Retry",
  ...opts,
  fn: () =>
    withPage({ env: { ...QUIET, OFFLINE_PACE_MS: "150" } }, async (page, app) => {
      await ready(page, app.url);
      await page.selectOption("#preset", "E-commerce Platform");
      await page.click("#generate");
      await page.waitForSelector("#diagram-cloudflare .node");
      await page.click("#stop");
      await page.waitForSelector('#problem[data-kind="stopped"]');
      const kept = await page.$$eval(".diagram-svg .node", (els) => els.length);
      assert.ok(kept >= 1);
      await page.waitForTimeout(500);
      assert.equal(
        await page.$$eval(".diagram-svg .node", (els) => els.length),
        kept,
        "no more nodes after Stop",
      );
      assert.match(
        await page.textContent("#problem") ?? "",
        /Stopped\. Showing the (\d+ components|component) that arrived/,
      );
      assert.ok(await page.isVisible('#problem button[data-action="retry"]'));
      assert.ok(await page.isEnabled("#generate"));
      await screenshot(page, "04-stopped");
      // The server saw the abort: the budget unit was given back.
      await page.waitForFunction(async () => (await (await fetch("/api/budget")).json()).used === 0);
    }),
});

Deno.test({
  name: "e2e: an invalid description shows the server's field error next to the field",
  ...opts,
  fn: () =>
    withPage({ env: QUIET }, async (page, app) => {
      await ready(page, app.url);
      // Passes the browser's minlength (6 characters) but is 2 after the server trims it.
      await page.fill("#appDescription", "  ab  ");
      await page.click("#generate");
      await page.waitForSelector("#err-appDescription");
      assert.match(await page.textContent("#err-appDescription") ?? "", /must be at least 3 characters/);
      assert.equal(await page.getAttribute("#appDescription", "aria-invalid"), "true");
      assert.match(
        await page.getAttribute("#appDescription", "aria-describedby") ?? "",
        /err-appDescription/,
      );
      assert.equal(await page.evaluate(() => document.activeElement?.id), "appDescription");
      assert.equal(await page.getAttribute("#problem", "data-kind"), "invalid");
      await screenshot(page, "05-invalid");
      // Typing clears the error.
      await page.keyboard.type("c app");
      assert.equal(await page.$("#err-appDescription"), null);
    }),
});

Deno.test({
  name: "e2e: a cached repeat shows the cache badge with its age; Regenerate makes a fresh one",
  ...opts,
  fn: () =>
    withPage({ env: QUIET }, async (page, app) => {
      await ready(page, app.url);
      await page.selectOption("#preset", "Collaborative Tool");
      await page.click("#generate");
      await page.waitForSelector('.result[data-phase="complete"]');
      assert.equal(await page.$("#cache-badge"), null);
      await page.click("#generate");
      await page.waitForSelector("#cache-badge");
      await page.waitForSelector('.result[data-phase="complete"]');
      assert.match(await page.textContent("#cache-badge") ?? "", /From cache.*generated just now/s);
      assert.match(await page.textContent(".provenance") ?? "", /Replayed from cache/);
      await screenshot(page, "06-cached");
      await page.click('#cache-badge button[data-action="regenerate"]');
      await page.waitForSelector('.result[data-phase="complete"]:not(:has(#cache-badge))');
      assert.match(await page.textContent(".provenance") ?? "", /Generated by/);
      const budget = await page.evaluate(async () => (await (await fetch("/api/budget")).json()).used);
      assert.equal(budget, 2, "the cached replay spent nothing, Regenerate spent one");
    }),
});

Deno.test({
  name: "e2e: keyboard only — skip link, persona by arrows, template, Generate, visible focus",
  ...opts,
  fn: () =>
    withPage({ env: QUIET }, async (page, app) => {
      await ready(page, app.url);
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
      await page.keyboard.press("Enter");
      const tabTo = async (pred: string, max = 40) => {
        for (let i = 0; i < max; i++) {
          await page.keyboard.press("Tab");
          if (await page.evaluate(pred)) return;
        }
        throw new Error(`never reached: ${pred}`);
      };
      await tabTo(`document.activeElement?.name === "persona"`);
      const outline = await page.evaluate(() =>
        getComputedStyle(document.activeElement!.nextElementSibling!).outlineStyle
      );
      assert.notEqual(outline, "none", "focus is visible on the persona control");
      await page.keyboard.press("ArrowRight");
      assert.equal((await readForm(page)).persona, "AIE/FDE");
      await tabTo(`document.activeElement?.id === "preset"`);
      // Arrow keys on the closed picker only browse (they used to apply the template at once); Enter applies.
      const typed = (await readForm(page)).appDescription;
      await page.keyboard.press("ArrowDown");
      assert.equal((await readForm(page)).appDescription, typed, "browsing does not apply a template");
      assert.match(await page.textContent("#preset-hint") ?? "", /Press Enter to use/);
      await page.keyboard.press("Enter");
      assert.equal((await readForm(page)).preset, presetsFor("AIE/FDE")[0].label);
      assert.equal((await readForm(page)).appDescription, presetsFor("AIE/FDE")[0].appDescription);
      await tabTo(`document.activeElement?.id === "generate"`);
      assert.notEqual(
        await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle),
        "none",
      );
      await screenshot(page, "07-keyboard-focus");
      await page.keyboard.press("Enter");
      await page.waitForSelector('.result[data-phase="complete"]');
      assert.equal(await page.$$eval("#diagram-competitor .node", (els) => els.length > 0), true);
    }),
});

Deno.test({
  name: "e2e: narrow viewport (390 px) stacks the diagrams without page-level sideways scroll",
  ...opts,
  fn: () =>
    withPage({ env: QUIET, viewport: { width: 390, height: 844 } }, async (page, app) => {
      await ready(page, app.url);
      await page.selectOption("#preset", "E-commerce Platform");
      await page.click("#generate");
      await page.waitForSelector('.result[data-phase="complete"]');
      const a = (await page.locator("#diagram-cloudflare").boundingBox())!;
      const b = (await page.locator("#diagram-competitor").boundingBox())!;
      assert.ok(b.y >= a.y + a.height - 1, "competitor below Cloudflare");
      assert.ok(Math.abs(a.x - b.x) < 1 && a.width <= 390);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no page overflow");
      await screenshot(page, "08-narrow");
    }),
});

Deno.test({
  name: "e2e: refusals — budget spent, rate limited, similar answer — are explained",
  ...opts,
  fn: async () => {
    await withPage({ env: { ...QUIET, GENERATION_LIMIT: "1" } }, async (page, app) => {
      await ready(page, app.url);
      await page.fill("#appDescription", "A chat app with file uploads and video streaming");
      await page.click("#generate");
      await page.waitForSelector('.result[data-phase="complete"]');
      await page.waitForSelector('#budget-gauge[data-state="exhausted"]');
      assert.match(await page.textContent("#budget-gauge .budget-figures") ?? "", /1 \/ 1/);
      // A similar request once the budget is spent: replayed, and said so plainly.
      await page.fill("#appDescription", "A chat application with video streaming and file uploads");
      await page.click("#generate");
      await page.waitForSelector("#similar-notice");
      await page.waitForSelector('.result[data-phase="complete"]');
      const text = await page.textContent("#similar-notice") ?? "";
      assert.match(text, /similar architecture made for another request/);
      assert.match(text, /Similarity score (0|1)\.\d\d/);
      assert.match(text, /A chat app with file uploads and video streaming/);
      await screenshot(page, "09-similar");
      // Nothing similar: the budget refusal with its figures.
      await page.fill("#appDescription", "An IoT fleet tracker for delivery trucks");
      await page.click("#generate");
      await page.waitForSelector('#problem[data-kind="budget"]');
      assert.match(await page.textContent("#problem") ?? "", /budget is spent \(1 of 1 used\)/);
      await screenshot(page, "10-budget");
    });
    await withPage({ env: { ...QUIET, RATE_LIMIT_ANONYMOUS: "1/10m" } }, async (page, app) => {
      await ready(page, app.url);
      await page.fill("#appDescription", "A chat app");
      await page.click("#generate");
      await page.waitForSelector('.result[data-phase="complete"]');
      await page.fill("#appDescription", "An IoT fleet tracker");
      await page.click("#generate");
      await page.waitForSelector('#problem[data-kind="rate_limited"]');
      assert.match(
        await page.textContent("#problem") ?? "",
        // Local time and a live countdown (it used to be UTC and a fixed "in 4 min"); a reset that falls on
        // another day (a run just before midnight) names the date first, e.g. "Dec 2 00:04 UTC".
        /You can generate again at ([A-Z][a-z]{2} \d{1,2} )?\d\d:\d\d( [AP]M)? \S+ \(in \d+:\d\d\)/,
      );
      await screenshot(page, "11-rate-limited");
    });
  },
});

Deno.test({
  name: "e2e: a stream that fails midway keeps what arrived and Retry recovers",
  ...opts,
  fn: () =>
    withPage({ env: QUIET }, async (page, app) => {
      await ready(page, app.url);
      let calls = 0;
      await page.route("**/api/generate-architecture-v2", async (route) => {
        if (calls++ > 0) return route.continue();
        const node = (id: string, type: string) =>
          `event: node\ndata: ${
            JSON.stringify({
              type: "node",
              platform: "cloudflare",
              data: { id, type, name: id, color: "#f38020" },
            })
          }\n\n`;
        await route.fulfill({
          status: 200,
          headers: { "content-type": "text/event-stream" },
          body: `event: start\ndata: ${
            JSON.stringify({
              type: "start",
              id: "x",
              source: "generated",
              provider: "offline",
              model: "m",
              request: { competitor: "AWS" },
            })
          }\n\n${node("users", "users")}${node("workers", "compute")}event: error\ndata: ${
            JSON.stringify({
              type: "error",
              code: "upstream_error",
              message: "The model failed.",
              retryable: true,
            })
          }\n\n`,
        });
      });
      await page.fill("#appDescription", "A blog with comments");
      await page.click("#generate");
      await page.waitForSelector('#problem[data-kind="error"]');
      assert.equal(await page.getAttribute("#problem", "role"), "alert");
      assert.equal(
        await page.$$eval("#diagram-cloudflare .node", (els) => els.length),
        2,
        "kept what arrived",
      );
      await screenshot(page, "12-error");
      await page.click('#problem button[data-action="retry"]');
      await page.waitForSelector('.result[data-phase="complete"]');
      assert.equal(await page.$("#problem"), null);
    }),
});

Deno.test({
  name: "e2e: without JavaScript the form posts and the server renders the result",
  ...opts,
  fn: () =>
    withPage({ env: QUIET, javaScriptEnabled: false }, async (page, app) => {
      await page.goto(app.url);
      await page.fill("#appDescription", "A photo sharing app with image uploads and search");
      await page.click('label:has(input[value="Azure"])');
      await Promise.all([page.waitForNavigation(), page.click("#generate")]);
      assert.ok(await page.$('.result[data-phase="complete"]'));
      assert.ok((await page.$$("#diagram-cloudflare .node")).length >= 4);
      assert.equal(await page.textContent("#diagram-competitor .diagram-name"), "Microsoft Azure");
      await screenshot(page, "13-no-js-result");
    }),
});

Deno.test({
  name: "e2e: without JavaScript the picker groups every persona's templates and one posts as is",
  ...opts,
  fn: () =>
    withPage({ env: QUIET, javaScriptEnabled: false }, async (page, app) => {
      await page.goto(app.url);
      const groups = await page.$$eval("#preset optgroup", (els) =>
        els.map((g) => [
          (g as HTMLOptGroupElement).label,
          [...g.querySelectorAll("option")].map((o) => o.value),
        ]));
      assert.deepEqual(groups, PERSONAS.map((p) => [p, presetsFor(p).map((x) => x.label)]));
      // The persona radio still says Vibe Coder: the template brings its own persona, scale and priorities.
      assert.equal(
        await page.$eval('input[name="persona"]:checked', (i) => (i as HTMLInputElement).value),
        "Vibe Coder",
      );
      const iot = presetsFor("CIO/CTO").find((p) => p.label === "IoT Platform")!;
      await page.selectOption("#preset", iot.label);
      await Promise.all([page.waitForNavigation(), page.click("#generate")]);
      assert.ok(await page.$('.result[data-phase="complete"]'));
      const f = await readForm(page);
      assert.equal(f.persona, "CIO/CTO");
      assert.equal(f.preset, iot.label);
      assert.equal(f.appDescription, iot.appDescription);
      assert.equal(f.scale, iot.scale);
      assert.deepEqual([...f.constraints].sort(), [...iot.constraints].sort());
    }),
});

Deno.test({
  name: "e2e: the permalink page shows both diagrams without overlaps at 1440 and 390 px; Open in studio",
  ...opts,
  fn: () =>
    withPage({ env: QUIET, viewport: { width: 1440, height: 900 } }, async (page, app) => {
      const events = await readEvents(
        await app.app.generate({ preset: "Social Platform", competitors: ["GCP"] }),
      );
      assert.equal(events.at(-1)?.type, "complete");
      const id = (events[0] as { id: string }).id;
      await page.goto(`${app.url}/generations/${id}`);
      assert.equal(await page.textContent("#permalink-heading"), "Cloudflare vs Google Cloud");
      assert.equal(await page.textContent("#diagram-competitor .diagram-name"), "Google Cloud");
      assert.equal(await page.getAttribute(".result", "data-phase"), "complete");
      const nodes = (await assertDiagramClean(page, "cloudflare")) +
        (await assertDiagramClean(page, "competitor"));
      assert.equal(nodes, events.filter((e) => e.type === "node").length, "every stored node is drawn");
      const a = (await page.locator("#diagram-cloudflare").boundingBox())!;
      const b = (await page.locator("#diagram-competitor").boundingBox())!;
      assert.ok(b.x > a.x + a.width - 1 && Math.abs(a.y - b.y) < 2, "diagrams side by side");
      assert.ok((await page.$$(".value-prop")).length >= 2);
      assert.ok((await page.textContent(".cost-totals"))?.includes("/mo"));
      // Exports download from the API.
      for (const format of ["json", "md", "mermaid"]) {
        const href = await page.getAttribute(`.exports a[data-format="${format}"]`, "href");
        assert.equal(href, `/api/generations/${id}?format=${format}`);
        const res = await page.request.get(`${app.url}${href}`);
        assert.equal(res.status(), 200, format);
      }
      await screenshot(page, "14-permalink");
      // Keyboard: the skip link leads to the architecture.
      await page.keyboard.press("Tab");
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent),
        "Skip to the architecture",
      );

      // Enlarged: one diagram above the other, at full width.
      await page.click("#toggle-stacked");
      await page.waitForSelector(".result--stacked");
      await assertDiagramClean(page, "cloudflare");
      await assertDiagramClean(page, "competitor");
      const sa = (await page.locator("#diagram-cloudflare").boundingBox())!;
      const sb = (await page.locator("#diagram-competitor").boundingBox())!;
      assert.ok(sb.y >= sa.y + sa.height - 1 && sa.width > a.width * 1.5, "stacked at full width");

      // Narrow: stacked, no page-level sideways scroll.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${app.url}/generations/${id}`);
      await assertDiagramClean(page, "cloudflare");
      await assertDiagramClean(page, "competitor");
      const na = (await page.locator("#diagram-cloudflare").boundingBox())!;
      const nb = (await page.locator("#diagram-competitor").boundingBox())!;
      assert.ok(nb.y >= na.y + na.height - 1, "competitor below Cloudflare");
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no page overflow");
      await screenshot(page, "15-permalink-narrow");

      // Open in studio: the studio with this request in the form, answered from the cache.
      await page.setViewportSize({ width: 1440, height: 900 });
      await Promise.all([page.waitForNavigation(), page.click("#open-in-studio")]);
      await page.waitForSelector("#cache-badge");
      assert.equal(await page.getAttribute(".result", "data-phase"), "complete");
      const f = await readForm(page);
      assert.equal(f.appDescription, presetsFor("Vibe Coder")[1].appDescription);
      assert.equal(f.competitor, "GCP");
      const budget = await page.evaluate(async () => (await (await fetch("/api/budget")).json()).used);
      assert.equal(budget, 1, "opening the permalink in the studio spent nothing");
    }),
});
