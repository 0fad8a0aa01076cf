/**
 * A Deno.Kv test double for failure tests: wraps a real KV and, per mode, lets calls through, makes them
 * throw, hang until the mode changes, or wait `delayMs` first. Covers get/getMany/set/delete/list/atomic().commit/watch.
 */

/** How the double answers. */
export type KvMode = "ok" | "throw" | "hang" | "delay";

/** The double and its controls. */
export interface KvDouble {
  kv: Deno.Kv;
  mode: KvMode;
  delayMs: number;
  /** Calls made while not "ok". */
  failedCalls: number;
  /** When set, only these methods (e.g. `"list"`, `"getMany"`) are affected by the mode; others pass. */
  only?: ReadonlySet<string>;
}

/** Wraps `inner`; starts in mode "ok". */
export function kvDouble(inner: Deno.Kv): KvDouble {
  const ctl: KvDouble = { kv: undefined as unknown as Deno.Kv, mode: "ok", delayMs: 0, failedCalls: 0 };
  const gate = async (method: string) => {
    if (ctl.mode === "ok" || (ctl.only && !ctl.only.has(method))) return;
    ctl.failedCalls++;
    if (ctl.mode === "throw") throw new TypeError("injected KV failure");
    if (ctl.mode === "hang") {
      // Hangs until the mode changes (KV "recovers"); then the call goes through.
      while (ctl.mode === "hang") await new Promise((r) => setTimeout(r, 10));
      return;
    }
    await new Promise((r) => setTimeout(r, ctl.delayMs));
  };
  const wrapAsync = <F extends (...a: never[]) => Promise<unknown>>(f: F, method: string) =>
  async (
    ...args: Parameters<F>
  ) => {
    await gate(method);
    return await f(...args);
  };
  ctl.kv = new Proxy(inner, {
    get(target, prop) {
      if (prop === "get" || prop === "getMany" || prop === "set" || prop === "delete" || prop === "enqueue") {
        return wrapAsync(
          (Reflect.get(target, prop) as (...a: never[]) => Promise<unknown>).bind(target),
          String(prop),
        );
      }
      if (prop === "list") {
        return (...args: Parameters<Deno.Kv["list"]>) => {
          const it = target.list(...args);
          return {
            cursor: "",
            async next() {
              await gate("list");
              return await it.next();
            },
            [Symbol.asyncIterator]() {
              return this;
            },
          };
        };
      }
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const proxy: Deno.AtomicOperation = new Proxy(op, {
            get(o, p) {
              if (p === "commit") return wrapAsync(o.commit.bind(o), "commit");
              const v = Reflect.get(o, p);
              return typeof v === "function" ? (...a: unknown[]) => (v.apply(o, a), proxy) : v;
            },
          });
          return proxy;
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return ctl;
}
