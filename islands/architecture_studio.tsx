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

function FormPart(
  { options, form, errors, busy, enhanced, handlers, onStop }: {
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
      actions={busy.value
        ? (
          <button type="button" class="button button--stop" id="stop" onClick={onStop}>
            Stop
          </button>
        )
        : null}
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
  }, []);
  const busy = useComputed(() => result.value.phase === "streaming");
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
    result.value = streamingResult(values.competitor);
    const mine = () => current.current === controller;
    try {
      const res = await fetch(ENDPOINT, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(requestBody(values, force)),
        signal: controller.signal,
      });
      if (!res.ok || !res.body) {
        const body = await res.json().catch(() => null);
        const problem = problemFromResponse(res.status, body, res.headers.get("retry-after"));
        if (!mine()) return;
        result.value = failResult(result.value, problem);
        if (problem.fields && Object.keys(problem.fields).length) {
          errors.value = problem.fields;
          const first = Object.keys(problem.fields)[0];
          setTimeout(() => document.getElementById(first)?.focus(), 0);
        }
        return;
      }
      for await (const frame of readSse(res.body)) {
        if (!mine()) return;
        let event: WireEvent;
        try {
          event = JSON.parse(frame.data);
        } catch {
          continue;
        }
        if (typeof event.type !== "string") event.type = frame.event;
        result.value = applyEvent(result.value, event);
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
      }
    }
  }

  const stop = () => current.current?.abort();

  const handlers: StudioFormHandlers = {
    onPersona: (p) => (form.value = choosePersona(options, form.value, p)),
    onPreset: (label) => {
      form.value = choosePreset(options, form.value, label);
      errors.value = {};
    },
    onDescription: (text) => {
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
        />
      </div>
      <ResultPart result={result} stacked={stacked} />
    </div>
  );
}
