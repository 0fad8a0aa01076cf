/**
 * A call that is also recorded is still a call: people who take part live (participants, a remote expert,
 * one-to-one sessions, hearings, guests joining by link) need WebRTC, and the recording is kept beside it.
 * Recordings made elsewhere and transcribed or watched later stay media.
 */
import assert from "node:assert/strict";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";

Deno.test("recorded calls stay calls when people take part live", () => {
  for (
    const text of [
      "Disciplinary panels held over video: 5-9 participants each, every session recorded and kept for 7 years, EU only",
      "Warehouse staff stream their body-cam video to a remote supervisor who draws on the picture; sessions recorded",
      "One-to-one tutoring over video, about 600 sessions a week, with every lesson recorded for parents to review",
      "Asylum interviews by video with an interpreter dialled in, recordings archived for the case file",
    ]
  ) {
    assert.ok(classifyWorkload(text).shapes.includes("webrtc"), text);
  }
});

Deno.test("recordings made elsewhere and transcribed or watched later are media, not calls", () => {
  for (
    const text of [
      "Upload our recorded sermons and publish them with subtitles for the parish website",
      "Transcribe 300 hours of archived radio shows and let listeners search and play them back",
      "Lecture recordings from the lecture halls get captions and are watched later by students",
      "Every tribunal hearing in our 40 rooms is filmed; parties and judges watch the recordings later online",
    ]
  ) {
    const shapes = classifyWorkload(text).shapes;
    assert.ok(!shapes.includes("webrtc"), `${text}: ${shapes}`);
    assert.ok(shapes.includes("media"), `${text}: ${shapes}`);
  }
});
