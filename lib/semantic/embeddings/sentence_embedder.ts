/**
 * The default local embedder since v3: a pre-trained sentence encoder joined with the lexicon features, and
 * a learned projection to 256 dimensions. No network, nothing downloaded at run time.
 *
 * A description becomes:
 *  1. its features (768 dimensions, {@link sentenceFeatures}): the Universal Sentence Encoder lite's vector of
 *     the lower-cased description (./sentence_encoder.ts; it reads the whole sentence, so paraphrases in other
 *     words meet), unit length, scaled by √(1 − {@link LEXICON_SHARE}), and the previous local embedder's
 *     vector (lexicon concepts, hashed words, trigrams and GloVe word vectors, ./local.ts), unit length, scaled
 *     by √{@link LEXICON_SHARE}: the cosine of two feature vectors is the blend of the two cosines;
 *  2. the projection of the features on 256 learned directions (./projection.ts, fitted on the train split of
 *     eval/similarity/ by `deno task build:projection`), unit length. That is what is stored and compared.
 * The encoder (~26 MB of weights, TensorFlow.js on WebAssembly) loads on the first embedding, or earlier with
 * {@link SentenceEmbedder.warm} (the server calls it once it listens).
 *
 * Bump {@link SENTENCE_EMBEDDER_VERSION} whenever the encoder, the features or the projection change, so
 * stored vectors are re-embedded (backfill) instead of compared across versions.
 */
import { LocalEmbedder } from "./local.ts";
import { loadProjection, project, type Projection } from "./projection.ts";
import { loadSentenceEncoder, SENTENCE_DIMENSIONS, type SentenceEncoder } from "./sentence_encoder.ts";
import { normalize } from "./unit_vector.ts";

/** Version of the encoder, features and projection. */
export const SENTENCE_EMBEDDER_VERSION = "v3";
/** Length of the stored vectors. */
export const SENTENCE_EMBEDDER_DIMENSIONS = 256;
/** Id of the default local embedder's vector space. */
export const SENTENCE_EMBEDDER_ID =
  `local:use-lite-lexicon-proj:${SENTENCE_EMBEDDER_DIMENSIONS}:${SENTENCE_EMBEDDER_VERSION}`;
/** Share of the features' cosine that comes from the lexicon + word-vector part (chosen on train). */
export const LEXICON_SHARE = 0.4;
/** Length of the joined features (encoder + lexicon embedder). */
export const FEATURE_DIMENSIONS = SENTENCE_DIMENSIONS + 256;

/** What the embedder is made of (defaults: the shipped encoder, projection and lexicon embedder). */
export interface SentenceEmbedderParts {
  encoder?: () => Promise<SentenceEncoder>;
  projection?: () => Promise<Projection>;
  lexicon?: { embed(texts: string[]): Promise<Float32Array[]> };
}

/** The sentence encoder's unit vectors of lower-cased texts. */
export async function encodeSentences(
  texts: string[],
  encoder: () => Promise<SentenceEncoder> = loadSentenceEncoder,
): Promise<Float32Array[]> {
  const model = await encoder();
  return (await model.encode(texts.map((t) => t.toLowerCase()))).map(normalize);
}

/** The joined features of texts (see the module comment), {@link FEATURE_DIMENSIONS} each. */
export async function sentenceFeatures(
  texts: string[],
  parts: SentenceEmbedderParts = {},
  lexiconShare = LEXICON_SHARE,
): Promise<Float32Array[]> {
  const lexicon = parts.lexicon ?? new LocalEmbedder();
  const [sentences, words] = await Promise.all([
    encodeSentences(texts, parts.encoder),
    lexicon.embed(texts),
  ]);
  const a = Math.sqrt(1 - lexiconShare), b = Math.sqrt(lexiconShare);
  return texts.map((_, i) => {
    const out = new Float32Array(FEATURE_DIMENSIONS);
    for (let d = 0; d < SENTENCE_DIMENSIONS; d++) out[d] = a * sentences[i][d];
    for (let d = 0; d < words[i].length; d++) out[SENTENCE_DIMENSIONS + d] = b * words[i][d];
    return out;
  });
}

/** The default local embedder (see the module comment). */
export class SentenceEmbedder {
  readonly id = SENTENCE_EMBEDDER_ID;
  readonly dimensions = SENTENCE_EMBEDDER_DIMENSIONS;
  readonly #parts: SentenceEmbedderParts;

  constructor(parts: SentenceEmbedderParts = {}) {
    this.#parts = parts;
  }

  /** Loads the encoder and the projection now (resolves when an embedding would not wait for them). */
  async warm(): Promise<void> {
    await Promise.all([
      (this.#parts.encoder ?? loadSentenceEncoder)(),
      (this.#parts.projection ?? loadProjection)(),
    ]);
  }

  /** One unit vector per text. Rejects when the encoder cannot be loaded. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    if (!texts.length) return [];
    const [features, projection] = await Promise.all([
      sentenceFeatures(texts, this.#parts),
      (this.#parts.projection ?? loadProjection)(),
    ]);
    if (projection.header.outputDims !== this.dimensions) {
      throw new Error(`projection has ${projection.header.outputDims} dims, expected ${this.dimensions}`);
    }
    return features.map((f) => normalize(project(projection, f)));
  }
}

/** The sentence encoder alone (for the evaluation): 512-d unit vectors of the lower-cased descriptions. */
export class SentenceOnlyEmbedder {
  readonly id = "local:use-lite:512:v1";
  readonly dimensions = SENTENCE_DIMENSIONS;

  /** One unit vector per text. */
  embed(texts: string[]): Promise<Float32Array[]> {
    return encodeSentences(texts);
  }
}

/** The joined features without the projection (for the evaluation): 768-d. */
export class SentenceLexiconEmbedder {
  readonly id = "local:use-lite-lexicon:768:v1";
  readonly dimensions = FEATURE_DIMENSIONS;

  /** One unit vector per text. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    return (await sentenceFeatures(texts)).map(normalize);
  }
}
