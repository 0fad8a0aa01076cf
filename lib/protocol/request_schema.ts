/**
 * The generation request: the enums a person chooses from, the zod schema of the POST body and the
 * normalization that turns a body into the one canonical request every other module works with.
 *
 * Body shape: either the fields themselves or `{ "input": { …fields } }`. Unknown fields are rejected so a
 * misspelled field name is reported instead of silently ignored.
 */
import { z } from "zod";
import { fieldErrorsOf, invalidFieldsMessage } from "./field_errors.ts";
import { findPreset } from "./presets.ts";

/** Who is asking; decides the default scale and constraints. */
export const PERSONAS = ["Vibe Coder", "AIE/FDE", "CIO/CTO"] as const;
/** Traffic tiers; the planner states the traffic it assumes for each. */
export const SCALES = ["Startup", "Growth", "Enterprise", "Global"] as const;
/** Priorities that choose between design options and drive the value propositions. */
export const CONSTRAINTS = [
  "Cost Optimization",
  "Global Performance",
  "Scalability",
  "Developer Velocity",
  "Enterprise Security",
] as const;
/** Clouds Cloudflare is compared against. */
export const COMPETITORS = ["AWS", "GCP", "Azure", "Vercel"] as const;
/** Where most users are. */
export const REGIONS = [
  "Global",
  "Singapore",
  "Tokyo",
  "Sydney",
  "Mumbai",
  "Seoul",
  "Hong Kong",
  "Frankfurt",
  "London",
  "N. Virginia",
  "São Paulo",
] as const;

export type Persona = typeof PERSONAS[number];
export type Scale = typeof SCALES[number];
export type Constraint = typeof CONSTRAINTS[number];
export type Competitor = typeof COMPETITORS[number];
export type Region = typeof REGIONS[number];

/** Defaults applied when a request leaves scale or constraints out. */
export const PERSONA_DEFAULTS: Record<Persona, { scale: Scale; constraints: Constraint[] }> = {
  "Vibe Coder": { scale: "Startup", constraints: ["Developer Velocity", "Cost Optimization"] },
  "AIE/FDE": { scale: "Growth", constraints: ["Developer Velocity", "Scalability", "Global Performance"] },
  "CIO/CTO": {
    scale: "Enterprise",
    constraints: ["Enterprise Security", "Scalability", "Cost Optimization"],
  },
};

/** Description length bounds, counted after trimming. */
export const DESCRIPTION_MIN = 3;
export const DESCRIPTION_MAX = 2000;

const fieldsSchema = z.object({
  appDescription: z.string({ error: "appDescription is required and must be a string" })
    .transform((s) => s.trim())
    .pipe(
      z.string()
        .min(DESCRIPTION_MIN, `must be at least ${DESCRIPTION_MIN} characters after trimming`)
        .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters after trimming`),
    ).optional(),
  persona: z.enum(PERSONAS, { error: `must be one of: ${PERSONAS.join(", ")}` }).optional(),
  scale: z.enum(SCALES, { error: `must be one of: ${SCALES.join(", ")}` }).optional(),
  constraints: z.array(z.enum(CONSTRAINTS, { error: `must be one of: ${CONSTRAINTS.join(", ")}` }))
    .max(3, "at most 3 constraints")
    .refine((list) => new Set(list).size === list.length, "constraints must be distinct")
    .optional(),
  competitors: z.array(z.enum(COMPETITORS, { error: `must be one of: ${COMPETITORS.join(", ")}` }))
    .max(4, "at most 4 competitors")
    .optional(),
  region: z.enum(REGIONS, { error: `must be one of: ${REGIONS.join(", ")}` }).optional(),
  /** A preset label (see lib/protocol/presets.ts); explicit fields override what the preset sets. */
  preset: z.string().max(100).optional(),
  /** Generate anew even when the exact cache has an answer. */
  force: z.boolean({ error: "must be true or false" }).optional(),
}).strict();

/** The request fields (the body itself, or its `input`). */
export const generationFieldsSchema = fieldsSchema;

/** The canonical request: every default applied, the competitor picked. */
export interface NormalizedRequest {
  appDescription: string;
  persona: Persona;
  scale: Scale;
  constraints: Constraint[];
  competitor: Competitor;
  region: Region;
}

/** Schema of {@link NormalizedRequest} (for the API description; checked against the type at compile time). */
export const normalizedRequestSchema = z.object({
  appDescription: z.string(),
  persona: z.enum(PERSONAS),
  scale: z.enum(SCALES),
  constraints: z.array(z.enum(CONSTRAINTS)),
  competitor: z.enum(COMPETITORS),
  region: z.enum(REGIONS),
});
// Fails to compile when the schema and the interface above disagree.
const normalizedSchemaMatches: z.infer<typeof normalizedRequestSchema> extends NormalizedRequest
  ? NormalizedRequest extends z.infer<typeof normalizedRequestSchema> ? true : false
  : false = true;
void normalizedSchemaMatches;

/** The outcome of parsing a body: the request plus the flags that steer caching. */
export interface ParsedGeneration {
  request: NormalizedRequest;
  force: boolean;
  preset?: string;
}

/** A field-level validation failure: `fields` maps a dotted path to its message. */
export class RequestValidationError extends Error {
  constructor(message: string, readonly fields: Record<string, string>) {
    super(message);
    this.name = "RequestValidationError";
  }
}

/** A custom issue at `path` (for the checks zod's object schema cannot express). */
function issueAt(path: string[], message: string, input: unknown): z.core.$ZodRawIssue {
  return { code: "custom", path, message, input };
}

/**
 * Validates a JSON body and applies defaults: preset, then persona defaults for scale and an empty constraint
 * list, `AWS` and `Global` when absent. Pushes an issue naming every bad field onto `ctx` and returns null
 * when the body is invalid.
 */
function normalizeBody(body: unknown, ctx: z.core.$RefinementCtx): ParsedGeneration | null {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    ctx.issues.push(issueAt([], "must be a JSON object", body));
    return null;
  }
  const wrapped = "input" in body;
  if (wrapped && Object.keys(body).length > 1) {
    const extra = Object.keys(body).filter((k) => k !== "input");
    ctx.issues.push(issueAt([extra[0]], "unknown field next to input", body));
    return null;
  }
  const fieldsInput = wrapped ? (body as { input: unknown }).input : body;
  const prefix = wrapped ? ["input"] : [];
  if (fieldsInput === null || typeof fieldsInput !== "object" || Array.isArray(fieldsInput)) {
    ctx.issues.push(issueAt(["input"], "must be a JSON object", body));
    return null;
  }
  const result = fieldsSchema.safeParse(fieldsInput);
  if (!result.success) {
    for (const issue of result.error.issues) {
      ctx.issues.push({ ...issue, path: [...prefix, ...issue.path] } as z.core.$ZodRawIssue);
    }
    return null;
  }
  const raw = result.data;
  const preset = raw.preset === undefined ? undefined : findPreset(raw.preset);
  if (raw.preset !== undefined && !preset) {
    ctx.issues.push(issueAt([...prefix, "preset"], "no preset has this label", body));
    return null;
  }
  const persona = raw.persona ?? preset?.persona ?? "Vibe Coder";
  const appDescription = raw.appDescription ?? preset?.appDescription;
  if (appDescription === undefined) {
    ctx.issues.push(issueAt([...prefix, "appDescription"], "required", body));
    return null;
  }
  const constraints = raw.constraints?.length
    ? raw.constraints
    : preset?.constraints ?? PERSONA_DEFAULTS[persona].constraints;
  return {
    request: {
      appDescription,
      persona,
      scale: raw.scale ?? preset?.scale ?? PERSONA_DEFAULTS[persona].scale,
      constraints: [...constraints],
      competitor: raw.competitors?.[0] ?? "AWS",
      region: raw.region ?? "Global",
    },
    force: raw.force ?? false,
    preset: preset?.label,
  };
}

/**
 * The POST body of a generation, parsed into a {@link ParsedGeneration}: either the fields themselves or
 * `{ "input": { …fields } }` (see {@link generationBodyShapes} for the two shapes as plain schemas).
 */
export const generationBodySchema: z.ZodType<ParsedGeneration, unknown> = z.unknown().transform(
  (body, ctx) => normalizeBody(body, ctx) ?? z.NEVER,
);

/** The two accepted body shapes, for documentation (the OpenAPI description). */
export const generationBodyShapes = z.union([fieldsSchema, z.object({ input: fieldsSchema }).strict()]);

/**
 * Validates a parsed JSON body and applies defaults (see {@link generationBodySchema}). Throws
 * RequestValidationError naming every bad field.
 */
export function parseGenerationBody(body: unknown): ParsedGeneration {
  const result = generationBodySchema.safeParse(body);
  if (result.success) return result.data;
  const fields = fieldErrorsOf(result.error.issues);
  throw new RequestValidationError(invalidFieldsMessage(fields), fields);
}
