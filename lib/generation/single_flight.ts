/**
 * Single flight: identical requests (same cache key) that arrive while the first is still generating attach to
 * its run and receive the same events — everything sent so far from a buffer, then the rest live — so the
 * run (and its budget unit) is shared.
 *
 * The run is pumped by the flight itself, not by any one client: when the leader's client disconnects the
 * generation keeps going for the followers. Upstream is aborted (through the signal handed to the run) only
 * when no subscriber is left; one follower going away affects no one else. A flight leaves the registry when
 * its run ends (after the run's finalizers, so by then the generation is stored) or when its last subscriber
 * leaves, so nobody joins a run that is being cancelled.
 *
 * Scope: one process. Across processes (several instances over one KV) identical concurrent requests each
 * generate; repeats after the first is stored are answered by the exact cache.
 */
import type { GenerationEvent } from "../protocol/events.ts";

/** Builds the shared run; `signal` fires when the last subscriber has gone. */
export type FlightSource = (signal: AbortSignal) => AsyncIterable<GenerationEvent>;

class Flight {
  readonly events: GenerationEvent[] = [];
  readonly controller = new AbortController();
  done = false;
  failed = false;
  error: unknown;
  subscribers = 0;
  #waiters = new Set<() => void>();

  constructor(readonly key: string | null, private readonly onClose: (flight: Flight) => void) {}

  /** Consumes the run in the background, buffering every event. */
  pump(source: AsyncIterable<GenerationEvent>): void {
    (async () => {
      try {
        for await (const event of source) {
          this.events.push(event);
          this.#wake();
        }
      } catch (err) {
        this.failed = true;
        this.error = err;
      } finally {
        this.done = true;
        this.onClose(this);
        this.#wake();
      }
    })();
  }

  #wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next event, the end of the run, or when `signal` fires. */
  changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Adds a subscriber whose client is gone when `signal` fires. */
  subscribe(signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    this.subscribers++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      signal.removeEventListener("abort", release);
      this.subscribers--;
      if (this.subscribers === 0 && !this.done) {
        this.onClose(this);
        this.controller.abort(new Error("every client went away"));
      }
    };
    signal.addEventListener("abort", release, { once: true });
    if (signal.aborted) release();
    return this.#follow(signal, () => released, release);
  }

  async *#follow(
    signal: AbortSignal,
    released: () => boolean,
    release: () => void,
  ): AsyncGenerator<GenerationEvent> {
    let next = 0;
    try {
      while (!released()) {
        while (next < this.events.length) yield this.events[next++];
        if (this.done) {
          if (this.failed) throw this.error;
          return;
        }
        await this.changed(signal);
      }
    } finally {
      release();
    }
  }
}

/** The registry of in-flight runs of this process, keyed by cache key. */
export class SingleFlight {
  readonly #flights = new Map<string, Flight>();

  /** Number of runs in flight that can be joined. */
  get size(): number {
    return this.#flights.size;
  }

  /** Whether a joinable run is in flight for `key`. */
  has(key: string): boolean {
    return this.#flights.has(key);
  }

  /**
   * Attaches to the run in flight for `key`: the events so far, then live ones. Null when there is none.
   * `signal` fires when this subscriber's client goes away.
   */
  join(key: string, signal: AbortSignal): AsyncGenerator<GenerationEvent> | null {
    const flight = this.#flights.get(key);
    return flight ? flight.subscribe(signal) : null;
  }

  /**
   * Starts a run and subscribes its first client. With a `key` not already in flight the run is registered
   * so identical requests can join; with `key` null (or already taken, e.g. a forced regeneration) it runs
   * unregistered but with the same delivery and cancellation rules.
   */
  lead(key: string | null, source: FlightSource, signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    const registered = key !== null && !this.#flights.has(key) ? key : null;
    const flight = new Flight(registered, (f) => {
      if (f.key !== null && this.#flights.get(f.key) === f) this.#flights.delete(f.key);
    });
    if (registered !== null) this.#flights.set(registered, flight);
    // Subscribe before the run starts so the first events are buffered for this client.
    const subscription = flight.subscribe(signal);
    flight.pump(source(flight.controller.signal));
    return subscription;
  }
}
