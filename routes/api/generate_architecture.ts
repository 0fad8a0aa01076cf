/** `POST /api/generate-architecture-v2`: validates the body and streams the two architectures as SSE. */
import type { Context } from "hono";
import { type ClientIdentity, GenerationService } from "../../lib/generation/service.ts";
import { parseGenerationBody, RequestValidationError } from "../../lib/protocol/request_schema.ts";
import { BodyError, jsonError, readJsonBody } from "../http_errors.ts";
import { sseResponse } from "../sse.ts";

/** Builds the handler; the caller is the `client` set by the client identification middleware. */
export function generateArchitectureHandler(service: GenerationService) {
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
    const admission = await service.begin(parsed, client, abort.signal);
    if (admission.kind === "rejected") {
      return c.json(admission.body, admission.status, admission.headers);
    }
    return sseResponse(admission.events, abort, admission.headers);
  };
}
