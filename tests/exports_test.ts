import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { escapeMarkdown, escapeMermaid, toJson, toMarkdown, toMermaid } from "../lib/store/exports.ts";
import type { StoredGeneration } from "../lib/store/generation_store.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { makeTestApp, readEvents } from "./helpers.ts";
import { launchBrowser, shouldSkipBrowserTests } from "./e2e/harness.ts";

const HOSTILE =
  `<script>alert("x")</script> <img src=x onerror=alert(1)> "]; click cf0 call alert(1) %%{init: {}}%% ` +
  "`code` [link](javascript:alert(1)) | # ** _ & \n second line";

/** The offline plan with hostile names and labels on the Cloudflare side. */
function hostileProvider(): ArchitectureProvider {
  const inner = createOfflineProvider();
  return {
    id: inner.id,
    model: inner.model,
    async *generate(req, signal) {
      for await (const chunk of inner.generate(req, signal)) {
        if (chunk.kind === "element") {
          const el = structuredClone(chunk.element) as PlanElement;
          if (el.type === "node" && el.platform === "cloudflare") {
            el.data.name = `<b>${el.data.name}</b>"]`;
            el.data.subtitle = `a|b "c" %%{x}%% <i>`;
          }
          if (el.type === "edge") el.data.label = `-->|"x"| <script>`;
          yield { ...chunk, element: el };
        } else yield chunk;
      }
    },
  };
}

async function storedHostile() {
  const t = await makeTestApp({}, { provider: hostileProvider() });
  const events = await readEvents(await t.generate({ appDescription: HOSTILE.slice(0, 1900) }));
  assert.equal(events.at(-1)!.type, "complete", JSON.stringify(events.at(-1)));
  const id = (events[0] as { id: string }).id;
  const stored = (await t.services.store.get(id)) as StoredGeneration;
  return { t, id, stored };
}

Deno.test("exports: JSON keeps the values exactly and contains no raw markup characters", async () => {
  const { t, stored } = await storedHostile();
  try {
    const json = toJson(stored);
    assert.ok(!/[<>&]/.test(json));
    const doc = JSON.parse(json);
    assert.equal(doc.request.appDescription, stored.record.request.appDescription);
    assert.equal(doc.events.length, stored.elements.length + 2);
    assert.equal(doc.events[0].type, "start");
    assert.equal(doc.events.at(-1).type, "complete");
  } finally {
    await t.close();
  }
});

Deno.test("exports: Markdown shows markup and Markdown syntax as text", async () => {
  const { t, stored } = await storedHostile();
  try {
    const md = toMarkdown(stored);
    const outsideFence = md.split("```mermaid")[0];
    assert.ok(!outsideFence.includes("<"), "no raw < outside the diagram block");
    assert.ok(outsideFence.includes("&lt;script&gt;"));
    assert.ok(outsideFence.includes("\\[link\\](javascript"), "a link cannot form: its brackets are escaped");
    assert.ok(outsideFence.includes("&lt;b&gt;"));
    // The description stays on its blockquote line.
    const quote = md.split("\n").find((l) => l.startsWith("> "))!;
    assert.ok(quote.includes("second line"));
    // Table rows keep their column count despite `|` in the content.
    for (const row of md.split("\n").filter((l) => l.startsWith("| "))) {
      const cells = row.replace(/\\\|/g, "").split("|").length;
      assert.ok(cells === 4 || cells === 5, row);
    }
    assert.equal(escapeMarkdown("a*b_c"), "a\\*b\\_c");
    // Only what Markdown reads as syntax is escaped (it used to write real\-time and \$1,021\.88).
    assert.equal(
      escapeMarkdown("real-time feeds for $1,021.88 (C++, C#)"),
      "real-time feeds for $1,021.88 (C++, C#)",
    );
    assert.equal(escapeMarkdown("- not a list"), "\\- not a list");
    assert.equal(escapeMarkdown("1. not a list"), "1\\. not a list");
    assert.equal(escapeMarkdown("# not a heading"), "\\# not a heading");
    assert.equal(escapeMarkdown("a | b ~~c~~ `d`"), "a \\| b \\~\\~c\\~\\~ \\`d\\`");
  } finally {
    await t.close();
  }
});

Deno.test("exports: Mermaid labels are quoted and escaped; ids are generated", async () => {
  const { t, stored } = await storedHostile();
  try {
    const mmd = toMermaid(stored);
    const lines = mmd.trimEnd().split("\n");
    assert.equal(lines[0], "flowchart TB");
    const label = String.raw`"[A-Za-z0-9 ,.:/+_'?!#;-]*"`;
    const grammar = [
      new RegExp(`^  request\\[${label}\\]$`),
      new RegExp(`^  subgraph (cf|co)\\[${label}\\]$`),
      /^ {4}direction TB$/,
      new RegExp(`^    (cf|co)\\d+\\[${label}\\]$`),
      new RegExp(`^    (cf|co)\\d+ (-->|-\\.->)\\|${label}\\| (cf|co)\\d+$`),
      /^ {2}end$/,
      /^ {2}request --> (cf|co)\d+$/,
      /^ {2}classDef (request|cfNode|coNode) [a-z-]+:[#\w]+(,[a-z-]+:[#\w ]+)*$/,
      /^ {2}class ((cf|co)\d+(,(cf|co)\d+)*|request) (cfNode|coNode|request)$/,
      /^ {2}style (cf|co) fill:#ffffff,stroke:#[0-9a-f]{6},stroke-width:2px$/,
    ];
    for (const line of lines.slice(1)) {
      assert.ok(grammar.some((g) => g.test(line)), `unexpected line: ${line}`);
    }
    assert.ok(!mmd.includes("<") && !mmd.includes("%%") && !mmd.includes("`"));
    assert.equal(escapeMermaid(`a"b<c>%d`), "a#34;b#60;c#62;#37;d");
    assert.ok(lines.filter((l) => /-->|-\.->/.test(l)).length >= 2);
    // The request is connected to both platforms' users.
    assert.equal(lines.filter((l) => /^ {2}request --> (cf|co)0$/.test(l)).length, 2);
  } finally {
    await t.close();
  }
});

Deno.test("exports: routes answer with the right content type and an attachment disposition", async () => {
  const { t, id } = await storedHostile();
  try {
    const cases = [
      ["json", /^application\/json/, "json"],
      ["md", /^text\/markdown/, "md"],
      ["mermaid", /^text\/vnd\.mermaid/, "mmd"],
    ] as const;
    for (const [format, type, ext] of cases) {
      const res = await t.request(`/api/generations/${id}?format=${format}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", type);
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="vibetoprod-${id}.${ext}"`);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const text = await res.text();
      assert.ok(!text.includes("<script>"));
    }
    const plain = await t.request(`/api/generations/${id}`);
    assert.equal(plain.headers.get("content-disposition"), null);
    const unknown = await t.request(`/api/generations/${id.toLowerCase()}?format=md`);
    assert.equal(unknown.status, 200, "ids are case-insensitive");
    const missing = await t.request(`/api/generations/01ARZ3NDEKTSV4RRFFQ69G5FAV?format=md`);
    assert.equal(missing.status, 404);
  } finally {
    await t.close();
  }
});

Deno.test("permalink page: hostile names and labels render as text", async () => {
  const { t, id } = await storedHostile();
  try {
    const html = await (await t.request(`/generations/${id}`)).text();
    assert.ok(!html.includes("<b>"));
    assert.ok(!html.includes("<script>"));
    assert.ok(!html.includes("<img"));
    assert.equal((html.match(/class="diagram-svg"/g) ?? []).length, 2);
  } finally {
    await t.close();
  }
});

Deno.test({
  name: "exports: the real mermaid parser accepts the Mermaid export (and the Markdown's diagram block)",
  ignore: shouldSkipBrowserTests(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { t, stored } = await storedHostile();
    const file = new URL("../node_modules/mermaid/dist/mermaid.min.js", import.meta.url);
    try {
      await Deno.stat(file);
    } catch {
      // A fresh checkout: let Deno put the npm packages of deno.json into node_modules.
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["install"],
        stdout: "null",
        stderr: "inherit",
      })
        .output();
      assert.ok(out.success, "deno install");
    }
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto("about:blank");
      await page.addScriptTag({ content: await Deno.readTextFile(file) });
      const mmd = toMermaid(stored);
      const fromMd = toMarkdown(stored).split("```mermaid\n")[1].split("```")[0];
      const results = await page.evaluate(async (texts) => {
        const m = (globalThis as unknown as {
          mermaid: { parse(t: string): Promise<{ diagramType: string }> };
        }).mermaid;
        const out: string[] = [];
        for (const text of texts) {
          try {
            out.push((await m.parse(text)).diagramType);
          } catch (err) {
            out.push(`error: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        // A broken text is refused, so the check can fail.
        try {
          await m.parse('flowchart TB\n  a["x" --> ');
          out.push("broken text accepted");
        } catch {
          out.push("broken text refused");
        }
        return out;
      }, [mmd, fromMd]);
      assert.deepEqual(results, ["flowchart-v2", "flowchart-v2", "broken text refused"]);
    } finally {
      await browser.close();
      await t.close();
    }
  },
});
