/**
 * One way to page through a KV prefix, used by the generation history, the API keys and the audit log. The
 * cursor is opaque to clients: base64url of `c1:<id>`, where `<id>` is the ULID that ends the last key of the
 * previous page. It is validated before any KV call; anything else is an InvalidCursorError, which names the
 * request field `cursor` (routes/ turn it into their bad-request answer).
 */

/** A cursor this module did not produce. */
export class InvalidCursorError extends Error {
  /** The request field at fault. */
  readonly field = "cursor";
  constructor() {
    super("The cursor is not valid.");
    this.name = "InvalidCursorError";
  }
}

/** One page of entries, and the cursor of the next page (null on the last one). */
export interface KvPage<T> {
  entries: Deno.KvEntry<T>[];
  cursor: string | null;
}

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /** The listed prefix; every key under it ends with a ULID. */
  prefix: Deno.KvKey;
  /** Entries per page. */
  limit: number;
  /** The previous page's cursor. */
  cursor?: string;
  /** Newest first (keys end with ULIDs, which sort by time). Default false: oldest first. */
  reverse?: boolean;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The cursor that continues after the entry whose key ends with `id`. */
export function encodeCursor(id: string): string {
  return btoa(`c1:${id}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The id a cursor continues after; throws InvalidCursorError for anything this module did not produce. */
export function decodeCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw new InvalidCursorError();
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((cursor.length + 3) % 4));
  } catch {
    throw new InvalidCursorError();
  }
  const id = text.startsWith("c1:") ? text.slice(3) : "";
  if (!ULID.test(id)) throw new InvalidCursorError();
  return id;
}

/** Lists one page of `prefix` after the cursor's entry (one entry more is read to know whether more follow). */
export async function paginate<T>(kv: Deno.Kv, options: PaginateOptions): Promise<KvPage<T>> {
  const { prefix, limit, reverse = false } = options;
  const after = options.cursor === undefined ? undefined : [...prefix, decodeCursor(options.cursor)];
  const selector: Deno.KvListSelector = after === undefined
    ? { prefix }
    : reverse
    ? { prefix, end: after }
    : { prefix, start: after };
  const entries: Deno.KvEntry<T>[] = [];
  let more = false;
  // Forward, `start` is inclusive: the cursor's own entry comes first and is skipped.
  const skip = after !== undefined && !reverse ? 1 : 0;
  let seen = 0;
  for await (const entry of kv.list<T>(selector, { reverse, limit: limit + 1 + skip })) {
    if (seen++ < skip && String(entry.key.at(-1)) === String(after!.at(-1))) continue;
    if (entries.length === limit) {
      more = true;
      break;
    }
    entries.push(entry);
  }
  const last = entries.at(-1);
  return { entries, cursor: more && last ? encodeCursor(String(last.key.at(-1))) : null };
}
