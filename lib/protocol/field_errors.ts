/**
 * Validation issues as field messages: the one conversion from zod issues to the `fields` map every
 * interface reports (the HTTP API's 400 `invalid_request` body, the admin dashboard's form errors, the CLI).
 * Pure data, no HTTP.
 */
import type { z } from "zod";

/** How the issues are named. */
export interface FieldErrorsOptions {
  /** Name used for an issue about the whole input (default `body`). */
  root?: string;
  /** Path segments put before every issue's path (e.g. `["input"]` for a wrapped body). */
  prefix?: readonly string[];
}

/**
 * Turns zod issues into `{ "dotted.path": message }`, keeping the first message per field. An unknown key is
 * named twice: under its own path (`"colour": "unknown field"`), and under the object holding it (the root
 * name at the top level) with the list of unknown keys, so a client can point at the field or at the body.
 */
export function fieldErrorsOf(
  issues: readonly z.core.$ZodIssue[],
  options: FieldErrorsOptions = {},
): Record<string, string> {
  const root = options.root ?? "body";
  const prefix = options.prefix ?? [];
  const fields: Record<string, string> = {};
  const name = (path: readonly PropertyKey[]) => [...prefix, ...path.map(String)].join(".") || root;
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields[name([...issue.path, key])] ??= "unknown field";
      fields[name(issue.path)] ??= `unknown field(s): ${issue.keys.join(", ")}`;
      continue;
    }
    fields[name(issue.path)] ??= issue.message;
  }
  return fields;
}

/** The summary message of a validation failure: which fields to check. */
export function invalidFieldsMessage(fields: Record<string, string>): string {
  return `Invalid request: check ${Object.keys(fields).join(", ")}.`;
}
