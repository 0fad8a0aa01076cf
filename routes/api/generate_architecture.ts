/** `POST /api/generate-architecture-v2`: validates the body and streams the two architectures as SSE. */
import type { Context } from "hono";
import type { ClientIdentity } from "../../lib/access/client_identity.ts";
import type { GenerationPipeline } from "../../lib/generation/pipeline.ts";
import { parseGenerationBody, RequestValidationError } from "../../lib/protocol/request_schema.ts";
import { BodyError, jsonError, readJsonBody } from "../http_errors.ts";
import { sseResponse } from "../sse.ts";
import { quotaHeaders, refusalResponse } from "../http/rejections.ts";

/** Builds the handler; the caller is the `client` set by the client identification middleware. */
export function generateArchitectureHandler(pipeline: GenerationPipeline) {
  return async function generateArchitecture(c: Context): Promise<Response> {
    let body: unknown;
    try {
      body = await readJsonBody(c.req.raw);
    } catch (err) {
      if (err instanceof BodyError) return jsonError(c, err.status, err.code, err.message, err.fields);
      throw err;
    }
    let parsed;
    try {
      parsed = parseGenerationBody(body);
    } catch (err) {
      if (err instanceof RequestValidationError) {
        return jsonError(c, 400, "invalid_request", err.message, err.fields);
      }
      throw err;
    }
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
