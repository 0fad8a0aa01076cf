/**
 * The generation pipeline's single rollback path. Each step that takes something (a quota unit, a budget
 * reservation, a provider slot or queue place) registers how to give it back; on any refusal, error or client
 * abort `rollback()` gives everything back in reverse order, once. When the run starts, `handOver()` passes
 * ownership to the run (its finalizers commit or release), and the stack is left empty.
 */
import { log } from "../platform/logger.ts";

/** One registered undo. */
interface Undo {
  what: string;
  run: () => Promise<void> | void;
}

/** Undos of one request, run in reverse on rollback. */
export class UndoStack {
  #undos: Undo[] = [];

  /** Registers how to give back what a step took (`what` names it in logs). */
  push(what: string, run: () => Promise<void> | void): void {
    this.#undos.push({ what, run });
  }

  /** Gives back everything taken so far, newest first; a failing undo is logged and the rest still run. */
  async rollback(): Promise<void> {
    const undos = this.#undos.reverse();
    this.#undos = [];
    for (const undo of undos) {
      try {
        await undo.run();
      } catch (err) {
        log.warn("rollback step failed", { step: undo.what, error: err });
      }
    }
  }

  /** The run now owns what was taken: nothing is given back by this stack any more. */
  handOver(): void {
    this.#undos = [];
  }
}
