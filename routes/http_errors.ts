/**
 * Errors of the HTTP API, in one place. Every error body is `{ error: { code, message, fields? } }`.
 * Routes and middleware `throw apiError(…)` (an `HTTPException`); the one `onError` handler
 * ({@link apiErrorHandler}) answers it, maps any other `HTTPException` (Hono's own, e.g. from a middleware)
 * to the same body, and turns anything else into a logged 500. Request bodies are read by {@link jsonBody}
 * and validated by {@link validate} (`@hono/zod-validator` with one hook that reports zod issues as the 400
 * `invalid_request` body).
 */
import type { Context, ErrorHandler, MiddlewareHandler, ValidationTargets } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { zValidator } from "@hono/zod-validator";
import type { z } from "zod";
import { fieldErrorsOf, invalidFieldsMessage } from "../lib/protocol/field_errors.ts";
import type { Logger } from "../lib/platform/logger.ts";

/** The JSON error body. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** An API error: a status, a stable code, a human message, the fields at fault and extra headers. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(status, { message });
    this.name = "ApiError";
  }

  /** The body sent for this error. */
  get body(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }

  /** The response (also used by Hono's default error handler, so a bare app answers the same body). */
  override getResponse(): Response {
    return Response.json(this.body, { status: this.status, headers: this.headers });
  }
}

/** Builds an {@link ApiError} to `throw`. */
export function apiError(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  fields?: Record<string, string>,
  headers?: Record<string, string>,
): ApiError {
  return new ApiError(status, code, message, fields, headers);
}

/** Error codes for Hono's own `HTTPException`s (which carry only a status and a message). */
const CODE_BY_STATUS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  504: "request_timeout",
};

/** Options of {@link apiErrorHandler}. */
export interface ApiErrorHandlerOptions {
  logger: Logger;
}

/** Builds the app's one `onError`: `HTTPException`s as JSON error bodies, anything else a logged 500. */
export function apiErrorHandler(options: ApiErrorHandlerOptions): ErrorHandler {
  const { logger } = options;
  return function apiErrorHandler(err, c) {
    if (err instanceof ApiError) return c.json(err.body, err.status as ContentfulStatusCode, err.headers);
    if (err instanceof HTTPException) {
      if (err.status >= 500) logger.error("request failed", { requestId: c.get("requestId"), error: err });
      if (err.res) return err.getResponse();
      const status = err.status as ContentfulStatusCode;
      return c.json(
        { error: { code: CODE_BY_STATUS[status] ?? "http_error", message: err.message } },
        status,
      );
    }
    logger.error("unhandled error", { requestId: c.get("requestId"), path: c.req.path, error: err });
    return c.json(
      { error: { code: "internal_error", message: "Something went wrong on our side." } } satisfies ErrorBody,
      500,
    );
  };
}

/** The 404 body for a path no route serves. */
export function notFoundResponse(c: Context): Response {
  return apiError(404, "not_found", `No route for ${c.req.method} ${c.req.path}.`).getResponse();
}

/** Largest accepted JSON body. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Options of {@link jsonBody}. */
export interface JsonBodyOptions {
  /** Largest body in bytes (default {@link MAX_BODY_BYTES}). */
  maxBytes?: number;
  /** A blank body (whatever its content type) counts as `{}` instead of a 400 (default false). */
  optional?: boolean;
}

/**
 * Builds the JSON body reader, run before {@link validate}`("json", …)`: 415 unless the content type is
 * JSON, 413 past `maxBytes` (checked on the declared length and on the bytes actually read), 400 when the
 * body is empty or does not parse. The text read is handed to Hono's body cache, so the validator parses
 * it without reading the stream again.
 */
export function jsonBody(options: JsonBodyOptions = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const optional = options.optional ?? false;
  return async function jsonBody(c, next) {
    const req = c.req.raw;
    if (optional && (req.body === null || c.req.header("content-length") === "0")) {
      cacheBodyText(c, "{}");
      return await next();
    }
    const text = await readBodyText(req, maxBytes, optional);
    if (optional && !text.trim()) {
      cacheBodyText(c, "{}");
      return await next();
    }
    checkJsonContentType(req);
    checkJsonText(text);
    cacheBodyText(c, text);
    await next();
  };
}

/** 400 unless `text` is a non-empty JSON document. */
function checkJsonText(text: string): void {
  if (!text.trim()) throw apiError(400, "invalid_request", "The body is empty.", { body: "required" });
  try {
    JSON.parse(text);
  } catch {
    throw apiError(400, "invalid_request", "The body is not valid JSON.", { body: "not valid JSON" });
  }
}

/**
 * Reads and parses a JSON body with the same checks as {@link jsonBody} (415, 413, 400 as `ApiError`s), for
 * a handler that validates the value itself.
 */
export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, maxBytes, false);
  checkJsonText(text);
  return JSON.parse(text);
}

/** Hands the body text to Hono's body cache (it keeps promises there), where `c.req.json()` finds it. */
function cacheBodyText(c: Context, text: string): void {
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
}

function checkJsonContentType(req: Request): void {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw apiError(415, "unsupported_media_type", "Send the body as application/json.", {
      "content-type": `expected application/json, got ${type || "none"}`,
    });
  }
}

/** Reads the body as text within `maxBytes`; the content type is checked first unless the body may be blank. */
async function readBodyText(req: Request, maxBytes: number, optional: boolean): Promise<string> {
  if (!optional) checkJsonContentType(req);
  const tooLarge = () =>
    apiError(413, "payload_too_large", payloadTooLargeMessage(maxBytes), {
      body: `at most ${maxBytes} bytes`,
    });
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** What an issue about the whole input is called, per validation target. */
const ROOT_NAME: Partial<Record<keyof ValidationTargets, string>> = {
  json: "body",
  query: "query",
  param: "path",
};

/**
 * Validates one part of the request with a zod schema (`@hono/zod-validator`); on failure throws the 400
 * `{error:{code:"invalid_request", message, fields}}` naming every bad field. The one validation hook of
 * the API: handlers read the result with `c.req.valid(target)`.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    const fields = fieldErrorsOf(result.error.issues, { root: ROOT_NAME[target] ?? target });
    throw apiError(400, "invalid_request", invalidFieldsMessage(fields), fields);
  });
}

/** The one 413 message, whichever check (declared length or bytes read) finds the body too large. */
export function payloadTooLargeMessage(maxBytes = MAX_BODY_BYTES): string {
  return `The body is larger than ${maxBytes} bytes.`;
}

/** Whether `err` is the runtime failing to parse a form body (no multipart boundary, broken multipart). */
export function isMalformedFormError(err: unknown, contentType: string | undefined): boolean {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "multipart/form-data" && type !== "application/x-www-form-urlencoded") return false;
  return err instanceof TypeError && /form ?data|boundary|multipart/i.test(err.message);
}
