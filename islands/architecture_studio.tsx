/**
 * TEMPORARY minimal studio island (issue 2): posts the form, reads the event stream and lists both
 * architectures as they arrive. The full page (issue 5) replaces it.
 */
import { useSignal } from "@preact/signals";
import type { GenerationEvent } from "../lib/events.ts";

/** The studio: form plus live result. */
export default function ArchitectureStudio(_props: { [key: string]: unknown }) {
  const events = useSignal<GenerationEvent[]>([]);
  const error = useSignal<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    events.value = [];
    error.value = null;
    const res = await fetch("/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appDescription: form.get("appDescription") }),
    });
    if (!res.ok || !res.body) {
      const body = await res.json().catch(() => ({}));
      error.value = body?.error?.message ?? `HTTP ${res.status}`;
      return;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let idx;
      while ((idx = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        const data = frame.split("\n").find((l) => l.startsWith("data:"));
        if (data) events.value = [...events.value, JSON.parse(data.slice(5))];
      }
    }
  }
  return (
    <div>
      <form onSubmit={submit}>
        <label>
          App description <textarea name="appDescription" required />
        </label>
        <button type="submit">Generate</button>
      </form>
      {error.value && <p role="alert">{error.value}</p>}
      <ul>
        {events.value.map((ev, i) => (
          <li key={i}>{ev.type} {"data" in ev ? JSON.stringify(ev.data) : ""}</li>
        ))}
      </ul>
    </div>
  );
}
