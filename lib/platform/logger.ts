/**
 * Structured logs: one JSON object per line, `{"ts","level","msg",…fields}`, with the request id when there
 * is one. Before a line is written every field is scrubbed:
 *  - fields whose name says they hold a secret (authorization, cookie, api key, admin key, …token, secret,
 *    password, credential) are replaced by `"[redacted]"`;
 *  - secret-looking strings anywhere (`Bearer …`, `sk-…`, `sk-ant-…`, `vtp_…` API keys) are masked;
 *  - descriptions and prompts (`appDescription`, `description`, `prompt`, `messages`, `system`, `input`
 *    when a string) are truncated to `maxTextChars`, so no full prompt reaches the logs;
 *  - errors become `{name, message}` (stack only at debug level), nesting is cut at depth 6.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Log levels, least to most severe. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One of LOG_LEVELS. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Extra fields of a log line. */
export type LogFields = Record<string, unknown>;

/** Where finished lines go; the default writes info/debug to stdout and warn/error to stderr. */
export type LogSink = (line: string, level: LogLevel) => void;

/** Options of `createLogger`. */
export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  /** Fields added to every line (e.g. `{ requestId }`). */
  fields?: LogFields;
  /** Longest description/prompt kept, in characters (default 80). */
  maxTextChars?: number;
  /** Clock (tests). */
  now?: () => Date;
}

/** A structured logger. */
export interface Logger {
  level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** True when lines of `level` are written. */
  enabled(level: LogLevel): boolean;
  /** A logger that adds `fields` to every line and shares this one's level and sink. */
  child(fields: LogFields): Logger;
}

const SECRET_KEY = /authorization|cookie|api[-_]?key|admin[-_]?key|token$|secret|passw|credential/i;
const TEXT_KEY = /^(appdescription|description|prompt|messages|system|input|content|text)$/i;
const SECRET_VALUE: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  [/\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{8,}/g, "sk-[redacted]"],
  [/\bvtp_[A-Za-z0-9_-]{6,}/g, "vtp_[redacted]"],
];
const MAX_DEPTH = 6;
const MAX_STRING = 2000;

/** Masks secret-looking substrings of a string. */
export function maskSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of SECRET_VALUE) out = out.replace(re, replacement);
  return out;
}

/** Cuts `text` to `max` characters, noting how many were left out. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(+${text.length - max} chars)`;
}

/** Returns a JSON-safe, scrubbed copy of `value` (see the module comment for the rules). */
export function redact(value: unknown, opts: { maxTextChars?: number; stacks?: boolean } = {}): unknown {
  const maxText = opts.maxTextChars ?? 80;
  const seen = new WeakSet<object>();
  const walk = (v: unknown, key: string, depth: number): unknown => {
    if (key && SECRET_KEY.test(key) && v !== undefined && v !== null && v !== "" && typeof v !== "boolean") {
      return "[redacted]";
    }
    if (typeof v === "string") {
      const masked = maskSecrets(v);
      return truncate(masked, key && TEXT_KEY.test(key) ? maxText : MAX_STRING);
    }
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v !== "object") {
      return typeof v === "function" || typeof v === "symbol" ? String(v) : v;
    }
    if (seen.has(v)) return "[circular]";
    if (depth >= MAX_DEPTH) return "[…]";
    seen.add(v);
    if (v instanceof Error) {
      const out: Record<string, unknown> = { name: v.name, message: walk(v.message, "message", depth + 1) };
      const code = (v as { code?: unknown }).code;
      if (code !== undefined) out.code = walk(code, "code", depth + 1);
      if (opts.stacks && v.stack) out.stack = walk(v.stack, "stack", depth + 1);
      return out;
    }
    if (v instanceof Headers) {
      return walk(Object.fromEntries(v.entries()), key, depth);
    }
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) {
      if (key && TEXT_KEY.test(key)) return `[${v.length} items]`;
      return v.slice(0, 50).map((x) => walk(x, "", depth + 1));
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, k, depth + 1);
    return out;
  };
  return walk(value, "", 0);
}

/** Marks the async work run inside {@link withLogsMuted} (it and everything it starts). */
const muted = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with every logger's lines dropped for it and for the work it starts (promises, timers): the
 * start-up warm-up's throwaway requests are not the operator's traffic. Work outside it logs as usual.
 */
export function withLogsMuted<T>(fn: () => T): T {
  return muted.run(true, fn);
}

function defaultSink(line: string, level: LogLevel): void {
  if (level === "warn" || level === "error") console.error(line);
  else console.log(line);
}

/** Builds a logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const state = { level: options.level ?? "info" as LogLevel };
  const sink = options.sink ?? defaultSink;
  const now = options.now ?? (() => new Date());
  const make = (base: LogFields): Logger => {
    const write = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(state.level) || muted.getStore()) return;
      const body = redact({ ...base, ...fields }, {
        maxTextChars: options.maxTextChars,
        stacks: state.level === "debug",
      }) as LogFields;
      let line: string;
      try {
        line = JSON.stringify({ ts: now().toISOString(), level, msg: maskSecrets(msg), ...body });
      } catch {
        line = JSON.stringify({
          ts: now().toISOString(),
          level,
          msg: maskSecrets(msg),
          fields: "[unserializable]",
        });
      }
      try {
        sink(line, level);
      } catch {
        // A broken sink must never break a request.
      }
    };
    return {
      get level() {
        return state.level;
      },
      set level(l: LogLevel) {
        state.level = l;
      },
      debug: (msg, fields) => write("debug", msg, fields),
      info: (msg, fields) => write("info", msg, fields),
      warn: (msg, fields) => write("warn", msg, fields),
      error: (msg, fields) => write("error", msg, fields),
      enabled: (level) => LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(state.level),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.fields ?? {});
}

/** The process-wide logger; `createApp` sets its level from LOG_LEVEL. */
export const log: Logger = createLogger();
