/**
 * `POST /api/generate-architecture-v2`: the body is read by `jsonBody` and validated by
 * `validate("json", generationBodySchema)` (both routes/http_errors.ts, wired in routes/app.ts); this handler
 * streams the two architectures as SSE.
 */
import type { Context } from "hono";
import type { ClientIdentity } from "../../lib/access/client_identity.ts";
import type { GenerationPipeline } from "../../lib/generation/pipeline.ts";
import type { ParsedGeneration } from "../../lib/protocol/request_schema.ts";
import { sseResponse } from "../sse.ts";
import { quotaHeaders, refusalResponse } from "../http/rejections.ts";

/** What the validators hand to the handler. */
type ValidatedInput = { out: { json: ParsedGeneration } };

/** Builds the handler; the caller is the `client` set by the client identification middleware. */
export function generateArchitectureHandler(pipeline: GenerationPipeline) {
  // deno-lint-ignore no-explicit-any
  return async function generateArchitecture(c: Context<any, string, ValidatedInput>): Promise<Response> {
    const parsed = { ...c.req.valid("json") };
    if (/\bno-cache\b/i.test(c.req.header("cache-control") ?? "")) parsed.force = true;
    const client: ClientIdentity = c.get("client") ?? { key: "anonymous", plan: "anonymous" };
    const abort = new AbortController();
    c.req.raw.signal.addEventListener("abort", () => abort.abort(new Error("client disconnected")), {
      once: true,
    });
    const admission = await pipeline.begin(parsed, client, abort.signal);
    if (admission.kind === "refused") return refusalResponse(c, admission);
    return sseResponse(admission.events, abort, admission.quota ? quotaHeaders(admission.quota) : {});
  };
}
