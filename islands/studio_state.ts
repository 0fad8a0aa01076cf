/**
 * The studio's state, as pure functions shared by the island (browser) and the no-JavaScript result page
 * (server): the form values and what preset/persona choices do to them, the request body the form sends, and
 * the result reducer that folds stream events (and refusals) into what the page shows.
 *
 * Only type imports from lib/: the runtime option lists come in as props, so zod never reaches the bundle.
 */
import type {
  CompleteEvent,
  CostData,
  EdgeData,
  NodeData,
  Platform,
  StartEvent,
  ValuePropData,
} from "../lib/protocol/events.ts";
import type { Preset } from "../lib/protocol/presets.ts";
import type { Competitor, Constraint, Persona, Region, Scale } from "../lib/protocol/request_schema.ts";

/** Name of the window event fired after a generation completes (the history island listens). */
export const GENERATED_EVENT = "vibetoprod:generated";

/** The option lists and defaults the form offers (sent by the server as island props). */
export interface StudioOptions {
  personas: readonly Persona[];
  scales: readonly Scale[];
  constraints: readonly Constraint[];
  competitors: readonly Competitor[];
  regions: readonly Region[];
  personaDefaults: Record<Persona, { scale: Scale; constraints: Constraint[] }>;
  presets: readonly Preset[];
  descriptionMin: number;
  descriptionMax: number;
  maxConstraints: number;
}

/** What the form holds. `preset` is a preset label, or "" for a custom request. */
export interface FormValues {
  persona: Persona;
  preset: string;
  appDescription: string;
  scale: Scale;
  constraints: Constraint[];
  competitor: Competitor;
  region: Region;
}

/** The form a persona starts with: its defaults, an empty description. */
export function defaultForm(options: StudioOptions, persona: Persona = options.personas[0]): FormValues {
  const d = options.personaDefaults[persona];
  return {
    persona,
    preset: "",
    appDescription: "",
    scale: d.scale,
    constraints: [...d.constraints],
    competitor: options.competitors[0],
    region: options.regions[0],
  };
}

/** The presets of one persona, in display order. */
export function presetsOf(options: StudioOptions, persona: Persona): Preset[] {
  return options.presets.filter((p) => p.persona === persona);
}

/** Choosing a template fills every field it sets at once; "" goes back to custom and keeps the fields. */
export function choosePreset(options: StudioOptions, form: FormValues, label: string): FormValues {
  const preset = options.presets.find((p) => p.label === label);
  if (!preset) return { ...form, preset: "" };
  return {
    ...form,
    persona: preset.persona,
    preset: preset.label,
    appDescription: preset.appDescription,
    scale: preset.scale,
    constraints: [...preset.constraints],
  };
}

/**
 * Switching persona shows that persona's templates (the picker goes back to custom) and applies its defaults
 * (scale, constraints). The description is never wiped.
 */
export function choosePersona(options: StudioOptions, form: FormValues, persona: Persona): FormValues {
  if (persona === form.persona) return form;
  const d = options.personaDefaults[persona];
  return { ...form, persona, preset: "", scale: d.scale, constraints: [...d.constraints] };
}

/** Editing the description (or another field a template sets) turns the picker back to custom. */
export function editField<K extends "appDescription" | "scale" | "constraints">(
  form: FormValues,
  key: K,
  value: FormValues[K],
): FormValues {
  return { ...form, [key]: value, preset: "" };
}

/** Toggles a constraint (added ones go last: the order is the person's priority), refusing a fourth. */
export function toggleConstraint(options: StudioOptions, form: FormValues, c: Constraint): FormValues {
  const has = form.constraints.includes(c);
  if (!has && form.constraints.length >= options.maxConstraints) return form;
  const next = has ? form.constraints.filter((x) => x !== c) : [...form.constraints, c];
  return editField(form, "constraints", next);
}

/** The JSON body for `POST /api/generate-architecture-v2`. */
export function requestBody(form: FormValues, force = false): Record<string, unknown> {
  return {
    appDescription: form.appDescription,
    persona: form.persona,
    scale: form.scale,
    constraints: form.constraints,
    competitors: [form.competitor],
    region: form.region,
    ...(form.preset ? { preset: form.preset } : {}),
    ...(force ? { force: true } : {}),
  };
}

/** Maps the server's field paths (`input.appDescription`, `competitors.0`, `constraints.3`) to form fields. */
export function formFieldErrors(fields: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    let key = path.replace(/^input\./, "").split(".")[0];
    if (key === "competitors") key = "competitor";
    out[key] ??= message;
  }
  return out;
}

/** One diagram's worth of data. Arrays are replaced, never mutated, so views can memoise on identity. */
export interface PlatformResult {
  nodes: NodeData[];
  edges: EdgeData[];
  cost?: CostData;
}

/** Why a run did not complete. */
export interface Problem {
  kind: "error" | "invalid" | "budget" | "rate_limited" | "stopped" | "network";
  code: string;
  message: string;
  retryable: boolean;
  /** Field errors of a 400, keyed by form field. */
  fields?: Record<string, string>;
  /** Budget figures of a `budget_exhausted` refusal. */
  budget?: { used: number; limit: number; remaining?: number; resetsAt: string | null };
  /** When a rate limit lifts (ISO 8601), from `Retry-After`. */
  retryAt?: string;
}

/** Everything the result area shows. */
export interface ResultState {
  phase: "idle" | "streaming" | "complete" | "failed";
  start?: StartEvent;
  queued?: { position: number; etaSeconds: number };
  cloudflare: PlatformResult;
  competitor: PlatformResult;
  valueProps: ValuePropData[];
  complete?: CompleteEvent;
  problem?: Problem;
  /** The competitor asked for, so the second diagram is named before `start` arrives. */
  competitorName: string;
}

/** Nothing asked yet. */
export function idleResult(competitorName = "AWS"): ResultState {
  return {
    phase: "idle",
    cloudflare: { nodes: [], edges: [] },
    competitor: { nodes: [], edges: [] },
    valueProps: [],
    competitorName,
  };
}

/** A request was just sent. */
export function streamingResult(competitorName: string): ResultState {
  return { ...idleResult(competitorName), phase: "streaming" };
}

/** An event as it arrives on the wire (unknown types are ignored). */
export type WireEvent = { type: string; [key: string]: unknown };

/** Folds one stream event into the state. Returns the same object when nothing changed. */
export function applyEvent(state: ResultState, event: WireEvent): ResultState {
  switch (event.type) {
    case "start": {
      const start = event as unknown as StartEvent;
      return {
        ...state,
        phase: "streaming",
        start,
        queued: undefined,
        competitorName: start.request?.competitor ?? state.competitorName,
      };
    }
    case "queued":
      return { ...state, queued: { position: Number(event.position), etaSeconds: Number(event.etaSeconds) } };
    case "node":
    case "edge":
    case "cost": {
      const platform = event.platform as Platform;
      if (platform !== "cloudflare" && platform !== "competitor") return state;
      const prev = state[platform];
      let next: PlatformResult;
      if (event.type === "node") {
        const data = event.data as NodeData;
        if (prev.nodes.some((n) => n.id === data.id)) return state;
        next = { ...prev, nodes: [...prev.nodes, data] };
      } else if (event.type === "edge") {
        const data = event.data as EdgeData;
        if (prev.edges.some((e) => e.id === data.id)) return state;
        next = { ...prev, edges: [...prev.edges, data] };
      } else {
        next = { ...prev, cost: event.data as CostData };
      }
      return { ...state, queued: undefined, [platform]: next };
    }
    case "priority_value_prop":
      return { ...state, queued: undefined, valueProps: [...state.valueProps, event.data as ValuePropData] };
    case "complete":
      return { ...state, phase: "complete", queued: undefined, complete: event as unknown as CompleteEvent };
    case "error":
      return {
        ...state,
        phase: "failed",
        queued: undefined,
        problem: {
          kind: "error",
          code: String(event.code ?? "error"),
          message: String(event.message ?? "The generation failed."),
          retryable: event.retryable !== false,
        },
      };
    default:
      return state;
  }
}

/** Marks a run as failed (network drop, stop, or a refusal), keeping whatever already arrived. */
export function failResult(state: ResultState, problem: Problem): ResultState {
  return { ...state, phase: "failed", queued: undefined, problem };
}

/**
 * Turns a refused request (non-2xx JSON answer) into a problem: field errors for 400, budget figures for
 * `budget_exhausted`, the lift time for `rate_limited` (from `Retry-After` seconds or HTTP date).
 */
export function problemFromResponse(
  status: number,
  body: unknown,
  retryAfter: string | null,
  now: number = Date.now(),
): Problem {
  const b = (body ?? {}) as { error?: { code?: string; message?: string; fields?: Record<string, string> } };
  const code = b.error?.code ?? `http_${status}`;
  const message = b.error?.message ?? `The server answered ${status}.`;
  let retryAt: string | undefined;
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const at = Number.isFinite(seconds) ? now + seconds * 1000 : Date.parse(retryAfter);
    if (Number.isFinite(at)) retryAt = new Date(at).toISOString();
  }
  if (status === 400 || status === 413 || status === 415) {
    return { kind: "invalid", code, message, retryable: false, fields: formFieldErrors(b.error?.fields) };
  }
  if (code === "budget_exhausted") {
    const raw = (body as { budget?: Record<string, unknown> }).budget ?? {};
    const budget = typeof raw.used === "number" && typeof raw.limit === "number"
      ? {
        used: raw.used,
        limit: raw.limit,
        remaining: typeof raw.remaining === "number" ? raw.remaining : undefined,
        resetsAt: typeof raw.resetsAt === "string" ? raw.resetsAt : null,
      }
      : undefined;
    return { kind: "budget", code, message, retryable: false, budget, retryAt };
  }
  if (code === "rate_limited" || status === 429) {
    return { kind: "rate_limited", code, message, retryable: true, retryAt };
  }
  return { kind: "error", code, message, retryable: status >= 500, retryAt };
}

/** Streaming progress: components (nodes) received and the expected total. */
export function progress(state: ResultState): { done: number; expected: number; text: string } {
  const per = (p: PlatformResult) => p.cost ? p.nodes.length : Math.max(p.nodes.length + 1, 7);
  const done = state.cloudflare.nodes.length + state.competitor.nodes.length;
  if (state.phase === "complete") {
    const secs = state.complete ? ` in ${(state.complete.elapsedMs / 1000).toFixed(1)} s` : "";
    return { done, expected: done, text: `Done: ${done} components${secs}` };
  }
  const expected = per(state.cloudflare) + per(state.competitor);
  if (state.phase !== "streaming") {
    return {
      done,
      expected,
      text: done ? `${done} of ~${expected} components arrived` : "Nothing generated",
    };
  }
  if (state.queued) {
    return {
      done,
      expected,
      text: `Queued: position ${state.queued.position}, about ${
        Math.max(1, Math.round(state.queued.etaSeconds))
      } s`,
    };
  }
  if (!state.start) return { done, expected, text: "Connecting…" };
  return { done, expected, text: `${done} of ~${expected} components` };
}
