/**
 * The size of a small image-classifier training run, read from the text: a labelled set of a few thousand
 * photos is transfer learning (a pretrained backbone, a new head) on one small GPU for minutes, not a cluster.
 * GPU-hours a month = runs × ⌈images × epochs ÷ throughput⌉ (at least one GPU-hour a run, the billing and
 * start-up floor). Deterministic.
 */
import { FIGURE_PATTERN, figureValue } from "./figure_units.ts";

/** Labelled images counted for training ("5k pics", "12,000 labelled photos"). */
const IMAGES = new RegExp(
  String
    .raw`(?:~|about |around |roughly |like )?${FIGURE_PATTERN}\s*(?:labell?ed |training |tagged )?(?:pics|pictures|photos|images|imgs)\b`,
  "i",
);
/** Image sets up to this size are a transfer-learning fine-tune, not a training campaign. */
const SMALL_SET = 200_000;
/** Epochs of a transfer-learning fine-tune (this module's assumption). */
const EPOCHS = 10;
/** Images a second one L4/T4-class GPU trains through a small backbone (MobileNet/EfficientNet-B0, approx.). */
const IMAGES_PER_SECOND = 150;
/** Training runs a month when no cadence is stated (a few experiments, then the run that ships). */
const DEFAULT_RUNS = 4;

/** A small image-classifier training job sized from its image count. */
export interface ImageTraining {
  images: number;
  runs: number;
  gpuHours: number;
  note: string;
}

/** The small image-classifier training a text describes, if it counts its images (none above 200k). */
export function imageTraining(text: string, runsMonthly?: number): ImageTraining | undefined {
  const m = text.match(IMAGES);
  if (!m) return undefined;
  const images = figureValue(m[1], m[2]);
  if (!(images > 0) || images > SMALL_SET) return undefined;
  const runs = Math.min(runsMonthly ?? DEFAULT_RUNS, 31);
  const perRun = Math.max(1, Math.ceil(images * EPOCHS / IMAGES_PER_SECOND / 3600));
  const gpuHours = runs * perRun;
  const note = `${images.toLocaleString("en-US")} images: transfer learning on one L4/T4-class GPU, ` +
    `${EPOCHS} epochs at ≈${IMAGES_PER_SECOND} images/s (${perRun} GPU-h a run, billing floor included) × ${
      Math.round(runs * 10) / 10
    } runs/month${runsMonthly === undefined ? " (no cadence stated: a few experiments)" : ""}`;
  return { images, runs, gpuHours, note };
}
