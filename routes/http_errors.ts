/** JSON error bodies shared by every API route: `{ error: { code, message, fields? } }`. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Sends a JSON error with a stable code, a human message and, for validation, the fields at fault. */
export function jsonError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  fields?: Record<string, string>,
  headers?: Record<string, string>,
): Response {
  return c.json({ error: { code, message, ...(fields ? { fields } : {}) } }, status, headers);
}

/** Error raised while reading a request body; carries the HTTP answer. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Largest accepted request body (JSON and forms alike). */
export const MAX_BODY_BYTES = 16 * 1024;

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

/**
 * Reads a JSON body: 415 unless the content type is JSON, 413 past `maxBytes` (checked on the declared
 * length and on the bytes actually read), 400 when it does not parse.
 */
export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new BodyError(415, "unsupported_media_type", "Send the body as application/json.", {
      "content-type": `expected application/json, got ${type || "none"}`,
    });
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () =>
    new BodyError(413, "payload_too_large", payloadTooLargeMessage(maxBytes), {
      body: `at most ${maxBytes} bytes`,
    });
  if (declared > maxBytes) throw tooLarge();
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
  const text = new TextDecoder().decode(bytes);
  if (!text.trim()) throw new BodyError(400, "invalid_request", "The body is empty.", { body: "required" });
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, "invalid_request", "The body is not valid JSON.", { body: "not valid JSON" });
  }
}
