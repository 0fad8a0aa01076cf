/**
 * Incremental parser for a model's streamed plan: it is fed text deltas of `{"elements":[ {…}, {…}, … ]}`
 * and hands back each item of the `elements` array the moment the item's last character arrives, so elements
 * reach the client while the model is still writing the rest.
 *
 * Only the structure is tracked (strings with their escapes, `{}`/`[]` nesting, the top-level keys); each
 * finished item is then parsed with `JSON.parse`. That makes it tolerant of what models do around the JSON:
 * text or a markdown code fence before it, anything after the closing brace, a bare `[ … ]` array instead of
 * the wrapper object, other top-level keys next to `elements`.
 *
 * Failures:
 * - an item that is bracket-balanced but not valid JSON (unquoted key, trailing comma, bad literal, raw
 *   newline in a string…) is reported as a malformed item, and parsing continues with the next one;
 * - anything that breaks the structure itself (mismatched brackets, `elements` not an array, an oversized
 *   item, output that ends before the array is closed, no `elements` array at all) throws
 *   `ElementStreamError`, after which the parser stays failed.
 */

/** One finished item of the `elements` array. */
export type ParsedItem =
  | { ok: true; value: unknown }
  | { ok: false; error: string; raw: string };

/** The output cannot be turned into elements any further. */
export class ElementStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ElementStreamError";
  }
}

/** Options of a parser. */
export interface ElementStreamParserOptions {
  /** Largest item, in characters, before the output is treated as broken. */
  maxItemChars?: number;
  /** Key of the array in the top-level object. */
  arrayKey?: string;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const RAW_SNIPPET = 200;
/** What may precede a bare top-level array: whitespace and an opening markdown fence. */
const BARE_ARRAY_PREFIX = /^\s*(```[a-zA-Z]*\s*)?$/;

/** Streaming extractor of the items of a top-level `elements` array (see the module comment). */
export class ElementStreamParser {
  readonly #maxItemChars: number;
  readonly #arrayKey: string;

  /** Before the top-level value, inside it, or after it. */
  #phase: "preamble" | "body" | "done" = "preamble";
  /** Open containers, outermost first. */
  #stack: ("{" | "[")[] = [];
  #inString = false;
  #escape = false;
  /** Depth (stack length) of the open elements array, or -1. */
  #arrayDepth = -1;
  #sawArray = false;
  /** In the top-level object: expecting a key (after `{` or `,`) rather than a value. */
  #expectKey = false;
  /** Raw text (with quotes) of the top-level key being read, or null. */
  #keyRaw: string | null = null;
  #lastKey: string | null = null;
  /** Text of the array item being read, or null between items. */
  #item: string | null = null;
  /**
   * The open item's text is `#item` (from earlier deltas) plus `#delta.slice(#itemFrom, …)`: it is appended
   * once per delta, not once per character (a string grown a character at a time is a chain of tiny string
   * nodes, ~30 bytes per character held while the item is open).
   */
  #delta = "";
  #itemFrom = 0;
  /** Offset in `#delta` just past the character being read. */
  #pos = 0;
  /** The item being read is a primitive (ends at `,` or `]`), not an object/array. */
  #itemPrimitive = false;
  /** Text before the top-level value (first characters only). */
  #preamble = "";
  #failed: ElementStreamError | null = null;
  #items = 0;

  constructor(options: ElementStreamParserOptions = {}) {
    this.#maxItemChars = options.maxItemChars ?? 64 * 1024;
    this.#arrayKey = options.arrayKey ?? "elements";
  }

  /** Items finished so far (good or malformed). */
  get itemCount(): number {
    return this.#items;
  }

  /** True once the elements array (and its wrapper object) is closed. */
  get done(): boolean {
    return this.#phase === "done";
  }

  /** Feeds one text delta; returns the items it completed, in order. Throws ElementStreamError. */
  push(delta: string): ParsedItem[] {
    if (this.#failed) throw this.#failed;
    const out: ParsedItem[] = [];
    try {
      this.#delta = delta;
      this.#itemFrom = 0;
      this.#pos = 0;
      for (const ch of delta) {
        this.#pos += ch.length;
        this.#char(ch, out);
      }
      if (this.#item !== null) this.#item += delta.slice(this.#itemFrom);
      this.#delta = "";
    } catch (err) {
      if (err instanceof ElementStreamError) this.#failed = err;
      throw err;
    }
    return out;
  }

  /** Ends the input; throws ElementStreamError unless a whole elements array was read. */
  end(): ParsedItem[] {
    if (this.#failed) throw this.#failed;
    if (this.#phase === "done") return [];
    if (!this.#sawArray) {
      this.#failed = new ElementStreamError(`the model's output has no "${this.#arrayKey}" array`);
    } else {
      this.#failed = new ElementStreamError(
        `the model's output ended before the "${this.#arrayKey}" array was closed (after ${this.#items} items)`,
      );
    }
    throw this.#failed;
  }

  #char(ch: string, out: ParsedItem[]): void {
    if (this.#phase === "done") return;
    if (this.#phase === "preamble") return this.#preambleChar(ch);
    if (this.#item !== null) {
      if (this.#item.length + this.#pos - this.#itemFrom > this.#maxItemChars) {
        throw new ElementStreamError(`an element is longer than ${this.#maxItemChars} characters`);
      }
    } else if (this.#keyRaw !== null) {
      this.#keyRaw += ch;
      if (this.#keyRaw.length > 1000) throw new ElementStreamError("a top-level key is too long");
    }
    if (this.#inString) return this.#stringChar(ch);
    const depth = this.#stack.length;
    // Between items of the elements array.
    if (depth === this.#arrayDepth && this.#item === null) return this.#betweenItemsChar(ch);
    // Inside a primitive item: it ends at `,` or `]` of the array.
    if (this.#item !== null && this.#itemPrimitive && depth === this.#arrayDepth) {
      return this.#primitiveItemChar(ch, out);
    }
    this.#structureChar(ch, depth, out);
  }

  /**
   * Skips prose or a code fence until the JSON starts. A bare array is only taken when nothing but a code
   * fence came before it, so a `[` in prose is not mistaken for the plan.
   */
  #preambleChar(ch: string): void {
    if (ch === "{") {
      this.#stack = ["{"];
      this.#expectKey = true;
      this.#phase = "body";
    } else if (ch === "[" && BARE_ARRAY_PREFIX.test(this.#preamble)) {
      this.#stack = ["["];
      this.#openArray();
      this.#phase = "body";
    } else if (this.#preamble.length < 100) {
      this.#preamble += ch;
    }
  }

  /** A character inside a string: escapes, and the closing quote (which may end a top-level key). */
  #stringChar(ch: string): void {
    if (this.#escape) this.#escape = false;
    else if (ch === "\\") this.#escape = true;
    else if (ch === '"') {
      this.#inString = false;
      if (this.#keyRaw !== null) this.#endKey();
    }
  }

  /** A character between items of the elements array: the start of the next item, or the array's end. */
  #betweenItemsChar(ch: string): void {
    if (WHITESPACE.has(ch) || ch === ",") return;
    if (ch === "]") {
      this.#close("[");
      return;
    }
    this.#item = "";
    this.#itemFrom = this.#pos - ch.length;
    this.#itemPrimitive = ch !== "{" && ch !== "[";
    if (ch === '"') this.#inString = true;
    else if (!this.#itemPrimitive) this.#stack.push(ch as "{" | "[");
  }

  /** A character of a primitive item: it ends at `,` or `]` of the array. */
  #primitiveItemChar(ch: string, out: ParsedItem[]): void {
    if (ch === '"') {
      this.#inString = true;
      return;
    }
    if (ch === "," || ch === "]") {
      this.#emit(this.#item + this.#delta.slice(this.#itemFrom, this.#pos - ch.length), out);
      if (ch === "]") this.#close("[");
      return;
    }
    if (ch === "{" || ch === "[") this.#stack.push(ch);
    else if (ch === "}") throw new ElementStreamError("unexpected } in the elements array");
  }

  /** Any other character outside strings: nesting, top-level keys, the elements array, and item ends. */
  #structureChar(ch: string, depth: number, out: ParsedItem[]): void {
    switch (ch) {
      case '"':
        this.#inString = true;
        if (depth === 1 && this.#stack[0] === "{" && this.#expectKey && this.#item === null) {
          this.#keyRaw = '"';
        }
        return;
      case "{":
      case "[":
        if (depth === 1 && this.#stack[0] === "{" && !this.#expectKey && this.#lastKey === this.#arrayKey) {
          if (ch !== "[") throw new ElementStreamError(`"${this.#arrayKey}" is not an array`);
          this.#stack.push("[");
          this.#openArray();
          return;
        }
        this.#stack.push(ch);
        return;
      case "}":
      case "]": {
        const open = ch === "}" ? "{" : "[";
        this.#close(open);
        if (this.#item !== null && !this.#itemPrimitive && this.#stack.length === this.#arrayDepth) {
          this.#emit(this.#item + this.#delta.slice(this.#itemFrom, this.#pos), out);
        }
        return;
      }
      case ":":
        if (depth === 1 && this.#stack[0] === "{") this.#expectKey = false;
        return;
      case ",":
        if (depth === 1 && this.#stack[0] === "{") {
          this.#expectKey = true;
          this.#lastKey = null;
        }
        return;
      default:
        if (
          depth === 1 && this.#stack[0] === "{" && !this.#expectKey && this.#lastKey === this.#arrayKey &&
          !WHITESPACE.has(ch)
        ) {
          throw new ElementStreamError(`"${this.#arrayKey}" is not an array`);
        }
    }
  }

  #openArray(): void {
    this.#arrayDepth = this.#stack.length;
    this.#sawArray = true;
  }

  #endKey(): void {
    const raw = this.#keyRaw!;
    this.#keyRaw = null;
    try {
      this.#lastKey = JSON.parse(raw);
    } catch {
      this.#lastKey = null;
    }
  }

  #close(open: "{" | "["): void {
    const top = this.#stack.at(-1);
    if (top !== open) {
      const ch = open === "{" ? "}" : "]";
      throw new ElementStreamError(`mismatched ${ch} in the model's output`);
    }
    const closingArray = this.#stack.length === this.#arrayDepth;
    this.#stack.pop();
    if (closingArray) this.#arrayDepth = -1;
    if (this.#stack.length === 0) {
      if (this.#sawArray) {
        this.#phase = "done";
      } else {
        // A brace in leading prose, or an object without the array: keep looking for the real thing.
        this.#phase = "preamble";
        this.#lastKey = null;
      }
    }
  }

  #emit(raw: string, out: ParsedItem[]): void {
    this.#item = null;
    this.#itemPrimitive = false;
    this.#items++;
    try {
      out.push({ ok: true, value: JSON.parse(raw) });
    } catch (err) {
      out.push({
        ok: false,
        error: err instanceof Error ? err.message : String(err),
        raw: raw.length > RAW_SNIPPET ? raw.slice(0, RAW_SNIPPET) + "…" : raw,
      });
    }
  }
}
