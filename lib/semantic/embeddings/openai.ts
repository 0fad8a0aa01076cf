/**
 * OpenAI embeddings through the official `openai` SDK (`POST /embeddings`), by default
 * `text-embedding-3-small` shortened to `EMBEDDINGS_DIMENSIONS` with the API's `dimensions` parameter.
 * `OPENAI_BASE_URL` points it at any OpenAI-compatible server. Vectors are normalized to unit length (the
 * API already returns unit vectors; shortened ones are re-normalized to be safe). The API key is never logged.
 */
import OpenAI from "openai";
import { normalize } from "./unit_vector.ts";

/** Options of {@link OpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  apiKey: string;
  baseURL?: string;
  /** Default `text-embedding-3-small`. */
  model?: string;
  /** Output dimensions (the `dimensions` request parameter), default 256. */
  dimensions?: number;
  /** Texts per request (the API accepts up to 2048), default 100. */
  batchSize?: number;
  /** Milliseconds per request, default 20,000. */
  timeoutMs?: number;
}

/** Version of the request/normalization scheme; part of the embedder id. */
export const OPENAI_EMBEDDER_VERSION = "v1";

/** Thrown when the embeddings API fails or answers something unusable. */
export class EmbeddingError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = "EmbeddingError";
  }
}

/** Embeds with the OpenAI embeddings API. */
export class OpenAIEmbedder {
  readonly id: string;
  readonly dimensions: number;
  readonly model: string;
  readonly #client: OpenAI;
  readonly #batchSize: number;

  constructor(options: OpenAIEmbedderOptions) {
    this.model = options.model ?? "text-embedding-3-small";
    this.dimensions = options.dimensions ?? 256;
    this.id = `openai:${this.model}:${this.dimensions}:${OPENAI_EMBEDDER_VERSION}`;
    this.#batchSize = Math.max(1, Math.min(2048, options.batchSize ?? 100));
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: 1,
      timeout: options.timeoutMs ?? 20_000,
    });
  }

  /** One unit vector per text; batches of `batchSize` texts per request. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.#batchSize) {
      const batch = texts.slice(i, i + this.#batchSize).map((t) => t.trim() || " ");
      out.push(...await this.#embedBatch(batch));
    }
    return out;
  }

  async #embedBatch(input: string[]): Promise<Float32Array[]> {
    let response;
    try {
      response = await this.#client.embeddings.create({
        model: this.model,
        input,
        dimensions: this.dimensions,
      });
    } catch (err) {
      if (err instanceof OpenAI.APIError) {
        const status = err.status ?? 0;
        throw new EmbeddingError(
          `The embeddings API answered ${status || "with an error"}.`,
          status === 0 || status === 429 || status >= 500,
        );
      }
      throw new EmbeddingError("The embeddings API could not be reached.", true);
    }
    const data = response?.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new EmbeddingError(
        `The embeddings API returned ${
          Array.isArray(data) ? data.length : "no"
        } vectors for ${input.length} texts.`,
        false,
      );
    }
    const vectors: Float32Array[] = new Array(input.length);
    for (const item of data) {
      const index = item.index;
      const values = item.embedding as ArrayLike<number>;
      if (!Number.isInteger(index) || index < 0 || index >= input.length || vectors[index]) {
        throw new EmbeddingError("The embeddings API returned a vector with a bad index.", false);
      }
      if (!values || values.length !== this.dimensions) {
        throw new EmbeddingError(
          `The embeddings API returned ${values?.length ?? 0} dimensions, expected ${this.dimensions}.`,
          false,
        );
      }
      const v = Float32Array.from(values);
      if (!v.every(Number.isFinite)) {
        throw new EmbeddingError("The embeddings API returned a non-finite value.", false);
      }
      vectors[index] = normalize(v);
    }
    return vectors;
  }
}
