/**
 * Memory after a spike: once a burst of concurrent requests (e.g. hundreds of slow request bodies) has ended
 * and the process is quiet again, one full garbage collection gives their memory back.
 *
 * Why: what such a burst leaves is garbage, not leaks: request objects, body buffers and their native
 * backing stores. V8 collects the old generation only under allocation pressure, so a process that goes
 * quiet after the burst keeps it for minutes (measured: 1,000 slow bodies left RSS 27 % over idle 20 s after
 * they closed, V8's heap 103 MB for 33 MB live; after the next major collection RSS was back at idle). A
 * full collection at that point costs tens of milliseconds and happens only when almost nothing is running.
 *
 * The collector is V8's own `gc`, exposed at run time through `node:v8` and `node:vm` (no command-line flag,
 * so it also works where flags cannot be passed); when the runtime refuses, nothing is collected early and
 * V8's own heuristics apply as before.
 */
import v8 from "node:v8";
import vm from "node:vm";

let exposed: (() => void) | null | undefined;

/**
 * V8's full collection, exposed without a command-line flag when the runtime allows it; else `null`. Looked up
 * once per process (each lookup makes a new V8 context).
 */
export function exposedGc(): (() => void) | null {
  if (exposed !== undefined) return exposed;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc");
    exposed = typeof gc === "function" ? () => gc() : null;
  } catch {
    exposed = null;
  }
  return exposed;
}

/** Options of {@link MemorySettler}. */
export interface MemorySettlerOptions {
  /** Requests in flight at once that count as a spike (default 200; 0 turns settling off). */
  spikeAt?: number;
  /** At most this many still in flight counts as quiet (default 2). */
  quietAt?: number;
  /** How long it must stay quiet before collecting, in ms (default 3 000). */
  quietMs?: number;
  /** The collector (default {@link exposedGc}); `null` turns settling off. */
  gc?: (() => void) | null;
  /** Told after each collection: RSS before and after, in bytes, and how long it took. */
  onSettled?: (info: { rssBefore: number; rssAfter: number; ms: number; peak: number }) => void;
}

/** Counts requests in flight and runs one full collection once a spike of them has ended. */
export class MemorySettler {
  readonly #spikeAt: number;
  readonly #quietAt: number;
  readonly #quietMs: number;
  readonly #gc: (() => void) | null;
  readonly #onSettled?: MemorySettlerOptions["onSettled"];
  #inFlight = 0;
  #peak = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: MemorySettlerOptions = {}) {
    this.#spikeAt = options.spikeAt ?? 200;
    this.#quietAt = options.quietAt ?? 2;
    this.#quietMs = options.quietMs ?? 3000;
    this.#gc = this.#spikeAt > 0 ? (options.gc === undefined ? exposedGc() : options.gc) : null;
    this.#onSettled = options.onSettled;
  }

  /** Whether a collection can run at all (a collector is available and settling is on). */
  get enabled(): boolean {
    return this.#gc !== null;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** A request started. */
  enter(): void {
    this.#inFlight++;
    if (this.#inFlight > this.#peak) this.#peak = this.#inFlight;
    if (this.#timer !== undefined && this.#inFlight > this.#quietAt) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  /** A request ended. */
  leave(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (!this.#gc || this.#peak < this.#spikeAt || this.#inFlight > this.#quietAt) return;
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.#settle(), this.#quietMs);
    // Never keeps the process alive.
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  /** Stops a pending collection (shutdown). */
  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #settle(): void {
    this.#timer = undefined;
    if (!this.#gc || this.#inFlight > this.#quietAt) return;
    const peak = this.#peak;
    this.#peak = this.#inFlight;
    const rssBefore = Deno.memoryUsage().rss;
    const began = performance.now();
    this.#gc();
    const ms = performance.now() - began;
    this.#onSettled?.({ rssBefore, rssAfter: Deno.memoryUsage().rss, ms, peak });
  }
}
