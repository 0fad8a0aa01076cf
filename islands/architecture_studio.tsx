/**
 * The studio island: the request form plus the live result. It posts JSON to
 * `/api/generate-architecture-v2`, reads the event stream with `fetch` and a streaming SSE parser, and folds
 * each event into the result state as it arrives. Stop aborts the request (AbortController); a newer request
 * supersedes an older one. Server-rendered first (the same components), then hydrated.
 *
 * Rendering is split so typing only re-renders the form: the result panel subscribes to the result signal
 * alone, and diagrams lay out only when their node or edge arrays change.
 */
import { type Signal, useComputed, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { formatLocalClock } from "../components/format.ts";
import { ResultPanel } from "../components/result_panel.tsx";
import { StudioForm, type StudioFormHandlers } from "../components/studio_form.tsx";
import { readSse } from "../lib/protocol/sse_parser.ts";
import {
  applyEvent,
  choosePersona,
  choosePreset,
  editField,
  failResult,
  type FormValues,
  GENERATED_EVENT,
  idleResult,
  problemFromResponse,
  requestBody,
  type ResultState,
  streamingResult,
  type StudioOptions,
  toggleConstraint,
  type WireEvent,
} from "./studio_state.ts";

/** Island props (JSON, from the server). */
export interface ArchitectureStudioProps {
  options: StudioOptions;
  initialForm: FormValues;
  initialResult?: ResultState;
  initialErrors?: Record<string, string>;
  [key: string]: unknown;
}

const ENDPOINT = "/api/generate-architecture-v2";

/** Puts the generation's own address in the location bar (a new history entry per generation). */
function showAddress(id: string) {
  const href = `/?g=${encodeURIComponent(id)}`;
  if (location.pathname + location.search !== href) history.pushState({ g: id }, "", href);
}

/** Resolves after the browser has painted the next frame (or after 100 ms in a hidden tab, which paints none). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0)
    );
  });
}

/**
 * Folds events into the result and renders at most once per painted frame: the first event of a burst
 * renders at once (so the first node is painted as soon as it arrives), the rest of the burst (a replay, a
 * fast model) renders together after that frame is on screen, instead of re-rendering and re-laying out the
 * diagrams for every event. `settle` waits until everything is shown; `flush` shows what is pending now.
 */
function framed(result: Signal<ResultState>, mine: () => boolean) {
  let pending: ResultState | null = null;
  let gate: Promise<void> | null = null;
  const flush = () => {
    if (pending && mine()) result.value = pending;
    pending = null;
  };
  const next = () => {
    gate = afterPaint().then(() => {
      if (pending) {
        flush();
        next();
      } else gate = null;
    });
  };
  // `start` changes little on screen: it waits (up to 50 ms) for the first element, so that element takes
  // the render of the burst's leading edge instead of waiting for the frame after `start`'s.
  let startTimer: ReturnType<typeof setTimeout> | 0 = 0;
  const lead = () => {
    if (startTimer) clearTimeout(startTimer);
    startTimer = 0;
    if (gate) return;
    flush();
    next();
  };
  return {
    apply(event: WireEvent) {
      pending = applyEvent(pending ?? result.value, event);
      if (gate) return;
      if (event.type === "start") startTimer ||= setTimeout(lead, 50);
      else lead();
    },
    async settle() {
      if (startTimer) lead();
      while (gate) await gate;
    },
    flush,
  };
}

/** Moves focus to the results heading and scrolls the results into view (instantly under reduced motion). */
function revealResults(still: () => boolean) {
  requestAnimationFrame(() => {
    if (!still()) return;
    const heading = document.getElementById("result-heading");
    if (!heading) return;
    heading.focus({ preventScroll: true });
    const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;
    heading.closest(".result")?.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "start" });
  });
}

/** The caller's own generation quota: what is left and when the oldest counted generation stops counting. */
export interface Quota {
  limit: number | null;
  remaining?: number;
  /** Epoch ms when one more generation is allowed again (the oldest counted one leaves the window). */
  resetAt?: number;
}

/** Reads the `gen` policy of `RateLimit` / `RateLimit-Policy` response headers, if present. */
export function quotaFromHeaders(headers: Headers, now = Date.now()): Quota | null {
  const r = /"gen";r=(\d+);t=(\d+)/.exec(headers.get("ratelimit") ?? "");
  const q = /"gen";q=(\d+)/.exec(headers.get("ratelimit-policy") ?? "");
  if (!r || !q) return null;
  return { limit: Number(q[1]), remaining: Number(r[1]), resetAt: now + Number(r[2]) * 1000 };
}

/** "3 of 5 generations left", with a live countdown when none are left. */
function QuotaNote({ quota }: { quota: Signal<Quota | null> }) {
  const q = quota.value;
  const tick = useSignal(Date.now());
  const empty = q?.limit != null && q.remaining === 0;
  useEffect(() => {
    if (!empty) return;
    const t = setInterval(() => (tick.value = Date.now()), 1000);
    return () => clearInterval(t);
  }, [empty]);
  if (!q || q.limit == null) return null;
  const secs = q.resetAt ? Math.max(0, (q.resetAt - tick.value) / 1000) : 0;
  const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.ceil(s) % 60).padStart(2, "0")}`;
  return (
    <p class={`quota${empty ? " quota--empty" : ""}`} id="quota" aria-live="polite">
      {empty
        ? secs > 0
          ? `No new generations left for now: one more in ${
            clock(secs)
          }. Templates and saved results still work.`
          : "You can generate again."
        : `${q.remaining} of ${q.limit} new generations left${
          q.remaining! < q.limit && q.resetAt
            ? ` (one more back at ${formatLocalClock(new Date(q.resetAt).toISOString())})`
            : ""
        }`}
    </p>
  );
}

function FormPart(
  { options, form, errors, busy, enhanced, handlers, onStop, pendingPreset, replacedBy, quota }: {
    quota: Signal<Quota | null>;
    pendingPreset: Signal<string | null>;
    replacedBy: Signal<string | null>;
    options: StudioOptions;
    form: Signal<FormValues>;
    errors: Signal<Record<string, string>>;
    busy: Signal<boolean>;
    enhanced: Signal<boolean>;
    handlers: StudioFormHandlers;
    onStop: () => void;
  },
) {
  return (
    <StudioForm
      options={options}
      values={form.value}
      errors={errors.value}
      busy={busy.value}
      enhanced={enhanced.value}
      handlers={handlers}
      pendingPreset={pendingPreset.value}
      replacedBy={replacedBy.value}
      actions={
        <>
          {busy.value && (
            <button type="button" class="button button--stop" id="stop" onClick={onStop}>
              Stop
            </button>
          )}
          {enhanced.value && <QuotaNote quota={quota} />}
        </>
      }
    />
  );
}

function ResultPart({ result, stacked }: { result: Signal<ResultState>; stacked: Signal<boolean> }) {
  return (
    <ResultPanel
      result={result.value}
      stacked={stacked.value}
      onToggleStacked={() => (stacked.value = !stacked.value)}
    />
  );
}

/** The studio. */
export default function ArchitectureStudio(props: ArchitectureStudioProps) {
  const { options } = props;
  const form = useSignal<FormValues>(props.initialForm);
  const errors = useSignal<Record<string, string>>(props.initialErrors ?? {});
  const result = useSignal<ResultState>(props.initialResult ?? idleResult(props.initialForm.competitor));
  const stacked = useSignal(false);
  // False for the server render and the hydration pass (so both match the no-JavaScript form), true after.
  const enhanced = useSignal(false);
  useEffect(() => {
    enhanced.value = true;
    loadQuota();
  }, []);
  const busy = useComputed(() => result.value.phase === "streaming");
  const pendingPreset = useSignal<string | null>(null);
  const replacedBy = useSignal<string | null>(null);
  const undoForm = useRef<FormValues | null>(null);
  const quota = useSignal<Quota | null>(null);
  async function loadQuota() {
    try {
      const res = await fetch("/api/budget/mine", { headers: { accept: "application/json" } });
      if (!res.ok) return;
      const d = await res.json() as { limit: number | null; remaining?: number; resetSeconds?: number };
      quota.value = {
        limit: d.limit,
        remaining: d.remaining,
        resetAt: d.resetSeconds ? Date.now() + d.resetSeconds * 1000 : undefined,
      };
    } catch {
      // The note stays as it was.
    }
  }
  const current = useRef<AbortController | null>(null);

  const clearError = (field: string) => {
    if (errors.value[field]) {
      const { [field]: _, ...rest } = errors.value;
      errors.value = rest;
    }
  };

  async function generate(force: boolean) {
    const previous = current.current;
    const controller = new AbortController();
    current.current = controller;
    previous?.abort();
    const values = form.value;
    errors.value = {};
    const before = result.value;
    result.value = streamingResult(values.competitor);
    revealResults(() => current.current === controller && result.value.problem?.kind !== "invalid");
    const mine = () => current.current === controller;
    try {
      const res = await fetch(ENDPOINT, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(requestBody(values, force)),
        signal: controller.signal,
      });
      const fromHeaders = quotaFromHeaders(res.headers);
      if (fromHeaders) quota.value = fromHeaders;
      if (!res.ok || !res.body) {
        const body = await res.json().catch(() => null);
        const problem = problemFromResponse(res.status, body, res.headers.get("retry-after"));
        if (!mine()) return;
        // A refusal keeps the previous complete result on screen, with the explanation above it.
        result.value = before.phase === "complete" && problem.kind !== "invalid"
          ? { ...before, problem }
          : failResult(result.value, problem);
        if (problem.fields && Object.keys(problem.fields).length) {
          errors.value = problem.fields;
          const first = Object.keys(problem.fields)[0];
          setTimeout(() => document.getElementById(first)?.focus(), 0);
        }
        return;
      }
      const shown = framed(result, mine);
      try {
        for await (const frame of readSse(res.body)) {
          if (!mine()) return;
          let event: WireEvent;
          try {
            event = JSON.parse(frame.data);
          } catch {
            continue;
          }
          if (typeof event.type !== "string") event.type = frame.event;
          shown.apply(event);
          if (event.type === "start" && typeof event.id === "string") showAddress(event.id);
        }
        await shown.settle();
      } finally {
        shown.flush();
      }
      if (mine() && result.value.phase === "streaming") {
        result.value = failResult(result.value, {
          kind: "network",
          code: "stream_ended",
          message: "The stream ended before the plan was complete.",
          retryable: true,
        });
      }
    } catch (err) {
      if (!mine()) return;
      result.value = failResult(
        result.value,
        controller.signal.aborted
          ? { kind: "stopped", code: "stopped", message: "Stopped.", retryable: true }
          : {
            kind: "network",
            code: "network_error",
            message: `Could not reach the server (${err instanceof Error ? err.message : String(err)}).`,
            retryable: true,
          },
      );
    } finally {
      if (mine()) {
        current.current = null;
        if (result.value.phase === "complete") globalThis.dispatchEvent(new CustomEvent(GENERATED_EVENT));
        loadQuota();
      }
    }
  }

  const stop = () => current.current?.abort();

  // The address is the result's own (`/?g=<id>`): reload, back and forward show that result.
  useEffect(() => {
    const onPop = () => {
      const id = new URLSearchParams(location.search).get("g");
      current.current?.abort();
      if (!id) {
        result.value = idleResult(form.value.competitor);
        return;
      }
      loadStored(id);
    };
    globalThis.addEventListener("popstate", onPop);
    return () => globalThis.removeEventListener("popstate", onPop);
  }, []);

  async function loadStored(id: string) {
    try {
      const res = await fetch(`/api/generations/${encodeURIComponent(id)}`, {
        headers: { accept: "application/json" },
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const doc = await res.json() as { events: WireEvent[]; request: FormValues };
      let next = idleResult(doc.request?.competitor);
      for (const event of doc.events ?? []) next = applyEvent(next, event);
      result.value = next;
    } catch {
      result.value = failResult(idleResult(form.value.competitor), {
        kind: "error",
        code: "not_found",
        message: "This saved result could not be loaded.",
        retryable: false,
      });
    }
  }

  const handlers: StudioFormHandlers = {
    onPersona: (p) => (form.value = choosePersona(options, form.value, p)),
    onPreset: (label) => {
      const before = form.value;
      pendingPreset.value = null;
      form.value = choosePreset(options, before, label);
      errors.value = {};
      // Typed text (not a template's own) that a template replaced can be put back.
      const typed = before.appDescription.trim() !== "" &&
        !options.presets.some((p) => p.appDescription === before.appDescription);
      if (label && typed && form.value.appDescription !== before.appDescription) {
        undoForm.current = before;
        replacedBy.value = label;
      } else if (label) replacedBy.value = null;
    },
    onPresetBrowse: (label) => (pendingPreset.value = label),
    onUndoPreset: () => {
      if (undoForm.current) form.value = undoForm.current;
      undoForm.current = null;
      replacedBy.value = null;
      setTimeout(() => document.getElementById("appDescription")?.focus(), 0);
    },
    onDescription: (text) => {
      replacedBy.value = null;
      form.value = editField(form.value, "appDescription", text);
      clearError("appDescription");
    },
    onScale: (s) => (form.value = editField(form.value, "scale", s)),
    onConstraint: (c) => {
      form.value = toggleConstraint(options, form.value, c);
      clearError("constraints");
    },
    onCompetitor: (c) => (form.value = { ...form.value, competitor: c }),
    onRegion: (r) => (form.value = { ...form.value, region: r }),
    onSubmit: (e) => {
      e.preventDefault();
      const submitter = e.submitter as HTMLButtonElement | null;
      generate(submitter?.name === "force" && submitter.value === "true");
    },
  };

  return (
    <div class="studio">
      <div class="studio-form-wrap">
        <FormPart
          options={options}
          form={form}
          errors={errors}
          busy={busy}
          enhanced={enhanced}
          handlers={handlers}
          onStop={stop}
          pendingPreset={pendingPreset}
          replacedBy={replacedBy}
          quota={quota}
        />
      </div>
      <ResultPart result={result} stacked={stacked} />
    </div>
  );
}
