/** Identifiers: sortable ULIDs for generations and other records (newest sorts last). */
import { monotonicFactory } from "ulid";

const next = monotonicFactory();

/** A new ULID; monotonic within this process, lexicographically sortable by creation time. */
export function newId(): string {
  return next();
}
