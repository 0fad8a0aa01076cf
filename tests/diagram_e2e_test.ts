/**
 * Browser tests of the diagrams as a person reads and explores them (issue: readable by default, explore,
 * keep and share): on-screen text sizes measured in the page at 1280, 1440, 1920 and 390 px wide, no edge
 * under another edge's label and no two edges on top of each other, node details on click / Enter, zoom and
 * fit, the result's own address surviving a reload and back / forward, Copy link, SVG and PNG downloads.
 * Screenshots of every state go to test-output/screenshots/.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { screenshot, shouldSkipBrowserTests, withPage } from "./e2e/harness.ts";

const ignore = shouldSkipBrowserTests();
const opts = { ignore, sanitizeOps: false, sanitizeResources: false };
const QUIET = { LOG_LEVEL: "error" };

async function hydrated(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() =>
    (document.querySelector("#studio-form") as HTMLElement | null)?.dataset.enhanced === "true"
  );
}

/** Smallest on-screen font sizes (CSS px after every transform) of names, subtitles and edge labels. */
function textSizes(page: Page) {
  return page.evaluate(() => {
    const size = (sel: string) =>
      [...document.querySelectorAll<SVGTextElement>(sel)].map((t) => {
        const svg = t.ownerSVGElement!;
        const scale = svg.getScreenCTM()!.a;
        return parseFloat(getComputedStyle(t).fontSize) * scale;
      });
    const min = (xs: number[]) => xs.length ? Math.min(...xs) : Infinity;
    return {
      name: min(size(".diagram-svg .node-name")),
      sub: min(size(".diagram-svg .node-sub")),
      label: min(size(".diagram-svg .edge-label text")),
      count: size(".diagram-svg text").length,
    };
  });
}

/**
 * Geometry checks in the page: every edge path sampled along its length never enters another edge's label
 * box, no two edges share a stretch (points closer than 2 px over a run), nodes and labels never overlap.
 */
function geometryProblems(page: Page, platform: string) {
  return page.evaluate((platform) => {
    const svg = document.querySelector<SVGSVGElement>(`#diagram-${platform} .diagram-svg`)!;
    const problems: string[] = [];
    const labels = [...svg.querySelectorAll<SVGGElement>(".edge-label")].map((g) => {
      const r = g.querySelector("rect")!;
      const m = g.transform.baseVal.consolidate()!.matrix;
      return {
        id: g.dataset.edgeId!,
        x: m.e + r.x.baseVal.value,
        y: m.f + r.y.baseVal.value,
        w: r.width.baseVal.value,
        h: r.height.baseVal.value,
      };
    });
    const paths = [...svg.querySelectorAll<SVGPathElement>(".edge")].map((p) => {
      const len = p.getTotalLength();
      const pts: { x: number; y: number }[] = [];
      for (let d = 0; d <= len; d += 2) {
        const q = p.getPointAtLength(d);
        pts.push({ x: q.x, y: q.y });
      }
      return { id: p.dataset.edgeId!, pts };
    });
    for (const p of paths) {
      for (const l of labels) {
        if (l.id === p.id) continue;
        if (p.pts.some((q) => q.x > l.x + 1 && q.x < l.x + l.w - 1 && q.y > l.y + 1 && q.y < l.y + l.h - 1)) {
          problems.push(`edge ${p.id} runs under label of ${l.id}`);
        }
      }
    }
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const a = paths[i], b = paths[j];
        let run = 0, worst = 0;
        for (const q of a.pts) {
          const near = b.pts.some((r) => Math.hypot(r.x - q.x, r.y - q.y) < 2);
          run = near ? run + 1 : 0;
          worst = Math.max(worst, run);
        }
        // Shared ends at a node port are fine; a shared stretch longer than 12 px is not.
        if (worst > 6) problems.push(`edges ${a.id} and ${b.id} drawn on top of each other`);
      }
    }
    const boxes = [
      ...[...svg.querySelectorAll<SVGGElement>(".node")].map((g) => {
        const r = g.getBBox();
        const m = g.transform.baseVal.consolidate()!.matrix;
        return { id: g.dataset.nodeId!, x: m.e, y: m.f, w: r.width, h: r.height };
      }),
      ...labels,
    ];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (
          a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5
        ) {
          problems.push(`${a.id} overlaps ${b.id}`);
        }
      }
    }
    return problems;
  }, platform);
}

async function generate(page: Page, preset: string) {
  await page.selectOption("#preset", preset);
  await page.click("#generate");
  await page.waitForSelector('.result[data-phase="complete"]', { timeout: 20_000 });
}

Deno.test({
  name: "diagrams: readable side by side at 1280, 1440, 1920 and fitted at 390, with clean geometry",
  ...opts,
  fn: () =>
    withPage({ env: QUIET, viewport: { width: 1440, height: 900 } }, async (page, app) => {
      await hydrated(page, app.url);
      const report: string[] = [];
      for (const preset of ["Social Platform", "E-commerce Platform", "Collaborative Tool"]) {
        await generate(page, preset);
        for (const width of [1280, 1440, 1920, 390]) {
          await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
          await page.waitForTimeout(150);
          const s = await textSizes(page);
          report.push(
            `${preset} @${width}: names ≥ ${s.name.toFixed(1)} px, subtitles ≥ ${s.sub.toFixed(1)} px, ` +
              `labels ≥ ${s.label.toFixed(1)} px`,
          );
          assert.ok(s.count > 10);
          assert.ok(s.name >= 12, `${preset} @${width}: node names ${s.name}`);
          assert.ok(Math.min(s.sub, s.label) >= 11, `${preset} @${width}: other text ${s.sub} / ${s.label}`);
          // The drawing fits its column: no sideways scrolling, inside the page.
          const fits = await page.evaluate(() =>
            [...document.querySelectorAll(".diagram-scroll")].every((el) =>
              el.scrollWidth <= el.clientWidth + 1
            ) &&
            document.documentElement.scrollWidth <= innerWidth
          );
          assert.ok(fits, `${preset} @${width}: diagrams fit`);
          for (const platform of ["cloudflare", "competitor"]) {
            assert.deepEqual(await geometryProblems(page, platform), [], `${preset} @${width} ${platform}`);
          }
          if (preset === "Social Platform") await screenshot(page, `20-readable-${width}`);
        }
        await page.setViewportSize({ width: 1440, height: 900 });
      }
      console.log(report.join("\n"));
    }),
});
