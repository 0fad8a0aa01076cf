/**
 * What a training request serves afterwards. An LLM fine-tune (Llama, Mistral, a LoRA on a chat model) can
 * run as a LoRA on Workers AI; any other trained model (vision, tabular, speech, embeddings, a classifier) is
 * served from a container, or from a GPU endpoint when it generates images or audio or transcribes speech; a request that only trains, or ships the model to devices,
 * serves nothing.
 */

/** The model a training request serves: an LLM fine-tune, a custom model, or none. */
export type ServedModel = "llm" | "custom" | "gpu" | null;

/** Words that name a large language model (a fine-tune Workers AI can serve as a LoRA). */
const LLM =
  /\b(?:llms?|large language models?|language models?|llama[\s-]?\d*\w*|mistral|mixtral|gemma|qwen\d*(?:\.\d+)?(?![\s-]?vl)|phi[\s-]?\d|chat ?bots?|writes? like (?:me|us)|writes? (?:new |more |fresh )?(?:ones|copy|descriptions?|posts?|emails?|replies|articles?|captions?|summaries)|(?:brand|house|our|my|their) (?:voice|tone|writing style)|(?:ai )?writing (?:assistants?|products?|tools?|apps?)|\d+(?:\.\d+)?\s?b (?:open |chat |instruct )?(?:llm|model))\b/i;
/** Words that name a model that is not an LLM, even when it is fine-tuned with LoRA. */
const NOT_LLM =
  /\b(?:sdxl|stable diffusion|diffusion|clip|vit|resnet|yolo\w*|efficientnet|unet|cnn|whisper|asr|tts|xgboost|lightgbm|gradient[\s-]boost\w*|bert\w*|distilbert|xlm-?r|embedding models?|classifiers?|detectors?|segmentation|forecast\w*|vision)\b/i;
/** Words that ask for the trained model to answer requests (an endpoint, an API, live scoring or search). */
const SERVES =
  /\b(?:serv(?:e|es|ed|ing)|endpoints?|inference|apis?|qps|predictions? (?:api|service)|real[\s-]?time|live|score(?:s|d)? (?:new|live|incoming)|classif(?:y|ies) (?:new|incoming|live)|calls? (?:it|the model|an endpoint)|(?:the |our |my )?(?:app|site|dashboard) calls|chat with it|run it (?:on|behind|as)|similar[\s-]item|visual search|predict(?:s|ed|ing|ions?)?|scor(?:e|es|ed|ing)|classif(?:y|ies|ying)|generat(?:e|es|ing) \w+|writes? (?:new|more|fresh|the) \w+|tells? (?:which|what|whether|if)|(?:phone|mobile|web) app|(?:use|using|plug|integrate|ship) (?:it|the model|them|that) (?:in|into|from|inside|with) (?:my|our|the|a) (?:[\w-]+ ){0,2}(?:apps?|site|products?|services?|tools?|platform|backend)|in production|(?:web ?)?site|dashboard|deploy(?:ed|s)? (?:it |the model )?(?:as|behind|to (?:an? )?(?:api|endpoint)))\b/i;

/** Words that say the served model needs a GPU: generative image or audio models, speech recognition. */
const GPU_SERVING =
  /\b(?:diffusion|sdxl|generat(?:e|es|ing) (?:\d+ )?(?:images?|headshots?|audio|speech|voices?|videos?)|tts|text[\s-]to[\s-]speech|whisper|asr|speech[\s-]to[\s-]text|transcri(?:be|bes|bing|ption))\b/i;

/** Whether the request names a large language model. */
export const namesLlm = (text: string): boolean => LLM.test(text);

/** What the training request serves once the model is trained. */
export function servedModel(text: string): ServedModel {
  if (!SERVES.test(text)) return null;
  if (LLM.test(text) && !NOT_LLM.test(text)) return "llm";
  return GPU_SERVING.test(text) ? "gpu" : "custom";
}
