/**
 * The worker thread of the sentence encoder (started by ./sentence_encoder.ts): loads the model once and
 * answers `{id, type: "load"}` with its load time and `{id, type: "encode", texts}` with the vectors.
 */
import { parentPort } from "node:worker_threads";
import { loadSentenceModel, type SentenceEncoder, type WorkerReply } from "./sentence_encoder.ts";

let model: Promise<SentenceEncoder> | undefined;

parentPort?.on("message", async (message: { id: number; type: "load" | "encode"; texts?: string[] }) => {
  let reply: WorkerReply;
  try {
    const encoder = await (model ??= loadSentenceModel());
    reply = message.type === "load"
      ? { id: message.id, loadMs: encoder.loadMs }
      : { id: message.id, vectors: await encoder.encode(message.texts ?? []) };
  } catch (err) {
    model = undefined;
    reply = { id: message.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
