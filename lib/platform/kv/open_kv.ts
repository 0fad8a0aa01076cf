/**
 * Opening the KV store: a local SQLite file by default (its folder is created), `:memory:` in tests,
 * a KV Connect URL for remote use (with `DENO_KV_ACCESS_TOKEN`), or the platform KV on Deno Deploy.
 *
 * A local file may be shared by several processes (several servers, the admin CLI). SQLite allows one
 * writer at a time and the others briefly see "database is locked"; `retryOnLock` wraps the handle so
 * every read, write, commit and list retries those errors with jittered backoff, in one place, instead
 * of each module handling them.
 */
import type { Config } from "../config.ts";

/** Whether an error is SQLite's transient lock contention (safe to retry). */
export function isTransientKvError(err: unknown): boolean {
  return /database is locked|database table is locked|SQLITE_BUSY/i.test(
    String((err as Error)?.message ?? err),
  );
}

/** How long a KV call keeps retrying lock contention before the error is passed on. */
export const LOCK_RETRY_DEADLINE_MS = 10_000;

/** Runs a KV call, retrying transient lock errors with jittered exponential backoff. */
export async function kvRetry<T>(fn: () => Promise<T>, deadlineMs = LOCK_RETRY_DEADLINE_MS): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (let attempt = 0;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientKvError(err) || Date.now() > until) throw err;
      const cap = Math.min(50, 2 ** Math.min(attempt, 6));
      await new Promise((r) => setTimeout(r, 1 + Math.random() * cap));
    }
  }
}

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => any;

/** An atomic operation whose commit is replayed on a fresh operation when the file is locked. */
function retryingAtomic(kv: Deno.Kv): Deno.AtomicOperation {
  const calls: [PropertyKey, unknown[]][] = [];
  const proxy: Deno.AtomicOperation = new Proxy(kv.atomic(), {
    get(target, prop) {
      if (prop === "commit") {
        return () =>
          kvRetry(() => {
            const op = kv.atomic() as unknown as Record<PropertyKey, AnyFn>;
            for (const [name, args] of calls) op[name as string](...args);
            return (op as unknown as Deno.AtomicOperation).commit();
          });
      }
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push([prop, args]);
        return proxy;
      };
    },
  });
  return proxy;
}

/** A list iterator that resumes after the last entry it yielded when the file is locked mid-way. */
function retryingList<T>(kv: Deno.Kv, selector: Deno.KvListSelector, options: Deno.KvListOptions = {}) {
  let inner = kv.list<T>(selector, options);
  let yielded = 0;
  let lastCursor: string | undefined = options.cursor;
  const iterator = {
    get cursor(): string {
      return inner.cursor;
    },
    async next(): Promise<IteratorResult<Deno.KvEntry<T>>> {
      const until = Date.now() + LOCK_RETRY_DEADLINE_MS;
      for (let attempt = 0;; attempt++) {
        try {
          const step = await inner.next();
          if (!step.done) {
            yielded++;
            lastCursor = inner.cursor;
          }
          return step;
        } catch (err) {
          if (!isTransientKvError(err) || Date.now() > until) throw err;
          await new Promise((r) =>
            setTimeout(r, 1 + Math.random() * Math.min(50, 2 ** Math.min(attempt, 6)))
          );
          const limit = options.limit === undefined ? undefined : options.limit - yielded;
          if (limit === 0) return { done: true, value: undefined };
          inner = kv.list<T>(selector, { ...options, cursor: lastCursor, limit });
        }
      }
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator as unknown as Deno.KvListIterator<T>;
}

/** Wraps a KV handle so that lock contention on a shared local file is retried, never surfaced. */
export function retryOnLock(kv: Deno.Kv): Deno.Kv {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      switch (prop) {
        case "get":
        case "getMany":
        case "set":
        case "delete":
        case "enqueue":
          return (...args: unknown[]) => kvRetry(() => (value as AnyFn).apply(target, args));
        case "atomic":
          return () => retryingAtomic(target);
        case "list":
          return (selector: Deno.KvListSelector, options?: Deno.KvListOptions) =>
            retryingList(target, selector, options);
        default:
          return typeof value === "function" ? value.bind(target) : value;
      }
    },
  });
}

/** Whether a KV location is a local SQLite file (shared by processes on this machine). */
export function isLocalKvFile(path: string | undefined): path is string {
  return path !== undefined && path !== ":memory:" && !/^https?:\/\//.test(path);
}

/** Opens the KV store named by the configuration. */
export async function openKv(config: Pick<Config, "kvPath">): Promise<Deno.Kv> {
  const path = config.kvPath;
  if (path === undefined) return await Deno.openKv();
  if (!isLocalKvFile(path)) return await Deno.openKv(path);
  const slash = path.lastIndexOf("/");
  if (slash > 0) await Deno.mkdir(path.slice(0, slash), { recursive: true });
  return retryOnLock(await Deno.openKv(path));
}
