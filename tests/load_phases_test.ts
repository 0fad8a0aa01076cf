import assert from "node:assert/strict";
import { LOAD_PHASES, parsePhases } from "../tasks/load_phases.ts";

Deno.test("load phases: the default --only (every phase) parses to all of them, HTTP/2 provider phase included", () => {
  const r = parsePhases(LOAD_PHASES.join(","));
  assert.ok("phases" in r);
  assert.deepEqual([...r.phases], [...LOAD_PHASES]);
  assert.ok(r.phases.has("provider-streams-h2"));
});

Deno.test("load phases: a list with spaces, repeats and empty items keeps the named phases only", () => {
  const r = parsePhases(" provider-streams , provider-streams-h2,,provider-streams ");
  assert.ok("phases" in r);
  assert.deepEqual([...r.phases], ["provider-streams", "provider-streams-h2"]);
});

Deno.test("load phases: an unknown or misspelt phase is an error that names it", () => {
  for (const bad of ["provider-streams-h3", "streams,Mix", "provider_streams"]) {
    const r = parsePhases(bad);
    assert.ok("error" in r, bad);
    assert.match(r.error, /unknown phase (provider-streams-h3|Mix|provider_streams) /);
  }
});

Deno.test("load phases: an empty list is an error (a run would measure nothing)", () => {
  for (const empty of ["", " , ,"]) {
    const r = parsePhases(empty);
    assert.ok("error" in r);
    assert.match(r.error, /no phase given/);
  }
});
