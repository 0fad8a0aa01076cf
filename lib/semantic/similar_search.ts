/**
 * The semantic cache: finds the stored generation most similar to a request, and keeps the vector index in
 * step with the generation store.
 *
 * Rules:
 *  - only generations with the same scale and competitor are candidates (a filter: the index partition), and
 *    only vectors made by the same embedder (its id is part of the partition);
 *  - a match counts only at or above the threshold: `SIMILARITY_THRESHOLD`, else the embedder's calibrated
 *    default (lib/semantic/embeddings/mod.ts);
 *  - the stated figures must agree (lib/semantic/figure_agreement.ts): a figure of one kind both descriptions
 *    state (users, staff, devices, events, data volume, tenants…) more than 10× apart skips the candidate (the
 *    same app at another size is sized and priced for the other figure);
 *  - the decisive capabilities must agree (lib/semantic/capability_agreement.ts): a candidate where one side
 *    asks for payments, AI, video, offline use, real-time collaboration or multi-tenancy and the other
 *    refuses it ("without any payments") or never names it is skipped;
 *  - the plans must agree (lib/semantic/plan_agreement.ts): the offline planner's architecture for the asker's
 *    request and for the matched description with the asker's priorities and region share at least 70 % of
 *    their node names on each platform, else the candidate is skipped (the threshold is calibrated with this
 *    gate: the embedder alone puts other apps above it);
 *  - the answer must fit the asker: its value propositions and costs are rebuilt for the asker's priorities and
 *    region from the matched architecture (lib/semantic/answer_for_asker.ts), and a candidate that cannot be
 *    rebuilt is skipped for the next one;
 *  - a vector whose generation is gone (deleted elsewhere, expired by `GENERATION_TTL_DAYS`) is skipped and
 *    removed from the index.
 * The generation pipeline asks for a similar answer only when the budget or the client's quota is spent.
 */
import { createEmbedder, type Embedder, embeddingTextOf, thresholdFor } from "./embeddings/mod.ts";
import type { Config } from "../platform/config.ts";
import {
  type GenerationRecord,
  servableTo,
  type StoredGeneration,
  type Viewer,
} from "../store/generation_store.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { VectorIndex } from "./vector_index.ts";
import { answerForAsker, type RebuiltPart, type Replan } from "./answer_for_asker.ts";
import { type PlanNames, planNamesOf, plansAgree, rememberingReplan } from "./plan_agreement.ts";
import { figuresAgree, type FiguresOf, type StatedFigures } from "./figure_agreement.ts";
import { capabilitiesAgree, type CapabilitiesOf, type CapabilityStances } from "./capability_agreement.ts";

/** What the semantic cache needs from the generation store. */
export interface GenerationLookup {
  get(id: string): Promise<StoredGeneration | null>;
}

/** A similar stored generation, fitted to the asker. */
export interface SimilarMatch {
  /** The stored generation, its elements fitted to the asker (see `rebuilt`). */
  stored: StoredGeneration;
  /** What was rebuilt for the asker's priorities and region (empty: the stored answer fits as it is). */
  rebuilt: RebuiltPart[];
  /** Cosine similarity of the two descriptions' vectors. */
  similarity: number;
}

/** Options of {@link SimilarSearch}. */
export interface SimilarSearchOptions {
  kv: Deno.Kv;
  store: GenerationLookup;
  embedder: Embedder;
  /** `SIMILARITY_THRESHOLD`; unset → the embedder's calibrated default. */
  threshold?: number;
  /** Candidates checked against the store before giving up, default 5. */
  candidates?: number;
  /**
   * The offline planner (`planArchitecture`; lib/app_services.ts): plans the asker's request and the matched
   * description for the asker, for the plan-agreement gate and to fit the answer to the asker.
   */
  replan: Replan;
  /**
   * Reads the size figures a description states (the planner's `statedFigures`; lib/app_services.ts), for
   * the stated-figures gate; unset, the gate is off.
   */
  figuresOf?: FiguresOf;
  /**
   * Reads a request's stance on the decisive capabilities (the planner's `decisiveCapabilities`;
   * lib/app_services.ts), for the decisive-capability gate; unset, the gate is off.
   */
  capabilitiesOf?: CapabilitiesOf;
}

/** Finds similar stored generations and indexes new ones. */
export class SimilarSearch {
  readonly index: VectorIndex;
  readonly embedder: Embedder;
  /** The threshold in force. */
  readonly threshold: number;
  readonly #store: GenerationLookup;
  readonly #candidates: number;
  readonly #replan: Replan;
  readonly #figuresOf?: FiguresOf;
  readonly #capabilitiesOf?: CapabilitiesOf;

  constructor(options: SimilarSearchOptions) {
    this.index = new VectorIndex(options.kv);
    this.embedder = options.embedder;
    this.threshold = thresholdFor(options.embedder.id, options.threshold);
    this.#store = options.store;
    this.#candidates = options.candidates ?? 5;
    this.#replan = options.replan;
    this.#figuresOf = options.figuresOf;
    this.#capabilitiesOf = options.capabilitiesOf;
  }

  /** Builds it from the configuration (`EMBEDDINGS`, `SIMILARITY_THRESHOLD`, …). */
  static fromConfig(
    config: Config,
    kv: Deno.Kv,
    store: GenerationLookup,
    replan: Replan,
    embedder?: Embedder,
  ): SimilarSearch {
    return new SimilarSearch({
      kv,
      store,
      replan,
      embedder: embedder ?? createEmbedder(config),
      threshold: config.SIMILARITY_THRESHOLD,
    });
  }

  /**
   * Loads the embedder's model now (the server calls it once it listens, so the first search or index does
   * not wait for the load); a failure is returned, not thrown: searches then fail and answer "no match".
   */
  async warm(): Promise<{ ms: number; error?: unknown }> {
    const began = performance.now();
    try {
      await this.embedder.warm?.();
      return { ms: performance.now() - began };
    } catch (error) {
      return { ms: performance.now() - began, error };
    }
  }

  /** Embeds one request description. */
  async vectorOf(request: Pick<NormalizedRequest, "appDescription">): Promise<Float32Array> {
    const [vector] = await this.embedder.embed([embeddingTextOf(request)]);
    return vector;
  }

  /**
   * The stored generation most similar to `request` at or above the threshold, with the same scale and
   * competitor and a vector from this embedder, whose plan agrees with the asker's (plan_agreement.ts), fitted
   * to the asker's priorities and region (a candidate that disagrees or cannot be fitted is skipped); null
   * when there is none. Only generations servable to `viewer` are
   * candidates: the public pool and the viewer's own (an API key's are private to it).
   */
  async findSimilar(
    request: NormalizedRequest,
    options: { viewer?: Viewer } = {},
  ): Promise<SimilarMatch | null> {
    const vector = await this.vectorOf(request);
    const matches = await this.index.search(vector, this.#partitionOf(request), {
      limit: this.#candidates,
      minScore: this.threshold,
    });
    // Plans are remembered for this search: the gate and the fitting plan the same matched request.
    const replan = rememberingReplan(this.#replan);
    let askerNames: PlanNames | undefined;
    let askerFigures: StatedFigures | undefined;
    let askerCapabilities: CapabilityStances | undefined;
    for (const match of matches) {
      const stored = await this.#store.get(match.id);
      if (!stored) {
        // Deleted or expired behind the index's back: drop the stray vector.
        await this.index.remove(match.id).catch(() => {});
        continue;
      }
      if (!servableTo(stored.record.owner, options.viewer)) continue;
      const figuresOf = this.#figuresOf;
      if (figuresOf) {
        askerFigures ??= figuresOf(request.appDescription);
        if (!figuresAgree(figuresOf(stored.record.request.appDescription), askerFigures)) continue;
      }
      const capabilitiesOf = this.#capabilitiesOf;
      if (capabilitiesOf) {
        askerCapabilities ??= capabilitiesOf(request);
        if (!capabilitiesAgree(capabilitiesOf(stored.record.request), askerCapabilities)) continue;
      }
      askerNames ??= planNamesOf(replan(request).elements);
      if (!plansAgree(askerNames, stored.record.request, request, replan)) continue;
      const fitted = answerForAsker(stored, request, replan);
      if (!fitted) continue;
      return {
        stored: fitted.rebuilt.length ? { record: stored.record, elements: fitted.elements } : stored,
        rebuilt: fitted.rebuilt,
        similarity: Math.min(1, Math.round(match.score * 10_000) / 10_000),
      };
    }
    return null;
  }

  /** Indexes the vector of a stored generation (replacing a vector of another embedder). */
  async indexGeneration(
    record: Pick<GenerationRecord, "id" | "request">,
    vector?: Float32Array,
  ): Promise<void> {
    await this.index.add({
      id: record.id,
      ...this.#partitionOf(record.request),
      vector: vector ?? await this.vectorOf(record.request),
    });
  }

  /** Whether a generation's vector is indexed with this embedder. */
  async isIndexed(id: string): Promise<boolean> {
    const item = await this.index.get(id);
    return item !== null && item.embedderId === this.embedder.id;
  }

  /** Removes a generation's vector (delete listener of the store). */
  async removeGeneration(id: string): Promise<boolean> {
    return await this.index.remove(id);
  }

  #partitionOf(request: Pick<NormalizedRequest, "scale" | "competitor">) {
    return { embedderId: this.embedder.id, scale: request.scale, competitor: request.competitor };
  }
}
