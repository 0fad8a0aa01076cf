/**
 * The SentencePiece (unigram) tokenizer of the Universal Sentence Encoder lite: text → vocabulary ids, the
 * input of the sentence encoder (lib/semantic/embeddings/sentence_encoder.ts).
 *
 * A port of the tokenizer of TensorFlow.js models' `universal-sentence-encoder` (Apache-2.0, © Google LLC),
 * as also shipped by `@energetic-ai/embeddings` (Apache-2.0): NFKC, spaces become `▁`, then the segmentation
 * with the highest total piece score (Viterbi over a trie of the pieces); runs of unknown characters become
 * one unknown id (0).
 */

/** One vocabulary entry: the piece and its log-probability score. */
export type VocabularyEntry = [piece: string, score: number];

/** The first ids are reserved (unknown, `<s>`, `</s>`, extra ids): never produced from text but 0. */
const RESERVED_IDS = 6;
const SEPARATOR = "\u2581";

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Vocabulary id when a piece ends here, else -1. */
  id: number;
  score: number;
  /** Length of the piece in code points. */
  length: number;
}

const node = (length: number): TrieNode => ({ children: new Map(), id: -1, score: 0, length });

/** Turns texts into the vocabulary ids of the sentence encoder. */
export class SentencePieceTokenizer {
  readonly #root = node(0);
  readonly #lengths: number[];

  constructor(vocabulary: VocabularyEntry[]) {
    this.#lengths = vocabulary.map(([piece]) => [...piece].length);
    for (let id = RESERVED_IDS; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id];
      let at = this.#root;
      let length = 0;
      for (const symbol of piece) {
        length++;
        let next = at.children.get(symbol);
        if (!next) at.children.set(symbol, next = node(length));
        at = next;
      }
      at.id = id;
      at.score = score;
    }
  }

  /** The ids of one text (empty for an empty text). */
  encode(text: string): number[] {
    const normalized = text.normalize("NFKC");
    if (!normalized.length) return [];
    const symbols = [...(SEPARATOR + normalized.replace(/ /g, SEPARATOR))];
    const n = symbols.length;
    // best[e]: the highest score of a segmentation of symbols[0, e); last[e]: the id of its last piece.
    // Every position is reachable (an unknown symbol is a piece of its own); 0 means "not set yet", as in the
    // original (piece scores are negative, so only unknown pieces, scored 0, can leave it there).
    const best = new Float64Array(n + 1);
    const last = new Int32Array(n + 1);
    const lastLength = new Int32Array(n + 1);
    for (let start = 0; start < n; start++) {
      let matched = false;
      let at = this.#root.children.get(symbols[start]);
      for (let i = start; at && i < n; i++) {
        if (at.id >= 0) {
          matched = true;
          this.#relax(best, last, lastLength, start, i + 1, at.id, at.score, at.length);
        }
        at = at.children.get(symbols[i + 1]);
      }
      // A symbol no piece starts with is unknown (id 0, score 0), as in the original.
      if (!matched) this.#relax(best, last, lastLength, start, start + 1, 0, 0, 1);
    }
    const ids: number[] = [];
    for (let e = n; e > 0; e -= lastLength[e]) ids.push(last[e]);
    ids.reverse();
    // Consecutive unknown ids are merged into one.
    return ids.filter((id, i) => !(id === 0 && i > 0 && ids[i - 1] === 0));
  }

  #relax(
    best: Float64Array,
    last: Int32Array,
    lastLength: Int32Array,
    start: number,
    end: number,
    id: number,
    score: number,
    length: number,
  ): void {
    const total = score + best[start];
    if (best[end] === 0 || total >= best[end]) {
      best[end] = total;
      last[end] = id;
      lastLength[end] = id === 0 ? length : this.#lengths[id];
    }
  }
}
