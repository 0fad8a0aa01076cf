/**
 * The OpenAPI 3.1 description of the HTTP surface, served at `GET /openapi.json`. Request bodies, queries,
 * path parameters and the streamed events are written from the same zod schemas the routes validate with,
 * converted by zod's own `z.toJSONSchema` (JSON Schema 2020-12, the dialect of OpenAPI 3.1), so the
 * description cannot drift from the validation. tests/openapi_test.ts validates the document with an
 * OpenAPI validator and checks that every route the app serves is described here.
 *
 * Why not `@hono/zod-openapi`: it would need every route rewritten as `createRoute` on an `OpenAPIHono`,
 * including the streaming and HTML routes it does not model; the routes keep plain Hono and
 * `@hono/zod-validator`, and this table names the same schemas.
 */
import { Hono } from "hono";
import { z } from "zod";
import { backfillInputSchema } from "./admin/embeddings.ts";
import { apiKeyParamSchema, pageQuerySchema } from "./admin/api.ts";
import { generationParamSchema, getQuerySchema, listQuerySchema } from "./api/generations.ts";
import { createKeyInputSchema, limitInputSchema } from "../lib/access/admin_actions.ts";
import { API_KEY_PLANS } from "../lib/access/admin_actions.ts";
import {
  completeEventSchema,
  elementSchema,
  errorEventSchema,
  generationEventSchema,
  queuedEventSchema,
  startEventSchema,
} from "../lib/protocol/events.ts";
import { generationBodyShapes, normalizedRequestSchema } from "../lib/protocol/request_schema.ts";
import { EXPORT_FORMATS } from "../lib/store/exports.ts";

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema (what a client sends: the input side of transforms). */
function schemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    reused: "inline",
  }) as JsonSchema;
  return rest;
}

/** The properties of a zod object schema as OpenAPI parameters of one kind. */
function parametersOf(schema: z.ZodType, where: "query" | "path"): JsonSchema[] {
  const json = schemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: JsonSchema) => ({ "application/json": { schema } });
const jsonBody = (schema: z.ZodType, required = true) => ({
  required,
  content: jsonContent(schemaOf(schema)),
});
const formBody = (fields: Record<string, JsonSchema>) => ({
  required: true,
  content: {
    "application/x-www-form-urlencoded": { schema: { type: "object", properties: fields } },
  },
});
const error = (description: string) => ({ description, content: jsonContent(ref("Error")) });
const ok = (description: string, schema: JsonSchema = { type: "object" }) => ({
  description,
  content: jsonContent(schema),
});
const html = (description: string) => ({
  description,
  content: { "text/html": { schema: { type: "string" } } },
});
const redirect = (description: string) => ({
  description,
  headers: { Location: { schema: { type: "string" } } },
});

const ADMIN = [{ adminKey: [] }, { adminBearer: [] }];
const SESSION = [{ adminSession: [] }];
const adminErrors = {
  401: error("Admin key missing or wrong (the same answer either way)."),
  503: error("Admin access is disabled (ADMIN_API_KEY unset or shorter than 32 characters)."),
};
const bodyErrors = {
  400: error("`invalid_request`: the body is empty, not JSON, or a field is invalid (named in `fields`)."),
  413: error("`payload_too_large`: the body is larger than 16 KiB."),
  415: error("`unsupported_media_type`: the body is not `application/json`."),
};
const queryError = { 400: error("`invalid_request`: a query parameter is invalid (named in `fields`).") };

const budgetSchema = {
  type: "object",
  properties: {
    used: { type: ["integer", "null"] },
    limit: { type: ["integer", "null"] },
    remaining: { type: ["integer", "null"] },
    reserved: { type: "integer" },
    state: { type: "string" },
    resetsAt: { type: ["string", "null"] },
  },
};

const sse = (description: string) => ({
  description,
  content: {
    "text/event-stream": {
      schema: {
        type: "string",
        description: "Frames `event: <type>\\ndata: <json>\\n\\n`; each data is one event.",
      },
    },
  },
});

/** Every route: `path → method → operation`. Paths use OpenAPI's `{param}` form. */
const PATHS: Record<string, Record<string, JsonSchema>> = {
  "/api/generate-architecture-v2": {
    post: {
      summary: "Generate the two architectures as a stream of events",
      description: "The body is the request fields, or `{ input: { …fields } }`. `Cache-Control: no-cache` " +
        "forces a new generation. Events: `start`, `queued` (while waiting for a provider slot), plan " +
        "elements (`node`, `edge`, `priority_value_prop`, `cost`), then one `complete` or `error`; each " +
        "`data:` is a `GenerationEvent`.",
      security: [{}, { apiKey: [] }],
      requestBody: { required: true, content: jsonContent(ref("GenerationRequest")) },
      responses: {
        200: sse("The event stream (`GenerationEvent` per frame)."),
        ...bodyErrors,
        401: error("`invalid_api_key`: the API key is unknown or revoked."),
        429: error("Rate limited or the budget is spent; `Retry-After` says when to try again."),
        503: error("The budget, spend cap or provider queue refuses the request for now."),
      },
    },
  },
  "/api/budget": {
    get: { summary: "The live generation budget", responses: { 200: ok("The budget.", budgetSchema) } },
  },
  "/api/budget/mine": {
    get: {
      summary: "The caller's own generation quota (nothing is counted)",
      security: [{}, { apiKey: [] }],
      responses: {
        200: ok(
          "`{ plan, limit, remaining, resetSeconds, windowSeconds }`, or `{ plan, limit: null }` when unlimited.",
        ),
        401: error("`invalid_api_key`: the API key is unknown or revoked."),
      },
    },
  },
  "/api/budget/stream": {
    get: {
      summary: "The budget as a stream",
      responses: {
        200: sse("A `budget` event on connect and on every change; a heartbeat comment every 15 s."),
      },
    },
  },
  "/api/generations": {
    get: {
      summary: "Stored generations, newest first",
      parameters: parametersOf(listQuerySchema, "query"),
      responses: {
        200: ok("One page.", {
          type: "object",
          properties: { generations: { type: "array", items: { type: "object" } }, nextCursor: {} },
        }),
        ...queryError,
      },
    },
  },
  "/api/generations/{id}": {
    get: {
      summary: "One generation with its events, or an export of it",
      parameters: [...parametersOf(generationParamSchema, "path"), ...parametersOf(getQuerySchema, "query")],
      responses: {
        200: {
          description: `The generation; with \`format\` (${EXPORT_FORMATS.join(", ")}) an attachment.`,
          content: {
            "application/json": { schema: { type: "object", properties: { events: { type: "array" } } } },
            "text/markdown": { schema: { type: "string" } },
            "text/plain": { schema: { type: "string" } },
          },
        },
        400: error("`invalid_request`: the id or the format is invalid."),
        404: error("`not_found`: no generation has this id."),
      },
    },
    delete: {
      summary: "Delete a generation from every index (admin)",
      security: ADMIN,
      parameters: parametersOf(generationParamSchema, "path"),
      responses: {
        200: ok("Deleted.", {
          type: "object",
          properties: { deleted: { const: true }, id: { type: "string" } },
        }),
        400: error("`invalid_request`: the id is invalid."),
        404: error("`not_found`: no generation has this id."),
        ...adminErrors,
      },
    },
  },
  "/admin/status": {
    get: {
      summary: "Budget and LLM spend",
      security: ADMIN,
      responses: { 200: ok("Budget and spend."), ...adminErrors },
    },
  },
  "/admin/reset": {
    post: {
      summary: "Set the used count to 0 (repairs invalid values)",
      security: ADMIN,
      responses: { 200: ok("The budget after the reset."), ...adminErrors },
    },
  },
  "/admin/limit": {
    put: {
      summary: "Set the budget limit",
      security: ADMIN,
      requestBody: jsonBody(limitInputSchema),
      responses: { 200: ok("The budget with the new limit."), ...bodyErrors, ...adminErrors },
    },
  },
  "/admin/api-keys": {
    get: {
      summary: "API keys, newest first",
      security: ADMIN,
      parameters: parametersOf(pageQuerySchema, "query"),
      responses: { 200: ok("One page of key records."), ...queryError, ...adminErrors },
    },
    post: {
      summary: "Create an API key (shown this once)",
      security: ADMIN,
      requestBody: jsonBody(createKeyInputSchema),
      responses: {
        201: ok("The key and its record.", {
          type: "object",
          properties: {
            key: { type: "string" },
            record: { type: "object", properties: { plan: { enum: [...API_KEY_PLANS] } } },
          },
        }),
        ...bodyErrors,
        ...adminErrors,
      },
    },
  },
  "/admin/api-keys/{id}": {
    delete: {
      summary: "Revoke an API key",
      security: ADMIN,
      parameters: parametersOf(apiKeyParamSchema, "path"),
      responses: {
        200: ok("The revoked record."),
        400: error("`invalid_request`: the id is invalid."),
        404: error("`not_found`: no key has this id."),
        ...adminErrors,
      },
    },
  },
  "/admin/audit": {
    get: {
      summary: "The audit log, newest first",
      security: ADMIN,
      parameters: parametersOf(pageQuerySchema, "query"),
      responses: { 200: ok("One page of entries."), ...queryError, ...adminErrors },
    },
  },
  "/admin/generate-embeddings": {
    get: {
      summary: "Saved progress of the vector backfill",
      security: ADMIN,
      responses: { 200: ok("The embedder id and the progress (null before any run)."), ...adminErrors },
    },
    post: {
      summary: "Embed stored generations that have no vector from the current embedder (resumable)",
      description: "With `Accept: application/x-ndjson` the answer streams one progress line per page.",
      security: ADMIN,
      requestBody: jsonBody(backfillInputSchema, false),
      responses: {
        200: ok("The pass is done."),
        202: ok("More remains; call again to continue."),
        ...bodyErrors,
        ...adminErrors,
        503: error("`backfill_failed` (embedder or store unavailable), or admin access is disabled."),
      },
    },
  },
  "/admin/kv": {
    get: {
      summary:
        "KV editor: browse entries by key prefix (JSON; the editor page when the client asks for HTML)",
      security: [...ADMIN, ...SESSION],
      parameters: [
        {
          name: "prefix",
          in: "query",
          required: false,
          schema: { type: "array", items: { type: "string" } },
        },
        { name: "cursor", in: "query", required: false, schema: { type: "string" } },
        {
          name: "limit",
          in: "query",
          required: false,
          schema: { type: "integer", minimum: 1, maximum: 100 },
        },
      ],
      responses: {
        200: {
          description: "`{ prefix, entries, cursor }`, or the editor page.",
          content: { ...jsonContent({ type: "object" }), "text/html": { schema: { type: "string" } } },
        },
        400: error("`invalid_input`: the limit, prefix or cursor is invalid (named in `fields`)."),
        403: error("A session write without the CSRF token or from another origin."),
        ...adminErrors,
      },
    },
    put: {
      summary: "KV editor: set one entry (compare-and-set on the versionstamp read)",
      security: [...ADMIN, ...SESSION],
      requestBody: {
        required: true,
        content: jsonContent({
          type: "object",
          required: ["key", "value", "versionstamp"],
          properties: {
            key: {},
            value: { type: "object" },
            versionstamp: { type: ["string", "null"] },
            expireInMs: { type: "integer" },
          },
          additionalProperties: false,
        }),
      },
      responses: {
        200: ok("`{ entry, warning? }`."),
        ...bodyErrors,
        400: error("`invalid_input` or `invalid_request`: a field is invalid (named in `fields`)."),
        403: error("A session write without the CSRF token or from another origin."),
        409: ok("`conflict`: the entry changed since it was read; `current` is the new value."),
        ...adminErrors,
      },
    },
    delete: {
      summary: "KV editor: delete one entry (compare-and-set on the versionstamp read)",
      security: [...ADMIN, ...SESSION],
      requestBody: {
        required: true,
        content: jsonContent({
          type: "object",
          required: ["key", "versionstamp"],
          properties: { key: {}, versionstamp: { type: ["string", "null"] } },
        }),
      },
      responses: {
        200: ok("`{ deleted: true }`."),
        ...bodyErrors,
        400: error("`invalid_input` or `invalid_request`: a field is invalid (named in `fields`)."),
        403: error("A session write without the CSRF token or from another origin."),
        404: error("`not_found`: no entry has this key."),
        409: ok("`conflict`: the entry changed since it was read; `current` is the new value."),
        ...adminErrors,
      },
    },
  },
  "/admin/kv/entry": {
    get: {
      summary: "KV editor: one entry (JSON; the entry page when the client asks for HTML)",
      security: [...ADMIN, ...SESSION],
      parameters: [{ name: "key", in: "query", required: true, schema: { type: "string" } }],
      responses: {
        200: {
          description: "`{ entry }` (an absent key has `versionstamp: null`), or the entry page.",
          content: { ...jsonContent({ type: "object" }), "text/html": { schema: { type: "string" } } },
        },
        400: error("`invalid_input`: the key is not a JSON key."),
        ...adminErrors,
      },
    },
  },
  "/admin/kv/csrf": {
    get: {
      summary: "KV editor: the CSRF token of the dashboard session, for scripts",
      security: SESSION,
      responses: {
        200: ok("`{ csrf }`."),
        400: error("`no_session`: only dashboard sessions have a CSRF token."),
        ...adminErrors,
      },
    },
  },
  "/admin/kv/ui/set": {
    post: {
      summary: "KV editor form: set one entry",
      security: SESSION,
      requestBody: formBody({
        _csrf: { type: "string" },
        key: { type: "string" },
        value: { type: "string" },
      }),
      responses: {
        200: html("The entry page with the result."),
        400: html("The form with the field at fault."),
        403: html("Bad CSRF token or another origin."),
        409: html("The entry changed; the new value is shown."),
      },
    },
  },
  "/admin/kv/ui/delete": {
    post: {
      summary: "KV editor form: delete one entry (asks for confirmation first)",
      security: SESSION,
      requestBody: formBody({
        _csrf: { type: "string" },
        key: { type: "string" },
        confirm: { const: "yes" },
      }),
      responses: {
        200: html("The confirmation, or the result."),
        400: html("The field at fault."),
        403: html("Bad CSRF token or another origin."),
        404: html("No entry has this key."),
        409: html("The entry changed; the new value is shown."),
      },
    },
  },
  "/admin/ui/generations/{id}/delete": {
    post: {
      summary: "Dashboard: delete a stored generation",
      security: SESSION,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      requestBody: formBody({ _csrf: { type: "string" }, confirm: { const: "yes" } }),
      responses: {
        200: html("The confirmation (without `confirm=yes`)."),
        303: redirect("Done."),
        400: html("Invalid id."),
        403: html("Bad CSRF token."),
        404: html("No such generation."),
      },
    },
  },
  "/metrics": {
    get: {
      summary: "Prometheus metrics",
      security: [{ metricsToken: [] }, {}],
      responses: {
        200: {
          description: "Text exposition format.",
          content: { "text/plain": { schema: { type: "string" } } },
        },
        401: error("METRICS_TOKEN is set and the bearer token is missing or wrong."),
      },
    },
  },
  "/healthz": {
    get: { summary: "Liveness", responses: { 200: ok("The process answers.") } },
  },
  "/readyz": {
    get: {
      summary: "Readiness: KV answers and a provider is configured",
      responses: { 200: ok("Ready, with the checks."), 503: ok("Unavailable, naming the failed check.") },
    },
  },
  "/openapi.json": {
    get: { summary: "This description", responses: { 200: ok("The OpenAPI 3.1 document.") } },
  },
  "/": {
    get: {
      summary: "The studio page",
      parameters: [{ name: "preset", in: "query", required: false, schema: { type: "string" } }],
      responses: { 200: html("The page.") },
    },
    post: {
      summary: "The studio form without JavaScript: validates and renders the result page",
      requestBody: formBody({ appDescription: { type: "string" }, persona: { type: "string" } }),
      responses: { 200: html("The result."), 400: html("The form with the fields at fault.") },
    },
  },
  "/generations/{id}": {
    get: {
      summary: "The page of one stored generation",
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      responses: { 200: html("The page."), 400: html("Not a generation id."), 404: html("Not found.") },
    },
  },
  "/static/{file}": {
    get: {
      summary: "Static files (the islands bundle, styles)",
      parameters: [{ name: "file", in: "path", required: true, schema: { type: "string" } }],
      responses: { 200: { description: "The file." }, 404: { description: "No such file." } },
    },
  },
  "/admin": {
    get: {
      summary: "The admin dashboard (sign-in page without a session)",
      responses: { 200: html("The dashboard or the sign-in form."), 503: html("Admin access is disabled.") },
    },
  },
  "/admin/session": {
    post: {
      summary: "Sign in to the dashboard with the admin key",
      requestBody: formBody({ adminKey: { type: "string" } }),
      responses: { 303: redirect("Signed in (session cookie set)."), 401: html("Wrong key.") },
    },
  },
  "/admin/session/end": {
    post: {
      summary: "Sign out",
      security: SESSION,
      requestBody: formBody({ _csrf: { type: "string" } }),
      responses: { 303: redirect("Signed out.") },
    },
  },
  "/admin/ui/reset": {
    post: {
      summary: "Dashboard: reset the budget",
      security: SESSION,
      requestBody: formBody({ _csrf: { type: "string" }, confirm: { const: "yes" } }),
      responses: { 303: redirect("Done."), 400: html("Not confirmed."), 403: html("Bad CSRF token.") },
    },
  },
  "/admin/ui/limit": {
    post: {
      summary: "Dashboard: set the budget limit",
      security: SESSION,
      requestBody: formBody({
        _csrf: { type: "string" },
        limit: { type: "string" },
        confirm: { const: "yes" },
      }),
      responses: { 303: redirect("Done."), 400: html("Invalid limit."), 403: html("Bad CSRF token.") },
    },
  },
  "/admin/ui/api-keys": {
    post: {
      summary: "Dashboard: create an API key",
      security: SESSION,
      requestBody: formBody({
        _csrf: { type: "string" },
        name: { type: "string" },
        plan: { type: "string" },
      }),
      responses: {
        201: html("The new key, shown once."),
        400: html("Invalid fields."),
        403: html("Bad CSRF."),
      },
    },
  },
  "/admin/ui/api-keys/{id}/revoke": {
    post: {
      summary: "Dashboard: revoke an API key",
      security: SESSION,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      requestBody: formBody({ _csrf: { type: "string" } }),
      responses: {
        303: redirect("Done."),
        400: html("Invalid id."),
        403: html("Bad CSRF token."),
        404: html("No such key."),
      },
    },
  },
};

/** Builds the OpenAPI 3.1 document. */
export function openApiDocument(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "VibeToProd",
      version: "1",
      description:
        "Describe an app; two production architectures (Cloudflare and a competitor cloud) stream in " +
        "with value propositions and monthly costs. Errors are `{ error: { code, message, fields? } }`.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths: PATHS,
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                fields: { type: "object", additionalProperties: { type: "string" } },
              },
            },
          },
        },
        GenerationRequest: schemaOf(generationBodyShapes),
        NormalizedRequest: schemaOf(normalizedRequestSchema),
        GenerationEvent: schemaOf(generationEventSchema),
        StartEvent: schemaOf(startEventSchema),
        QueuedEvent: schemaOf(queuedEventSchema),
        PlanElement: schemaOf(elementSchema),
        CompleteEvent: schemaOf(completeEventSchema),
        ErrorEvent: schemaOf(errorEventSchema),
      },
      securitySchemes: {
        adminKey: { type: "apiKey", in: "header", name: "X-Admin-Key" },
        adminBearer: { type: "http", scheme: "bearer", description: "The admin key as a bearer token." },
        adminSession: { type: "apiKey", in: "cookie", name: "vtp_admin_session" },
        apiKey: { type: "http", scheme: "bearer", description: "An API key (`vtp_…`) for a client plan." },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN, when set." },
      },
    },
  };
}

/** The route serving the document (built once). */
export function openApiRoutes(): Hono {
  const document = openApiDocument();
  const app = new Hono();
  app.get("/openapi.json", (c) => c.json(document, 200, { "cache-control": "no-cache" }));
  return app;
}
