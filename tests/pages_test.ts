import assert from "node:assert/strict";
import { budgetFrom } from "../islands/budget_gauge.tsx";
import { historyPage } from "../islands/generation_history.tsx";
import { SseParser } from "../lib/protocol/sse_parser.ts";
import {
  applyEvent,
  choosePersona,
  choosePreset,
  defaultForm,
  editField,
  formFieldErrors,
  problemFromResponse,
  progress,
  requestBody,
  streamingResult,
  toggleConstraint,
  type WireEvent,
} from "../islands/studio_state.ts";
import { parseSse } from "../lib/protocol/events.ts";
import { presetsFor } from "../lib/protocol/presets.ts";
import { STUDIO_OPTIONS } from "../routes/pages.tsx";
import { makeTestApp } from "./helpers.ts";

const O = STUDIO_OPTIONS;

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
}

function postForm(
  t: Awaited<ReturnType<typeof makeTestApp>>,
  body: string,
  type = "application/x-www-form-urlencoded",
) {
  // As a browser posting from the studio page (cross-site posts are refused).
  return t.request("/", {
    method: "POST",
    headers: { "content-type": type, origin: "http://localhost", "sec-fetch-site": "same-origin" },
    body,
  });
}

/** The island props the server embedded for the studio. */
function studioProps(html: string) {
  const m = html.match(/data-island="architecture_studio" data-props="([^"]*)"/);
  assert.ok(m, "studio island present");
  const json = m[1].replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll(
    "&gt;",
    ">",
  ).replaceAll("&#39;", "'");
  return JSON.parse(json);
}

Deno.test("pages: GET / renders the form server-side, CSP-ready (no inline script or style)", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const res = await t.request("/");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /^<!doctype html>/);
    for (
      const name of ["persona", "preset", "appDescription", "scale", "constraints", "competitor", "region"]
    ) {
      assert.match(html, new RegExp(`name="${name}"`), name);
    }
    assert.match(html, /<form[^>]*method="post"[^>]*action="\/"/);
    assert.match(html, /Quick start templates/);
    assert.match(html, /Choose a template or enter custom…/);
    // Without JavaScript switching persona cannot change the list: every persona's presets, grouped.
    for (const persona of O.personas) {
      const group = html.match(new RegExp(`<optgroup label="${persona}">([\\s\\S]*?)</optgroup>`));
      assert.ok(group, `optgroup for ${persona}`);
      const labels = [...group[1].matchAll(/<option value="([^"]+)">/g)].map((m) => m[1]);
      assert.deepEqual(labels, presetsFor(persona).map((p) => p.label), persona);
    }
    assert.match(html, /Templates of every persona, grouped\. Choose one and leave the description empty/);
    // Every label points at a control; the description has its counter and hint.
    assert.match(html, /<label for="appDescription">/);
    assert.match(html, /aria-describedby="desc-hint desc-count"/);
    // CSP: scripts only by src, no inline handlers, no style attributes.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, /src="\/static\/build\/islands\.js"/);
      assert.equal(body.trim(), "");
    }
    assert.doesNotMatch(html, /\son[a-z]+="/i);
    assert.doesNotMatch(html, /\sstyle="/i);
    // The gauge is server-rendered from the live budget.
    assert.match(html, /id="budget-gauge"[^>]*data-state="healthy"/);
    assert.match(html, /0 \/ 100/);
    const props = studioProps(html);
    assert.equal(props.initialForm.persona, "Vibe Coder");
    assert.equal(props.options.presets.length, 9);
  } finally {
    await t.close();
  }
});

Deno.test("pages: GET /?preset= pre-fills a template; static assets are served", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const html = await (await t.request("/?preset=IoT%20Platform")).text();
    const props = studioProps(html);
    assert.equal(props.initialForm.persona, "CIO/CTO");
    assert.equal(props.initialForm.preset, "IoT Platform");
    assert.equal(
      props.initialForm.appDescription,
      "An IoT platform collecting sensor data from thousands of devices",
    );
    assert.ok(html.includes(">IoT Platform</option>"));
    const css = await t.request("/static/styles.css");
    assert.equal(css.status, 200);
    assert.match(await css.text(), /prefers-reduced-motion/);
    const icon = await t.request("/static/favicon.svg");
    assert.equal(icon.status, 200);
    await icon.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("pages: a plain form POST renders both architectures, value props and costs", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const res = await postForm(
      t,
      form({
        persona: "AIE/FDE",
        preset: "",
        appDescription: "A REST API for mobile apps with authentication and file uploads",
        scale: "Growth",
        constraints: ["Developer Velocity", "Scalability"],
        competitor: "GCP",
        region: "Tokyo",
      }),
    );
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /data-phase="complete"/);
    const cf = html.match(/id="diagram-cloudflare"[\s\S]*?data-nodes="(\d+)"/);
    const comp = html.match(/id="diagram-competitor"[\s\S]*?data-nodes="(\d+)"/);
    assert.ok(cf && Number(cf[1]) >= 4, "cloudflare diagram drawn");
    assert.ok(comp && Number(comp[1]) >= 4, "competitor diagram drawn");
    assert.match(html, /Google Cloud/);
    assert.match(html, /Why Cloudflare for your priorities/);
    assert.match(html, /Estimated monthly cost/);
    assert.match(html, /Done: \d+ components/);
    // The form shows what was used.
    const props = studioProps(html);
    assert.equal(props.initialForm.region, "Tokyo");
    assert.deepEqual(props.initialForm.constraints, ["Developer Velocity", "Scalability"]);
    assert.equal(props.initialResult.phase, "complete");
    assert.equal(props.initialResult.start.request.competitor, "GCP");
  } finally {
    await t.close();
  }
});

Deno.test("pages: form POST with a template and no description uses the template", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const res = await postForm(
      t,
      form({
        persona: "Vibe Coder",
        preset: "Headless CMS",
        appDescription: "",
        scale: "Startup",
        region: "Global",
      }),
    );
    assert.equal(res.status, 200);
    const props = studioProps(await res.text());
    assert.equal(props.initialForm.persona, "AIE/FDE");
    assert.equal(props.initialForm.preset, "Headless CMS");
    assert.equal(props.initialForm.scale, "Growth");
    assert.equal(props.initialResult.start.request.appDescription, presetsFor("AIE/FDE")[2].appDescription);
  } finally {
    await t.close();
  }
});

Deno.test("pages: form POST errors appear next to their fields and nothing is generated", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const short = await postForm(
      t,
      form({ persona: "Vibe Coder", appDescription: "  ab  ", scale: "Startup" }),
    );
    assert.equal(short.status, 400);
    const html = await short.text();
    assert.match(
      html,
      /<p class="field-error" id="err-appDescription" role="alert">must be at least 3 characters/,
    );
    assert.match(html, /aria-invalid="true"/);
    assert.ok(html.includes(">  ab  </textarea>"), "the text is kept as typed");
    assert.doesNotMatch(html, /data-phase="complete"/);

    const four = await postForm(
      t,
      form({
        appDescription: "A chat app",
        constraints: ["Cost Optimization", "Global Performance", "Scalability", "Developer Velocity"],
      }),
    );
    assert.equal(four.status, 400);
    assert.match(await four.text(), /id="err-constraints" role="alert">at most 3 constraints/);

    const persona = await postForm(t, form({ appDescription: "A chat app", persona: "Hacker" }));
    assert.equal(persona.status, 400);
    assert.match(await persona.text(), /id="err-persona" role="alert">must be one of/);

    const preset = await postForm(t, form({ appDescription: "", preset: "No Such Template" }));
    assert.equal(preset.status, 400);
    assert.match(await preset.text(), /id="err-preset" role="alert">no preset has this label/);

    const json = await postForm(t, JSON.stringify({ appDescription: "A chat app" }), "application/json");
    assert.equal(json.status, 415);
    assert.match(await json.text(), /id="err-form"/);

    const big = await postForm(t, form({ appDescription: "x".repeat(20_000) }));
    assert.equal(big.status, 413);
    assert.match(await big.text(), /larger than 16384 bytes/);

    // Nothing was generated: the budget is untouched and the history is empty.
    const budget = await (await t.request("/api/budget")).json();
    assert.equal(budget.used, 0);
  } finally {
    await t.close();
  }
});

Deno.test("pages: form POST when the budget is spent shows the refusal with its figures", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error", GENERATION_LIMIT: "0" });
  try {
    const res = await postForm(t, form({ appDescription: "A chat app with file uploads" }));
    assert.equal(res.status, 429);
    const html = await res.text();
    assert.match(html, /data-kind="budget"/);
    assert.match(html, /the shared generation budget is spent/);
    assert.match(html, /\(0 of 0 used\)/);
    // Said to the person using the studio, with what they can still do (it used to address an administrator).
    assert.match(html, /topped up by the people who run this site/);
    assert.match(html, /quick start template/);
  } finally {
    await t.close();
  }
});

Deno.test("studio state: presets fill every field, edits reset the picker, persona keeps custom text", () => {
  let f = defaultForm(O);
  assert.equal(f.persona, "Vibe Coder");
  assert.deepEqual(f.constraints, O.personaDefaults["Vibe Coder"].constraints);
  f = choosePreset(O, f, "Social Platform");
  assert.deepEqual(
    { d: f.appDescription, s: f.scale, c: f.constraints, p: f.preset },
    {
      d: "A social platform with live chat, video streaming, and real-time feeds",
      s: "Enterprise",
      c: ["Scalability", "Global Performance", "Developer Velocity"],
      p: "Social Platform",
    },
  );
  const edited = editField(f, "appDescription", f.appDescription + " and payments");
  assert.equal(edited.preset, "");
  assert.equal(edited.scale, "Enterprise");
  const switched = choosePersona(O, edited, "CIO/CTO");
  assert.equal(switched.appDescription, edited.appDescription, "custom text kept");
  assert.equal(switched.preset, "");
  assert.equal(switched.scale, "Enterprise");
  assert.deepEqual(switched.constraints, O.personaDefaults["CIO/CTO"].constraints);
  assert.equal(choosePersona(O, switched, "CIO/CTO"), switched);
  // A fourth constraint is refused; removing one frees a slot; added ones go last.
  const full = toggleConstraint(O, switched, "Developer Velocity");
  assert.deepEqual(full, switched);
  const freed = toggleConstraint(O, switched, "Scalability");
  assert.deepEqual(freed.constraints, ["Enterprise Security", "Cost Optimization"]);
  assert.deepEqual(toggleConstraint(O, freed, "Developer Velocity").constraints, [
    "Enterprise Security",
    "Cost Optimization",
    "Developer Velocity",
  ]);
  assert.deepEqual(requestBody(choosePreset(O, defaultForm(O), "Collaborative Tool"), true), {
    appDescription: "A collaborative whiteboard app with real-time multiplayer editing",
    persona: "Vibe Coder",
    scale: "Startup",
    constraints: ["Developer Velocity", "Cost Optimization"],
    competitors: ["AWS"],
    region: "Global",
    preset: "Collaborative Tool",
    force: true,
  });
  assert.deepEqual(
    formFieldErrors({ "input.appDescription": "too short", "competitors.0": "bad", "constraints.3": "x" }),
    {
      appDescription: "too short",
      competitor: "bad",
      constraints: "x",
    },
  );
});

Deno.test("studio state: the reducer folds a real stream and keeps arrays stable per platform", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const res = await t.generate({ preset: "Gaming Platform", competitors: ["Azure"] });
    const events = parseSse(await res.text()) as unknown as WireEvent[];
    let s = streamingResult("AWS");
    assert.equal(progress(s).text, "Connecting…");
    let lastCompetitorNodes = s.competitor.nodes;
    for (const ev of events) {
      const next = applyEvent(s, ev);
      if (ev.type === "node" && ev.platform === "cloudflare") {
        assert.equal(next.competitor.nodes, lastCompetitorNodes, "the other diagram's data is untouched");
      }
      s = next;
      lastCompetitorNodes = s.competitor.nodes;
      if (s.phase === "streaming" && s.start) assert.match(progress(s).text, /^\d+ of ~\d+ components$/);
    }
    assert.equal(s.phase, "complete");
    assert.equal(s.competitorName, "Azure");
    const complete = events.at(-1) as unknown as { counts: { nodes: number; edges: number } };
    assert.equal(s.cloudflare.nodes.length + s.competitor.nodes.length, complete.counts.nodes);
    assert.equal(s.cloudflare.edges.length + s.competitor.edges.length, complete.counts.edges);
    assert.ok(s.cloudflare.cost && s.competitor.cost);
    assert.equal(s.valueProps.length, 3);
    assert.match(progress(s).text, /^Done: \d+ components in [\d.]+ s$/);
    // Duplicates and unknown events change nothing.
    const dup = events.find((e) => e.type === "node")!;
    assert.equal(applyEvent(s, dup), s);
    assert.equal(applyEvent(s, { type: "mystery" }), s);
  } finally {
    await t.close();
  }
});

Deno.test("studio state: queued, error, and refusals become plain problems", () => {
  let s = applyEvent(streamingResult("AWS"), { type: "queued", position: 3, etaSeconds: 12 });
  assert.equal(progress(s).text, "Queued: position 3, about 12 s");
  s = applyEvent(s, {
    type: "node",
    platform: "cloudflare",
    data: { id: "users", type: "users", name: "U", color: "#f38020" },
  });
  assert.equal(s.queued, undefined);
  s = applyEvent(s, {
    type: "error",
    code: "upstream_timeout",
    message: "The model timed out.",
    retryable: true,
  });
  assert.equal(s.phase, "failed");
  assert.equal(s.cloudflare.nodes.length, 1, "keeps what arrived");
  assert.equal(s.problem?.code, "upstream_timeout");

  const now = Date.parse("2030-01-01T00:00:00Z");
  const budget = problemFromResponse(
    429,
    {
      error: { code: "budget_exhausted", message: "spent" },
      budget: { used: 100, limit: 100, remaining: 0, resetsAt: "2030-01-01T01:00:00.000Z" },
    },
    "3600",
    now,
  );
  assert.equal(budget.kind, "budget");
  assert.deepEqual(budget.budget, {
    used: 100,
    limit: 100,
    remaining: 0,
    resetsAt: "2030-01-01T01:00:00.000Z",
  });
  const limited = problemFromResponse(
    429,
    { error: { code: "rate_limited", message: "slow down" } },
    "42",
    now,
  );
  assert.equal(limited.kind, "rate_limited");
  assert.equal(limited.retryAt, "2030-01-01T00:00:42.000Z");
  const dated = problemFromResponse(429, null, "Wed, 01 Jan 2030 00:05:00 GMT", now);
  assert.equal(dated.retryAt, "2030-01-01T00:05:00.000Z");
  const invalid = problemFromResponse(
    400,
    {
      error: { code: "invalid_request", message: "bad", fields: { appDescription: "must be at least 3" } },
    },
    null,
    now,
  );
  assert.deepEqual(invalid.fields, { appDescription: "must be at least 3" });
  assert.equal(
    problemFromResponse(503, { error: { code: "budget_invalid", message: "x" } }, null).retryable,
    true,
  );
  assert.equal(problemFromResponse(502, "not json", null).code, "http_502");
});

Deno.test("sse parser: frames split anywhere, CRLF, multi-line data and comments", () => {
  const wire =
    ': hello\r\nevent: node\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: complete\ndata: {}\n\ndata: tail';
  for (let cut = 0; cut <= wire.length; cut++) {
    const p = new SseParser();
    const frames = [...p.push(wire.slice(0, cut)), ...p.push(wire.slice(cut)), ...p.end()];
    assert.deepEqual(frames, [
      { event: "node", data: '{"a":\n1}' },
      { event: "complete", data: "{}" },
      { event: "message", data: "tail" },
    ], `cut at ${cut}`);
  }
});

Deno.test("gauge and history: payload parsers accept the API shapes and reject junk", () => {
  assert.deepEqual(
    budgetFrom({ used: 3, limit: 10, remaining: 7, reserved: 1, state: "healthy", resetsAt: null }),
    {
      used: 3,
      limit: 10,
      remaining: 7,
      reserved: 1,
      state: "healthy",
      resetsAt: null,
    },
  );
  assert.equal(
    budgetFrom({ budget: { used: null, limit: null, remaining: null, state: "invalid" } })?.state,
    "invalid",
  );
  assert.equal(budgetFrom({ state: "weird" }), null);
  assert.equal(budgetFrom("nope"), null);
  const page = historyPage({
    generations: [{ id: "01ABC", createdAt: "2030-01-01T00:00:00Z" }, { id: "../evil" }, null],
    nextCursor: "abc",
  });
  assert.deepEqual(page, { items: [{ id: "01ABC", createdAt: "2030-01-01T00:00:00Z" }], cursor: "abc" });
  assert.equal(historyPage({ error: { code: "not_found" } }), null);
});

Deno.test("value props: figures are emphasised, names with digits are not", async () => {
  const { emphasiseFigures } = await import("../components/value_props.tsx");
  const { renderToString } = await import("preact-render-to-string");
  const { h } = await import("preact");
  const text =
    "Runs in 330+ cities, 5 ms vs 150–400 ms in us-east-1. D1 and R2 cost $0.75/M; run `wrangler dev`.";
  const html = renderToString(h("p", null, emphasiseFigures(text)));
  assert.equal(
    html,
    "<p>Runs in <strong>330+</strong> cities, <strong>5 ms</strong> vs <strong>150</strong>–<strong>400 ms</strong> " +
      "in us-east-1. D1 and R2 cost <strong>$0.75</strong>/M; run <code>wrangler dev</code>.</p>",
  );
});

/** Decodes the entities Preact's renderer writes in attributes and text. */
function unescapeHtml(text: string): string {
  return text.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll(
    "&#39;",
    "'",
  )
    .replaceAll("&amp;", "&");
}

/** The hidden fields of the permalink's "Open in studio" / "Regenerate" form, in order. */
function permalinkFormFields(html: string): [string, string][] {
  const formHtml = html.match(/<form class="permalink-actions" method="post" action="\/">([\s\S]*?)<\/form>/);
  assert.ok(formHtml, "permalink actions form");
  return [...formHtml[1].matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"\/>/g)].map((
    m,
  ) => [m[1], unescapeHtml(m[2])]);
}

async function storedGeneration(t: Awaited<ReturnType<typeof makeTestApp>>, body: Record<string, unknown>) {
  const events = parseSse(await (await t.generate(body)).text());
  assert.equal(events.at(-1)?.type, "complete");
  return (events[0] as { id: string }).id;
}

Deno.test("studio form: grouped presets until the island runs, then the persona's own list", async () => {
  const { StudioForm } = await import("../components/studio_form.tsx");
  const { renderToString } = await import("preact-render-to-string");
  const { h } = await import("preact");
  const render = (values: ReturnType<typeof defaultForm>, enhanced?: boolean) =>
    renderToString(h(StudioForm, { options: O, values, enhanced }));
  const labels = (html: string) =>
    [...(html.match(/<select id="preset"[\s\S]*?<\/select>/)?.[0] ?? "").matchAll(/<option value="([^"]+)"/g)]
      .map((m) => m[1]);
  const full = choosePreset(O, defaultForm(O), "E-commerce Platform"); // three constraints chosen

  const plain = render(full);
  assert.equal((plain.match(/<optgroup /g) ?? []).length, 3);
  assert.deepEqual(labels(plain), O.presets.map((p) => p.label));
  assert.match(plain, /<option value="E-commerce Platform" selected>/);
  assert.doesNotMatch(plain, /data-enhanced/);
  // Without JavaScript nothing re-enables a checkbox, so none is disabled: the server enforces the limit.
  assert.doesNotMatch(plain, /<input[^>]*name="constraints"[^>]*disabled/);

  const live = render(full, true);
  assert.doesNotMatch(live, /<optgroup/);
  assert.deepEqual(labels(live), presetsFor("Vibe Coder").map((p) => p.label));
  assert.match(live, /data-enhanced="true"/);
  assert.match(live, /3 templates for Vibe Coder/);
  assert.equal((live.match(/<input[^>]*name="constraints"[^>]*disabled/g) ?? []).length, 2);

  // A template of another persona (left by a no-JS post) stays visible and selected once live.
  const mixed = { ...defaultForm(O), preset: "IoT Platform" };
  const kept = render(mixed, true);
  assert.match(kept, /<option value="IoT Platform" selected>/);
  assert.equal((kept.match(/<optgroup /g) ?? []).length, 3);
});

Deno.test("permalink page: the studio's layout and components, request, provenance, exports", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const id = await storedGeneration(t, {
      appDescription: `A "quoted" <i>photo</i> app with uploads & search`,
      persona: "AIE/FDE",
      scale: "Growth",
      constraints: ["Scalability", "Cost Optimization"],
      competitors: ["Azure"],
      region: "Tokyo",
    });
    const res = await t.request(`/generations/${id.toLowerCase()}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-cache");
    const html = await res.text();
    // The shared layout and stylesheet; CSP-ready: no inline style or script, no handlers.
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<link rel="stylesheet" href="\/static\/styles\.css"\/>/);
    assert.doesNotMatch(html, /<style/);
    assert.doesNotMatch(html, /\sstyle="/i);
    assert.doesNotMatch(html, /\son[a-z]+="/i);
    for (const [, attrs, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(attrs, /src="\/static\/build\/islands\.js"/);
      assert.equal(body.trim(), "");
    }
    assert.match(html, /class="skip-link" href="#main">Skip to the architecture</);
    assert.match(html, /id="budget-gauge"[^>]*data-state="healthy"/);
    assert.match(html, /1 \/ 100/);
    // The studio's completed result: both diagrams (with wrapped edge labels), value props, cost chart.
    assert.match(html, /class="result"[^>]*data-phase="complete"[^>]*data-competitor="azure"/);
    assert.equal((html.match(/class="diagram-svg"/g) ?? []).length, 2);
    assert.match(html, /id="diagram-cloudflare"[^>]*data-state="complete"/);
    assert.match(html, /id="diagram-competitor"[^>]*data-state="complete"/);
    assert.match(html, /<span class="diagram-name">Microsoft Azure<\/span>/);
    assert.ok((html.match(/class="node node--/g) ?? []).length >= 8);
    assert.match(html, /<g class="edge-label"[^>]*><rect[^>]*><\/rect><text[^>]*><tspan x="0">/);
    assert.ok((html.match(/class="value-prop"/g) ?? []).length >= 2);
    assert.match(html, /class="cost-totals"/);
    assert.match(html, /Cloudflare by service/);
    assert.match(html, /Done: \d+ components/);
    // The request and where it came from.
    assert.match(html, /<h1 id="permalink-heading">Cloudflare vs Microsoft Azure<\/h1>/);
    assert.ok(html.includes("A &quot;quoted&quot; &lt;i>photo&lt;/i> app with uploads &amp; search"));
    assert.ok(!html.includes("<i>photo</i>"), "markup in the description is text");
    for (const fact of ["AIE/FDE", "Growth", "Scalability, Cost Optimization", "Tokyo"]) {
      assert.ok(html.includes(`<dd>${fact}</dd>`), fact);
    }
    assert.match(html, /<dd>Generated for this request<\/dd>/);
    assert.match(html, /<dd>offline · <span class="code">[^<]+<\/span><\/dd>/);
    assert.match(
      html,
      /<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time> \(just now\)/,
    );
    assert.ok(html.includes(`<span class="code">${id}</span>`));
    // Exports and actions.
    for (const format of ["json", "md", "mermaid"]) {
      assert.ok(html.includes(`href="/api/generations/${id}?format=${format}"`), format);
    }
    assert.match(
      html,
      /<button type="submit" class="button button--primary" id="open-in-studio">Open in studio/,
    );
    assert.match(html, /id="regenerate" name="force" value="true"/);
    assert.deepEqual(permalinkFormFields(html), [
      ["persona", "AIE/FDE"],
      ["appDescription", `A "quoted" <i>photo</i> app with uploads & search`],
      ["scale", "Growth"],
      ["constraints", "Scalability"],
      ["constraints", "Cost Optimization"],
      ["competitor", "Azure"],
      ["region", "Tokyo"],
    ]);
    // Side by side by default, with a link to the enlarged (stacked) arrangement and back.
    assert.match(html, /<section class="result"/);
    assert.ok(html.includes(`href="/generations/${id}?view=stacked">Enlarge diagrams</a>`));
    const stacked = await (await t.request(`/generations/${id}?view=stacked`)).text();
    assert.match(stacked, /<section class="result result--stacked"/);
    assert.ok(stacked.includes(`href="/generations/${id}">Side by side</a>`));
  } finally {
    await t.close();
  }
});

Deno.test("permalink page: Open in studio replays the stored answer, Regenerate makes a new one", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const id = await storedGeneration(t, {
      appDescription: "A recipe sharing app with photos\nand comments",
      competitors: ["Vercel"],
    });
    const html = await (await t.request(`/generations/${id}`)).text();
    const fields = permalinkFormFields(html);
    const body = new URLSearchParams(fields).toString();
    const open = await postForm(t, body);
    assert.equal(open.status, 200);
    const opened = studioProps(await open.text());
    assert.equal(opened.initialResult.start.source, "cache");
    assert.equal(opened.initialResult.start.id, id);
    assert.equal(opened.initialForm.appDescription, "A recipe sharing app with photos\nand comments");
    assert.equal(opened.initialForm.competitor, "Vercel");
    assert.equal((await (await t.request("/api/budget")).json()).used, 1, "the replay spent nothing");
    const again = await postForm(t, `${body}&force=true`);
    assert.equal(again.status, 200);
    const regenerated = studioProps(await again.text());
    assert.equal(regenerated.initialResult.start.source, "generated");
    assert.notEqual(regenerated.initialResult.start.id, id);
    assert.equal((await (await t.request("/api/budget")).json()).used, 2, "Regenerate spent one");
  } finally {
    await t.close();
  }
});

Deno.test("permalink page: bad and unknown ids get styled HTML pages with a way back", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const bad = await t.request("/generations/not-a-ulid");
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get("content-type") ?? "", /text\/html/);
    const badHtml = await bad.text();
    assert.match(badHtml, /<h1>Invalid link<\/h1>/);
    assert.match(badHtml, /href="\/static\/styles\.css"/);
    assert.match(badHtml, /<a href="\/">Back to the studio<\/a>/);
    assert.doesNotMatch(badHtml, /<style|\sstyle="/);
    const missing = await t.request("/generations/01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /No architecture is stored under this link\./);
  } finally {
    await t.close();
  }
});
