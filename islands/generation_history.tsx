/**
 * "Your recent generations" (island): this browser's own generations, as `GET /api/generations` lists them
 * for the caller (the API decides ownership: an API key's entries, or this browser's signed anonymous id),
 * with permalinks to `/generations/:id`, "Show more" following the cursor, refreshed after each completed
 * generation. Hidden entirely while empty, or when the endpoint refuses (401/403), is missing (404) or fails.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { formatAge } from "../components/format.ts";
import { GENERATED_EVENT } from "./studio_state.ts";

/** One listed generation (the fields the list shows; the API may send more). */
export interface HistoryItem {
  id: string;
  createdAt: string;
  provider?: string;
  model?: string;
  request?: {
    appDescription?: string;
    persona?: string;
    scale?: string;
    competitor?: string;
    region?: string;
  };
}

/** Props: page size. */
export interface GenerationHistoryProps {
  limit?: number;
  [key: string]: unknown;
}

/** Parses one page of the listing: `{ generations, nextCursor | cursor }`. */
export function historyPage(data: unknown): { items: HistoryItem[]; cursor: string | null } | null {
  if (!data || typeof data !== "object" || !Array.isArray((data as { generations?: unknown }).generations)) {
    return null;
  }
  const d = data as { generations: unknown[]; nextCursor?: unknown; cursor?: unknown };
  const items = d.generations.filter((g): g is HistoryItem =>
    !!g && typeof g === "object" && typeof (g as HistoryItem).id === "string" &&
    /^[A-Za-z0-9_-]{1,64}$/.test((g as HistoryItem).id)
  );
  const cursor = typeof d.nextCursor === "string"
    ? d.nextCursor
    : typeof d.cursor === "string"
    ? d.cursor
    : null;
  return { items, cursor };
}

/** The history list. */
export default function GenerationHistory({ limit = 6 }: GenerationHistoryProps) {
  const items = useSignal<HistoryItem[]>([]);
  const cursor = useSignal<string | null>(null);
  const available = useSignal(false);
  const loading = useSignal(false);

  async function load(more: boolean) {
    loading.value = true;
    try {
      const params = new URLSearchParams({ limit: String(limit) });
      if (more && cursor.value) params.set("cursor", cursor.value);
      const res = await fetch(`/api/generations?${params}`, { headers: { accept: "application/json" } });
      const page = res.ok ? historyPage(await res.json()) : null;
      if (!page) {
        if (!more) available.value = false;
        return;
      }
      items.value = more
        ? [...items.value, ...page.items.filter((i) => !items.value.some((x) => x.id === i.id))]
        : page.items;
      cursor.value = page.cursor;
      available.value = true;
    } catch {
      if (!more) available.value = false;
    } finally {
      loading.value = false;
    }
  }

  useEffect(() => {
    load(false);
    const refresh = () => load(false);
    globalThis.addEventListener(GENERATED_EVENT, refresh);
    return () => globalThis.removeEventListener(GENERATED_EVENT, refresh);
  }, []);

  if (!available.value || items.value.length === 0) return null;
  const now = Date.now();
  return (
    <section class="history panel" id="history" aria-labelledby="history-heading">
      <h2 id="history-heading">Your recent generations</h2>
      <ol class="history-list">
        {items.value.map((g) => (
          <li key={g.id}>
            <a href={`/generations/${encodeURIComponent(g.id)}`} class="history-link">
              <span class="history-desc">{g.request?.appDescription ?? g.id}</span>
              <span class="history-meta">
                {[g.request?.persona, g.request?.scale, g.request?.competitor && `vs ${g.request.competitor}`]
                  .filter(Boolean).join(" · ")}
                {" · "}
                <time dateTime={g.createdAt} title={new Date(g.createdAt).toLocaleString()}>
                  {formatAge(g.createdAt, now)}
                </time>
              </span>
            </a>
          </li>
        ))}
      </ol>
      {cursor.value && (
        <button
          type="button"
          class="button button--secondary"
          disabled={loading.value}
          onClick={() => load(true)}
        >
          {loading.value ? "Loading…" : "Show more"}
        </button>
      )}
    </section>
  );
}
