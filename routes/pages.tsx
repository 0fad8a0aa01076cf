/**
 * HTML pages (server-rendered) and static assets:
 *  - `GET /` — the studio: form and result area, hydrated by the studio island; `?preset=<label>` pre-fills a
 *    template. The budget gauge is rendered from the live budget when one is wired in.
 *  - `POST /` — the same page without JavaScript: a form post (`application/x-www-form-urlencoded` or
 *    `multipart/form-data`, at most 16 KiB) is validated like the API, run to completion through the same
 *    generation pipeline, and rendered with both diagrams, value propositions and costs — or with the field
 *    errors next to their fields (400), a refusal (429/503 with its explanation), 413 or 415.
 *  - `GET /static/*` — stylesheet, favicon and the islands bundle.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { serveStatic } from "hono/deno";
import { renderToString } from "preact-render-to-string";
import { Island } from "../components/island.tsx";
import { Page } from "../components/layout.tsx";
import ArchitectureStudio, { type ArchitectureStudioProps } from "../islands/architecture_studio.tsx";
import type { BudgetView } from "../islands/budget_gauge.tsx";
import {
  applyEvent,
  defaultForm,
  failResult,
  formFieldErrors,
  type FormValues,
  idleResult,
  problemFromResponse,
  type ResultState,
  streamingResult,
  type StudioOptions,
  type WireEvent,
} from "../islands/studio_state.ts";
import type { Budget } from "../lib/guards/budget.ts";
import type { Config } from "../lib/platform/config.ts";
import { eventsOf, type GenerationStore, ULID_PATTERN } from "../lib/store/generation_store.ts";
import type { ClientIdentity } from "../lib/access/client_identity.ts";
import type { GenerationPipeline } from "../lib/generation/pipeline.ts";
import { boundedKv, type KvCall } from "../lib/platform/kv/bounded_kv.ts";
import { httpRefusal } from "./http/rejections.ts";
import { findPreset, PRESETS } from "../lib/protocol/presets.ts";
import {
  COMPETITORS,
  CONSTRAINTS,
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  type NormalizedRequest,
  type ParsedGeneration,
  parseGenerationBody,
  PERSONA_DEFAULTS,
  PERSONAS,
  REGIONS,
  RequestValidationError,
  SCALES,
} from "../lib/protocol/request_schema.ts";
import { publicBudget } from "./api/budget.ts";
import { MAX_BODY_BYTES } from "./http_errors.ts";
import { clientMiddleware } from "./middleware/client.ts";

/** What the pages need; without `service` the no-JavaScript POST answers 503. */
export interface PageDeps {
  config: Config;
  service?: GenerationPipeline;
  budget?: Budget;
  /** Identifies form posters like API callers (per-client quotas). */
  kv?: Deno.Kv;
  /** Bounded KV calls for the API-key lookup and the budget snapshot (lib/app_services.ts). */
  kvCall?: KvCall;
  /** Stored generations, for the studio at a result's own address `/?g=<id>`. */
  store?: GenerationStore;
}

/** The option lists the form offers, from the request schema and the presets module. */
export const STUDIO_OPTIONS: StudioOptions = {
  personas: PERSONAS,
  scales: SCALES,
  constraints: CONSTRAINTS,
  competitors: COMPETITORS,
  regions: REGIONS,
  personaDefaults: PERSONA_DEFAULTS,
  presets: PRESETS,
  descriptionMin: DESCRIPTION_MIN,
  descriptionMax: DESCRIPTION_MAX,
  maxConstraints: 3,
};

const TITLE = "VibeToProd — from app idea to production architecture";
const DESCRIPTION =
  "Describe an app and see its production architecture on Cloudflare and on AWS, Google Cloud, Azure or Vercel, " +
  "with value propositions and monthly costs.";

/**
 * The header gauge's server snapshot, read through the bounded-KV helper: null without a budget or when it
 * cannot be read in time (the page still renders; the browser loads the gauge).
 */
export async function budgetViewOf(
  budget: Budget | undefined,
  kvCall: KvCall = (op, fn) => boundedKv(op, fn),
): Promise<BudgetView | null> {
  if (!budget) return null;
  try {
    return publicBudget(await kvCall("budget.status", () => budget.status()));
  } catch {
    return null;
  }
}

function oneOf<T extends string>(list: readonly T[], value: unknown): T | undefined {
  return typeof value === "string" && (list as readonly string[]).includes(value) ? value as T : undefined;
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string");
}

/** Page status for a result: the first event's absence and the problem decide it. */
function renderStudio(
  c: Context,
  parts: {
    form: FormValues;
    result?: ResultState;
    errors?: Record<string, string>;
    budget: BudgetView | null;
  },
  status: 200 | 400 | 404 | 413 | 415 | 429 | 503 = 200,
): Response {
  const props: ArchitectureStudioProps = {
    options: STUDIO_OPTIONS,
    initialForm: parts.form,
    ...(parts.result ? { initialResult: parts.result } : {}),
    ...(parts.errors && Object.keys(parts.errors).length ? { initialErrors: parts.errors } : {}),
  };
  const html = renderToString(
    <Page title={TITLE} description={DESCRIPTION} budget={parts.budget}>
      <div class="intro">
        <h1>Turn a vibe into a production architecture</h1>
        <p>
          Pick who you are, start from a template or describe your app, and watch two architectures build
          live: Cloudflare's and the competitor's, with what each costs per month.
        </p>
      </div>
      <Island name="architecture_studio" component={ArchitectureStudio} props={props} />
      <div data-island="generation_history" data-props="{}" />
    </Page>,
  );
  return c.html("<!doctype html>" + html, status, { "cache-control": "no-store" });
}

/** The form values of a parsed request (what the page shows after a post or for a stored result). */
function formOfRequest(r: NormalizedRequest, preset: string): FormValues {
  return {
    persona: r.persona,
    preset,
    appDescription: r.appDescription,
    scale: r.scale,
    constraints: [...r.constraints],
    competitor: r.competitor,
    region: r.region,
  };
}

/** `GET /?g=<id>`: the studio showing a stored generation, or a 404 result when there is none. */
async function storedStudio(
  c: Context,
  store: GenerationStore,
  g: string,
  budget: () => Promise<BudgetView | null>,
) {
  const stored = ULID_PATTERN.test(g) ? await store.get(g) : null;
  if (stored) {
    const r = stored.record.request;
    let result = idleResult(r.competitor);
    for (const event of eventsOf(stored)) result = applyEvent(result, event as unknown as WireEvent);
    return renderStudio(c, { form: formOfRequest(r, ""), result, budget: await budget() });
  }
  const result = failResult(idleResult(), {
    kind: "error",
    code: "not_found",
    message: "No saved result has this address (it may still be generating, or it was deleted).",
    retryable: false,
  });
  return renderStudio(c, { form: defaultForm(STUDIO_OPTIONS), result, budget: await budget() }, 404);
}

/** The studio's starting form: the defaults, or the template `?preset=<label>` names. */
function presetForm(label: string): FormValues {
  const preset = findPreset(label);
  const form = defaultForm(STUDIO_OPTIONS, preset?.persona);
  if (!preset) return form;
  return {
    ...form,
    preset: preset.label,
    appDescription: preset.appDescription,
    scale: preset.scale,
    constraints: [...preset.constraints],
  };
}

/** A posted form's fields, read as the API would be given them. */
type PostedForm = Record<string, string | File | (string | File)[]>;

/**
 * What was posted, echoed (valid choices only) so the page shows the form as the person left it, and the
 * API body it stands for.
 */
function readStudioForm(raw: PostedForm): { echo: FormValues; body: Record<string, unknown> } {
  const text = (k: string) => strings(raw[k])[0];
  const persona = oneOf(PERSONAS, text("persona"));
  const description = text("appDescription") ?? "";
  const presetLabel = (text("preset") ?? "").trim();
  const constraints = strings(raw.constraints);
  const competitor = text("competitor");
  const region = text("region");
  const base = defaultForm(STUDIO_OPTIONS, persona);
  const echo: FormValues = {
    persona: base.persona,
    preset: findPreset(presetLabel)?.label ?? "",
    appDescription: description,
    scale: oneOf(SCALES, text("scale")) ?? base.scale,
    constraints: constraints.filter((x) => oneOf(CONSTRAINTS, x)) as FormValues["constraints"],
    competitor: oneOf(COMPETITORS, competitor) ?? base.competitor,
    region: oneOf(REGIONS, region) ?? base.region,
  };
  // A template with an empty description means "use the template as is" (the no-JS way to pick one).
  const useTemplate = presetLabel !== "" && description.trim() === "";
  const body: Record<string, unknown> = useTemplate ? { preset: presetLabel } : {
    appDescription: description,
    ...(text("persona") ? { persona: text("persona") } : {}),
    ...(text("scale") ? { scale: text("scale") } : {}),
    constraints,
    ...(presetLabel ? { preset: presetLabel } : {}),
  };
  if (competitor) body.competitors = [competitor];
  if (region) body.region = region;
  if (text("force") === "true") body.force = true;
  return { echo, body };
}

/** Runs a parsed request through the pipeline to the end: the finished result, or the refusal and its status. */
async function runToCompletion(
  c: Context<PageEnv>,
  service: GenerationPipeline,
  parsed: ParsedGeneration,
): Promise<{ result: ResultState; status: 200 | 429 | 503 }> {
  const competitor = parsed.request.competitor;
  const client: ClientIdentity = c.get("client") ?? { key: "anonymous", plan: "anonymous" };
  const admission = await service.begin(parsed, client, c.req.raw.signal);
  if (admission.kind === "refused") {
    const refused = httpRefusal(admission);
    const result = failResult(
      streamingResult(competitor),
      problemFromResponse(refused.status, refused.body, refused.headers["Retry-After"] ?? null),
    );
    return { result, status: refused.status };
  }
  let result = streamingResult(competitor);
  for await (const event of admission.events) result = applyEvent(result, event as unknown as WireEvent);
  if (result.phase === "streaming") {
    result = failResult(result, {
      kind: "network",
      code: "stream_ended",
      message: "The generation ended before the plan was complete.",
      retryable: true,
    });
  }
  return { result, status: 200 };
}

type PageEnv = { Variables: { client?: ClientIdentity } };

/** Page routes. */
export function pageRoutes(deps: PageDeps) {
  const { config, service, budget, kv } = deps;
  const kvCall: KvCall = deps.kvCall ?? ((op, fn) => boundedKv(op, fn));
  const budgetView = () => budgetViewOf(budget, kvCall);
  const pages = new Hono<PageEnv>();

  pages.use("/static/*", serveStatic({ root: "./" }));

  pages.get("/", async (c) => {
    // `/?g=<id>`: the studio showing a stored generation (the address the studio gives each result).
    const g = (c.req.query("g") ?? "").toUpperCase();
    if (g && deps.store) return await storedStudio(c, deps.store, g, budgetView);
    return renderStudio(c, { form: presetForm(c.req.query("preset") ?? ""), budget: await budgetView() });
  });

  if (kv) pages.post("/", clientMiddleware({ kv, trustProxy: config.TRUST_PROXY, kvCall: deps.kvCall }));
  pages.post(
    "/",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: async (c) =>
        renderStudio(c, {
          form: defaultForm(STUDIO_OPTIONS),
          errors: { body: `The form is larger than ${MAX_BODY_BYTES} bytes.` },
          budget: await budgetView(),
        }, 413),
    }),
    async function postStudioForm(c) {
      const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
      if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
        return renderStudio(c, {
          form: defaultForm(STUDIO_OPTIONS),
          errors: { body: `Send the form as application/x-www-form-urlencoded (got ${type || "none"}).` },
          budget: await budgetView(),
        }, 415);
      }
      const { echo, body } = readStudioForm(await c.req.parseBody({ all: true }));
      let parsed;
      try {
        parsed = parseGenerationBody(body);
      } catch (err) {
        if (!(err instanceof RequestValidationError)) throw err;
        return renderStudio(c, {
          form: echo,
          errors: formFieldErrors(err.fields),
          budget: await budgetView(),
        }, 400);
      }
      const form = formOfRequest(parsed.request, parsed.preset ?? "");
      if (!service) {
        const result = failResult(streamingResult(parsed.request.competitor), {
          kind: "error",
          code: "unavailable",
          message: "Generation is not available on this server.",
          retryable: true,
        });
        return renderStudio(c, { form, result, budget: await budgetView() }, 503);
      }
      const { result, status } = await runToCompletion(c, service, parsed);
      return renderStudio(c, { form, result, budget: await budgetView() }, status);
    },
  );
  return pages;
}
