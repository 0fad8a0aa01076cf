/**
 * The OpenAPI description (`GET /openapi.json`): a valid OpenAPI 3.1 document by an independent validator,
 * describing every route the app serves, with the request schemas the routes validate with.
 */
import assert from "node:assert/strict";
import { OpenApiValidator as Validator } from "./test_deps.ts";
import { makeTestApp } from "./helpers.ts";

/** Hono's `/a/:id` as OpenAPI's `/a/{id}`; a trailing `*` (a static file tree) as `{file}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]\w*)/g, "{$1}").replace(/\/\*$/, "/{file}");
}

Deno.test("openapi: GET /openapi.json is a valid OpenAPI 3.1 document whose references resolve", async () => {
  const t = await makeTestApp();
  try {
    const res = await t.request("/openapi.json");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    const doc = await res.json();
    assert.equal(doc.openapi, "3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(validator.version, "3.1");
    const resolved = validator.resolveRefs() as { paths: Record<string, Record<string, unknown>> };
    assert.ok(resolved.paths["/api/generate-architecture-v2"].post);
  } finally {
    await t.close();
  }
});

Deno.test("openapi: a broken document is rejected by the validator (the check can fail)", async () => {
  const validator = new Validator();
  const result = await validator.validate({
    openapi: "3.1.0",
    info: { title: "x" },
    paths: { "no-slash": {} },
  });
  assert.equal(result.valid, false);
});

Deno.test("openapi: every route the app serves is described, and nothing else", async () => {
  const t = await makeTestApp();
  try {
    const doc = await (await t.request("/openapi.json")).json();
    const described = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) described.add(`${method.toUpperCase()} ${path}`);
    }
    const served = new Set<string>();
    for (const route of t.app.routes) {
      // `ALL` entries are middleware (`app.use`), except the static file tree, which answers GETs.
      if (route.method === "ALL") {
        if (route.path === "/static/*") served.add(`GET ${openApiPath(route.path)}`);
        continue;
      }
      served.add(`${route.method} ${openApiPath(route.path)}`);
    }
    assert.ok(served.size > 25, `found the routes (${served.size})`);
    assert.deepEqual([...served].filter((r) => !described.has(r)).sort(), [], "served but not described");
    assert.deepEqual([...described].filter((r) => !served.has(r)).sort(), [], "described but not served");
  } finally {
    await t.close();
  }
});

Deno.test("openapi: request schemas come from the zod schemas the routes validate with", async () => {
  const t = await makeTestApp();
  try {
    const doc = await (await t.request("/openapi.json")).json();
    const request = doc.components.schemas.GenerationRequest;
    const fields = request.anyOf[0];
    assert.deepEqual(fields.properties.scale.enum, ["Startup", "Growth", "Enterprise", "Global"]);
    assert.equal(fields.additionalProperties, false);
    assert.deepEqual(Object.keys(request.anyOf[1].properties), ["input"]);
    const limit = doc.paths["/admin/limit"].put.requestBody.content["application/json"].schema;
    assert.deepEqual(limit.required, ["limit"]);
    const list = doc.paths["/api/generations"].get.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(list, ["limit", "cursor"]);
    const events = doc.components.schemas.GenerationEvent.anyOf.length;
    assert.equal(events, 5, "start, queued, element, complete, error");
  } finally {
    await t.close();
  }
});
