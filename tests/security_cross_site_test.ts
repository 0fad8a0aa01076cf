/**
 * Issue 15, item 2: a cross-site form post must not generate or spend. Every state-changing form route
 * checks Sec-Fetch-Site / Origin / Referer and answers 403 (HTML for browsers, JSON otherwise).
 */
import assert from "node:assert/strict";
import { makeTestApp } from "./helpers.ts";

const FORM = "appDescription=A+pet+adoption+site+with+shelters+and+photos&scale=Startup";

async function used(t: Awaited<ReturnType<typeof makeTestApp>>): Promise<number> {
  return (await (await t.request("/api/budget")).json()).used;
}

Deno.test("cross-site: POST / from another site is refused with 403 and spends nothing", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const cases: [string, Record<string, string>][] = [
      ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
      ["Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site", origin: "http://sub.localhost" }],
      ["no Sec-Fetch-Site, foreign Origin", { origin: "https://evil.example" }],
      ["no Sec-Fetch-Site, foreign Referer", { referer: "https://evil.example/page" }],
      ["no proof at all", {}],
      ["Origin null", { origin: "null" }],
    ];
    for (const [name, headers] of cases) {
      const res = await t.request("/", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
        body: FORM,
      });
      assert.equal(res.status, 403, name);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/, name);
      assert.match(await res.text(), /Cross-site form submissions are refused/, name);
    }
    const json = await t.request("/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
      body: FORM,
    });
    assert.equal(json.status, 403);
    assert.equal((await json.json()).error.code, "cross_site_request");
    assert.equal(await used(t), 0, "nothing was generated");
  } finally {
    await t.close();
  }
});

Deno.test("cross-site: the studio's own form post (same-origin, or a matching Origin/Referer) still works", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const proofs: Record<string, string>[] = [
      { "sec-fetch-site": "same-origin", origin: "http://localhost" },
      { origin: "http://localhost" },
      { referer: "http://localhost/?preset=x" },
    ];
    for (const [i, headers] of proofs.entries()) {
      const res = await t.request("/", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: `appDescription=A+pet+adoption+site+number+${i}+with+photos`,
      });
      assert.equal(res.status, 200, JSON.stringify(headers));
      await res.body?.cancel();
    }
    assert.equal(await used(t), 3);
  } finally {
    await t.close();
  }
});

Deno.test("cross-site: admin sign-in and dashboard forms refuse cross-site posts before reading the key", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: "x".repeat(40), LOG_LEVEL: "error" });
  try {
    for (const path of ["/admin/session", "/admin/session/end", "/admin/ui/reset", "/admin/ui/limit"]) {
      const res = await t.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
        body: `adminKey=${"x".repeat(40)}`,
      });
      assert.equal(res.status, 403, path);
      assert.equal(res.headers.get("set-cookie"), null, path);
      await res.body?.cancel();
    }
  } finally {
    await t.close();
  }
});

Deno.test("cross-site: the JSON API keeps its CORS rules (a form-encoded cross-site post is not JSON: 415)", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const res = await t.request("/api/generate-architecture-v2", {
      method: "POST",
      headers: {
        "content-type": "text/plain",
        "sec-fetch-site": "cross-site",
        origin: "https://evil.example",
      },
      body: JSON.stringify({ appDescription: "A pet adoption site" }),
    });
    assert.equal(res.status, 415);
    await res.body?.cancel();
    assert.equal(await used(t), 0);
  } finally {
    await t.close();
  }
});
