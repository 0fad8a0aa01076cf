/**
 * The labelled requests of the planner's eval files as shape-classification examples: each case's
 * description and its intended primary shape (the eval files spell shapes in kebab case, the planner in
 * snake case). Used by `eval:shapes` and `build:shape-model`.
 */
import { parseCases } from "./eval_planner.ts";
import { WORKLOAD_SHAPES, type WorkloadShape } from "../lib/planner/workload_shapes.ts";

/** The seen eval files the shape model may train on, in a fixed order. */
export const SEEN_FILES = [
  "eval/planner_cases.jsonl",
  "eval/planner_cases_test.jsonl",
  "eval/planner_cases_holdout.jsonl",
  "eval/planner_cases_holdout2.jsonl",
  "eval/planner_cases_holdout3.jsonl",
  "eval/planner_cases_holdout4.jsonl",
];

/** Eval-file shape names → the planner's shapes. */
export const EVAL_SHAPES: Readonly<Record<string, WorkloadShape>> = {
  "web-app": "web_app",
  "static-site": "static_site",
  "batch-job": "batch_job",
  "etl-warehouse": "etl_warehouse",
  "stream-ingestion": "stream_ingestion",
  "realtime-websocket": "realtime_ws",
  "realtime-udp": "realtime_udp",
  "webrtc": "webrtc",
  "media": "media",
  "ml-training": "ml_training",
  "llm-rag": "llm_rag",
  "iot-ingestion": "iot",
  "bot-webhook": "bot_webhook",
  "multi-tenant-saas": "saas_custom_domains",
  "lift-and-shift": "lift_and_shift",
};

/** One labelled description. */
export interface ShapeExample {
  /** The eval file it came from (as given). */
  file: string;
  id: string;
  text: string;
  shape: WorkloadShape;
}

/**
 * Reads the labelled examples of one eval file (shape names in kebab or snake case, or the planner's own);
 * an unknown shape name is an error naming the line.
 */
export async function readShapeExamples(file: string): Promise<ShapeExample[]> {
  return parseCases(await Deno.readTextFile(file)).map((c) => {
    const shape = EVAL_SHAPES[c.shape.replaceAll("_", "-")] ??
      WORKLOAD_SHAPES.find((s) => s === c.shape);
    if (!shape) throw new Error(`${file} line ${c.line}: unknown shape "${c.shape}"`);
    return { file, id: c.id, text: c.request.appDescription, shape };
  });
}

/**
 * Whether a predicted primary shape is the labelled one. The staff-only overlay `internal_tool` has no label
 * of its own in the eval files: it counts as the web app it is.
 */
export function samePrimary(predicted: WorkloadShape, label: WorkloadShape): boolean {
  return predicted === label || (predicted === "internal_tool" && label === "web_app");
}
