/**
 * Whether a design keeps live connections open (WebSocket rooms, screens that get pushed updates): the
 * real-time capability, or a workload that is first of all real-time over WebSocket even where its words
 * named no capability (a pipeline's live dashboard is not: its events are not each pushed). Every cloud's
 * engine prices the same connections and messages on it (Durable Objects, Web PubSub, API Gateway WebSocket,
 * Firestore listeners, Pusher).
 */
import type { Context } from "../context.ts";

/** True when the design's clients hold live connections that carry real-time messages. */
export function liveConnections(ctx: Context): boolean {
  return ctx.caps.has("realtime") || ctx.workload.primary === "realtime_ws";
}
