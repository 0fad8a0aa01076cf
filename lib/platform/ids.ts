/** Identifiers: sortable ULIDs for generations and other records (newest sorts last). */
import { monotonicFactory } from "ulid";

const next = monotonicFactory();

/** A new ULID; monotonic within this process, lexicographically sortable by creation time. */
export function newId(): string {
  return next();
}

/** The shape of an id made by {@link newId}: 26 characters of Crockford base 32. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
