/**
 * Metrics: a small Prometheus registry (counters, gauges, histograms with labels) rendered in the text
 * exposition format 0.0.4, and the application's metrics with one recording function per event.
 *
 * Why not prom-client: it would cover the exposition format and scrape-time reads (its default process
 * metrics are opt-in, and a metric's `collect()` may be async, which the budget and spend gauges read from KV
 * would need). What it lacks is a bound on the label combinations of a metric: this registry folds the
 * excess into one `_other` series (below), so a label fed from request data cannot grow memory. That bound
 * is the reason for keeping this registry; the rest is kept small to match.
 *
 * Label values are escaped (`\\`, `"`, newline); HELP text escapes `\\` and newline. Each metric keeps at
 * most `maxSeries` label combinations; extra combinations are folded into one series whose labels are all
 * `"_other"`, so a bug that puts ids into labels cannot grow memory without bound.
 */

/** Label values by label name. */
export type Labels = Record<string, string | number | undefined>;

/** Default histogram buckets for durations in seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Buckets for cosine similarity scores (−1…1, interesting near the threshold). */
export const SIMILARITY_BUCKETS = [0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 1];

const OTHER = "_other";

/** Escapes a label value for the exposition format. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Escapes HELP text for the exposition format. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Formats a sample value: integers plainly, `+Inf`/`-Inf`/`NaN` as Prometheus spells them. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

abstract class Metric {
  protected series = new Map<string, { labels: string[] }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly maxSeries: number,
  ) {
    if (!NAME_RE.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const l of labelNames) {
      if (!LABEL_RE.test(l) || l.startsWith("__") || l === "le") throw new Error(`invalid label name ${l}`);
    }
  }
  abstract readonly type: "counter" | "gauge" | "histogram";

  /** Key of a label combination; unknown label names are an error, missing ones are "". */
  protected keyOf(labels: Labels = {}): { key: string; values: string[] } {
    for (const k of Object.keys(labels)) {
      if (!this.labelNames.includes(k)) throw new Error(`${this.name}: unknown label ${k}`);
    }
    let values = this.labelNames.map((n) => String(labels[n] ?? ""));
    let key = values.join("\u0000");
    if (!this.series.has(key) && this.series.size >= this.maxSeries) {
      values = this.labelNames.map(() => OTHER);
      key = values.join("\u0000");
    }
    return { key, values };
  }

  protected labelText(values: string[], extra?: [string, string]): string {
    const parts = this.labelNames.map((n, i) => `${n}="${escapeLabelValue(values[i])}"`);
    if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
    return parts.length ? `{${parts.join(",")}}` : "";
  }

  /** Drops every series. */
  reset(): void {
    this.series.clear();
  }

  /** The metric in the exposition format. */
  render(): string {
    const head = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    return head + this.renderSamples();
  }
  protected abstract renderSamples(): string;
}

/** A monotonically increasing count. */
export class Counter extends Metric {
  readonly type = "counter";
  protected override series = new Map<string, { labels: string[]; value: number }>();

  /** Adds `value` (≥ 0) to the series with `labels`. */
  inc(labels: Labels = {}, value = 1): void {
    if (!(value >= 0)) throw new Error(`${this.name}: counters only go up`);
    const { key, values } = this.keyOf(labels);
    const s = this.series.get(key);
    if (s) s.value += value;
    else this.series.set(key, { labels: values, value });
  }

  /** Current value of one series (0 when absent). */
  get(labels: Labels = {}): number {
    return this.series.get(this.keyOf(labels).key)?.value ?? 0;
  }

  protected renderSamples(): string {
    let out = "";
    for (const s of this.series.values()) {
      out += `${this.name}${this.labelText(s.labels)} ${formatValue(s.value)}\n`;
    }
    return out;
  }
}

/** A value that goes up and down. */
export class Gauge extends Metric {
  readonly type = "gauge";
  protected override series = new Map<string, { labels: string[]; value: number }>();

  /** Sets the series with `labels` to `value`. */
  set(labels: Labels, value: number): void {
    const { key, values } = this.keyOf(labels);
    const s = this.series.get(key);
    if (s) s.value = value;
    else this.series.set(key, { labels: values, value });
  }

  /** Adds `delta` (may be negative). */
  inc(labels: Labels = {}, delta = 1): void {
    const { key, values } = this.keyOf(labels);
    const s = this.series.get(key);
    if (s) s.value += delta;
    else this.series.set(key, { labels: values, value: delta });
  }

  /** Current value of one series (0 when absent). */
  get(labels: Labels = {}): number {
    return this.series.get(this.keyOf(labels).key)?.value ?? 0;
  }

  protected renderSamples(): string {
    let out = "";
    for (const s of this.series.values()) {
      out += `${this.name}${this.labelText(s.labels)} ${formatValue(s.value)}\n`;
    }
    return out;
  }
}

/** Observations counted into cumulative buckets, with their sum and count. */
export class Histogram extends Metric {
  readonly type = "histogram";
  protected override series = new Map<
    string,
    { labels: string[]; buckets: number[]; sum: number; count: number }
  >();
  readonly buckets: number[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: number[],
    maxSeries: number,
  ) {
    super(name, help, labelNames, maxSeries);
    this.buckets = [...buckets].sort((a, b) => a - b);
    if (new Set(this.buckets).size !== this.buckets.length) throw new Error(`${name}: duplicate buckets`);
  }

  /** Records one observation. NaN is ignored. */
  observe(labels: Labels, value: number): void {
    if (Number.isNaN(value)) return;
    const { key, values } = this.keyOf(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels: values, buckets: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.buckets[i]++;
    s.sum += value;
    s.count++;
  }

  /** Count and sum of one series. */
  get(labels: Labels = {}): { count: number; sum: number } {
    const s = this.series.get(this.keyOf(labels).key);
    return { count: s?.count ?? 0, sum: s?.sum ?? 0 };
  }

  protected renderSamples(): string {
    let out = "";
    for (const s of this.series.values()) {
      for (let i = 0; i < this.buckets.length; i++) {
        out += `${this.name}_bucket${this.labelText(s.labels, ["le", formatValue(this.buckets[i])])} ${
          s.buckets[i]
        }\n`;
      }
      out += `${this.name}_bucket${this.labelText(s.labels, ["le", "+Inf"])} ${s.count}\n`;
      out += `${this.name}_sum${this.labelText(s.labels)} ${formatValue(s.sum)}\n`;
      out += `${this.name}_count${this.labelText(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

/** Runs before each scrape (e.g. reads gauges from KV); failures are counted, not thrown. */
export type Collector = () => Promise<void> | void;

/** A set of metrics rendered together. */
export class Registry {
  #metrics = new Map<string, Metric>();
  #collectors = new Map<string, Collector>();
  /** Milliseconds a collector may take before the scrape goes on without it. */
  collectorTimeoutMs = 1000;
  /** Scrape-time collector failures, by collector name. */
  readonly collectorErrors: Counter;

  constructor(readonly maxSeries = 500) {
    this.collectorErrors = this.counter(
      "vtp_metrics_collector_errors_total",
      "Scrape-time collectors that failed or timed out, by collector.",
      ["collector"],
    );
  }

  #add<M extends Metric>(m: M): M {
    if (this.#metrics.has(m.name)) throw new Error(`metric ${m.name} registered twice`);
    this.#metrics.set(m.name, m);
    return m;
  }

  /** Registers a counter. */
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.#add(new Counter(name, help, labelNames, this.maxSeries));
  }

  /** Registers a gauge. */
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.#add(new Gauge(name, help, labelNames, this.maxSeries));
  }

  /** Registers a histogram. */
  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: number[] = DURATION_BUCKETS,
  ): Histogram {
    return this.#add(new Histogram(name, help, labelNames, buckets, this.maxSeries));
  }

  /** Sets (or replaces) the named scrape-time collector; `undefined` removes it. */
  setCollector(name: string, collector: Collector | undefined): void {
    if (collector) this.#collectors.set(name, collector);
    else this.#collectors.delete(name);
  }

  /** Runs the collectors (bounded by `collectorTimeoutMs` each), then renders every metric. */
  async render(): Promise<string> {
    await Promise.all([...this.#collectors].map(async ([name, collect]) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(collect),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("timeout")), this.collectorTimeoutMs);
          }),
        ]);
      } catch {
        this.collectorErrors.inc({ collector: name });
      } finally {
        clearTimeout(timer);
      }
    }));
    return [...this.#metrics.values()].map((m) => m.render()).join("");
  }

  /** Drops every series of every metric (tests). */
  reset(): void {
    for (const m of this.#metrics.values()) m.reset();
  }
}

/** Content type of the exposition format. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Where a generation's answer came from. */
export type MetricsSource = "generated" | "cache" | "similar";

/** What `generationFinished` records. */
export interface GenerationMetric {
  source: MetricsSource;
  provider: string;
  model: string;
  /** complete | error | aborted (or an error code's class). */
  outcome: string;
  durationMs?: number;
  firstElementMs?: number;
}

/** The application's metrics and their recording functions. */
export class AppMetrics {
  readonly registry: Registry;
  readonly generations: Counter;
  readonly generationDuration: Histogram;
  readonly firstElement: Histogram;
  readonly budgetUsed: Gauge;
  readonly budgetLimit: Gauge;
  readonly rateLimitRejections: Counter;
  readonly cacheLookups: Counter;
  readonly similarityScore: Histogram;
  readonly tokens: Counter;
  readonly costUsd: Counter;
  readonly spendUsd: Gauge;
  readonly spendLimitUsd: Gauge;
  readonly queueDepth: Gauge;
  readonly queueWait: Histogram;
  readonly queueRejections: Counter;
  readonly providerInFlight: Gauge;
  readonly providerRetries: Counter;
  readonly providerFallbacks: Counter;
  readonly httpRequests: Counter;
  readonly httpDuration: Histogram;
  readonly kvFailures: Counter;
  readonly processMemory: Gauge;

  // Long: one declaration per metric, so the whole metric list reads in one place.
  constructor(registry = new Registry()) {
    this.registry = registry;
    const r = registry;
    this.generations = r.counter(
      "vtp_generations_total",
      "Answered generation requests by source (generated/cache/similar), provider, model and outcome.",
      ["source", "provider", "model", "outcome"],
    );
    this.generationDuration = r.histogram(
      "vtp_generation_duration_seconds",
      "Time from start to the final event of a generation.",
      ["source", "provider"],
    );
    this.firstElement = r.histogram(
      "vtp_generation_first_element_seconds",
      "Time from start to the first element sent.",
      ["source", "provider"],
    );
    this.budgetUsed = r.gauge("vtp_budget_used", "Generation budget units used in the current period.");
    this.budgetLimit = r.gauge("vtp_budget_limit", "Generation budget limit of the current period.");
    this.rateLimitRejections = r.counter(
      "vtp_rate_limit_rejections_total",
      "Requests refused by a per-client limit, by scope (gen, api…) and plan.",
      ["scope", "plan"],
    );
    this.cacheLookups = r.counter(
      "vtp_cache_lookups_total",
      "Cache lookups by kind (exact/similar) and result (hit/miss/stale/error).",
      ["kind", "result"],
    );
    this.similarityScore = r.histogram(
      "vtp_similarity_score",
      "Best cosine similarity found by semantic-cache lookups.",
      [],
      SIMILARITY_BUCKETS,
    );
    this.tokens = r.counter(
      "vtp_llm_tokens_total",
      "LLM tokens by direction (input/output), provider and model.",
      ["direction", "provider", "model"],
    );
    this.costUsd = r.counter("vtp_llm_cost_usd_total", "LLM cost in USD by provider and model.", [
      "provider",
      "model",
    ]);
    this.spendUsd = r.gauge(
      "vtp_spend_usd",
      "LLM spend in USD in the current budget period (all processes).",
    );
    this.spendLimitUsd = r.gauge("vtp_spend_limit_usd", "SPEND_LIMIT_USD (absent when no cap).");
    this.queueDepth = r.gauge("vtp_queue_depth", "Requests waiting for a provider slot in this process.", [
      "provider",
    ]);
    this.queueWait = r.histogram("vtp_queue_wait_seconds", "Time requests waited for a provider slot.", [
      "provider",
      "result",
    ]);
    this.queueRejections = r.counter(
      "vtp_queue_rejections_total",
      "Requests refused by the provider queue, by reason (queue_full/queue_timeout).",
      ["provider", "reason"],
    );
    this.providerInFlight = r.gauge("vtp_provider_in_flight", "Provider slots held by this process.", [
      "provider",
    ]);
    this.providerRetries = r.counter("vtp_provider_retries_total", "Provider calls retried, by code.", [
      "provider",
      "code",
    ]);
    this.providerFallbacks = r.counter(
      "vtp_provider_fallbacks_total",
      "Generations that moved on to the next provider in LLM_FALLBACKS.",
      ["from", "to"],
    );
    this.httpRequests = r.counter("vtp_http_requests_total", "HTTP requests by method, route and status.", [
      "method",
      "route",
      "status",
    ]);
    this.httpDuration = r.histogram(
      "vtp_http_request_duration_seconds",
      "Time to the response headers, by method and route.",
      ["method", "route"],
    );
    this.kvFailures = r.counter("vtp_kv_failures_total", "KV calls that failed or timed out, by operation.", [
      "op",
      "reason",
    ]);
    this.processMemory = r.gauge(
      "vtp_process_memory_bytes",
      "Memory of this process at scrape time: rss, V8 heap_used and heap_total, external (Deno.memoryUsage).",
      ["kind"],
    );
    r.setCollector("process_memory", () => {
      const m = Deno.memoryUsage();
      this.processMemory.set({ kind: "rss" }, m.rss);
      this.processMemory.set({ kind: "heap_used" }, m.heapUsed);
      this.processMemory.set({ kind: "heap_total" }, m.heapTotal);
      this.processMemory.set({ kind: "external" }, m.external);
    });
  }

  /** Records one answered generation (generated, cache replay or similar replay). */
  generationFinished(m: GenerationMetric): void {
    this.generations.inc({ source: m.source, provider: m.provider, model: m.model, outcome: m.outcome });
    if (m.durationMs !== undefined) {
      this.generationDuration.observe({ source: m.source, provider: m.provider }, m.durationMs / 1000);
    }
    if (m.firstElementMs !== undefined) {
      this.firstElement.observe({ source: m.source, provider: m.provider }, m.firstElementMs / 1000);
    }
  }

  /** Records one cache lookup. */
  cacheLookup(kind: "exact" | "similar", result: "hit" | "miss" | "stale" | "error"): void {
    this.cacheLookups.inc({ kind, result });
  }

  /** Records one rate-limit rejection; `scope` is the limit's name (e.g. `gen`, `api`). */
  rateLimited(scope: string, plan = ""): void {
    this.rateLimitRejections.inc({ scope, plan });
  }

  /** Records the best similarity score of a semantic-cache lookup. */
  similarity(score: number): void {
    this.similarityScore.observe({}, score);
  }

  /** Records LLM token usage and its cost. */
  llmUsage(
    provider: string,
    model: string,
    usage: { inputTokens: number; outputTokens: number },
    costUsd?: number,
  ) {
    this.tokens.inc({ direction: "input", provider, model }, Math.max(0, usage.inputTokens));
    this.tokens.inc({ direction: "output", provider, model }, Math.max(0, usage.outputTokens));
    if (costUsd !== undefined && costUsd > 0) this.costUsd.inc({ provider, model }, costUsd);
  }

  /** Sets the queue depth of a provider. */
  queue(provider: string, depth: number): void {
    this.queueDepth.set({ provider }, depth);
  }

  /** Records how long one request waited for a provider slot and how the wait ended. */
  queueWaited(provider: string, seconds: number, result: "acquired" | "timeout" | "aborted"): void {
    this.queueWait.observe({ provider, result }, seconds);
    if (result === "timeout") this.queueRejections.inc({ provider, reason: "queue_timeout" });
  }

  /** Records one request refused because the queue was full. */
  queueFull(provider: string): void {
    this.queueRejections.inc({ provider, reason: "queue_full" });
  }

  /** Records one HTTP response. `route` is the route pattern, never the raw path. */
  httpRequest(method: string, route: string, status: number, durationMs: number): void {
    this.httpRequests.inc({ method, route, status });
    this.httpDuration.observe({ method, route }, durationMs / 1000);
  }

  /** Records a KV failure in the request path. */
  kvFailure(op: string, reason: "timeout" | "error"): void {
    this.kvFailures.inc({ op, reason });
  }

  /**
   * Reads the budget gauges at scrape time from `read` (e.g. the Budget instance's status); `undefined`
   * removes the source. Values that are not finite numbers are not exported.
   */
  setBudgetSource(read: (() => Promise<{ used: number; limit: number }>) | undefined): void {
    this.registry.setCollector(
      "budget",
      read &&
        (async () => {
          this.budgetUsed.reset();
          this.budgetLimit.reset();
          const { used, limit } = await read();
          if (Number.isFinite(used)) this.budgetUsed.set({}, used);
          if (Number.isFinite(limit)) this.budgetLimit.set({}, limit);
        }),
    );
  }

  /** Reads the spend gauges at scrape time from `read`; `undefined` removes the source. */
  setSpendSource(read: (() => Promise<{ spentUsd: number; limitUsd: number | null }>) | undefined): void {
    this.registry.setCollector(
      "spend",
      read &&
        (async () => {
          this.spendUsd.reset();
          this.spendLimitUsd.reset();
          const { spentUsd, limitUsd } = await read();
          this.spendUsd.set({}, spentUsd);
          if (limitUsd !== null) this.spendLimitUsd.set({}, limitUsd);
        }),
    );
  }

  /** The exposition text (runs the scrape-time collectors first). */
  render(): Promise<string> {
    return this.registry.render();
  }
}

/** The process-wide metrics every module records into. */
export const metrics = new AppMetrics();
