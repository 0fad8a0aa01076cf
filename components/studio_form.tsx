/**
 * `StudioForm`: the request form. A plain `<form method="post" action="/">` that works without JavaScript;
 * the studio island passes handlers to make it live (controlled fields, streaming submit). Field errors from
 * the server are shown next to their fields and announced.
 *
 * Progressive enhancement: until the island has mounted in a browser (`enhanced` false — the server render
 * and the hydration pass), the template picker lists every persona's presets grouped in one `<optgroup>` per
 * persona, because switching persona cannot change the list without JavaScript; the server takes a template's
 * persona with it. Once enhanced, the picker shows the current persona's presets only and the hints count live.
 */
import type { ComponentChildren } from "preact";
import type { Competitor, Constraint, Persona, Region, Scale } from "../lib/protocol/request_schema.ts";
import type { Preset } from "../lib/protocol/presets.ts";
import type { FormValues, StudioOptions } from "../islands/studio_state.ts";
import { presetsOf } from "../islands/studio_state.ts";
import { PLATFORM_STYLE } from "./format.ts";

/** Handlers the island attaches; absent on the server. */
export interface StudioFormHandlers {
  onPersona(p: Persona): void;
  onPreset(label: string): void;
  /** Arrow keys on the closed picker only browse: the template is applied on Enter (see `pendingPreset`). */
  onPresetBrowse?(label: string | null): void;
  /** Puts back the description a template replaced. */
  onUndoPreset?(): void;
  onDescription(text: string): void;
  onScale(s: Scale): void;
  onConstraint(c: Constraint): void;
  onCompetitor(c: Competitor): void;
  onRegion(r: Region): void;
  onSubmit(e: SubmitEvent): void;
}

/** Props of the form. */
export interface StudioFormProps {
  options: StudioOptions;
  values: FormValues;
  errors?: Record<string, string>;
  busy?: boolean;
  handlers?: StudioFormHandlers;
  /** Extra controls next to Generate (the Stop button). */
  actions?: ComponentChildren;
  /** True once the island runs in the browser: per-persona template list, live hints and limits. */
  enhanced?: boolean;
  /** A template browsed to with the keyboard but not applied yet (shown in the picker until Enter or blur). */
  pendingPreset?: string | null;
  /** The template that just replaced typed text (offers Undo). */
  replacedBy?: string | null;
}

/** Short explanations shown under each persona. */
export const PERSONA_BLURBS: Record<string, string> = {
  "Vibe Coder": "Ship it this weekend",
  "AIE/FDE": "APIs, data and AI",
  "CIO/CTO": "Risk, scale and spend",
};

/** Set between a browsing key's keydown and keyup: the change it causes on a closed select only browses. */
let browsing = false;

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? <p class="field-error" id={id} role="alert">{message}</p> : null;
}

/** The form. Element ids are stable so labels, hints and errors connect and tests can find them. */
export function StudioForm(
  {
    options,
    values,
    errors = {},
    busy = false,
    handlers,
    actions,
    enhanced = false,
    pendingPreset = null,
    replacedBy = null,
  }: StudioFormProps,
) {
  const h = handlers;
  const presets = presetsOf(options, values.persona);
  // Per persona once live, unless the chosen template is another persona's (a no-JS post can leave it so).
  const perPersona = enhanced && (!values.preset || presets.some((p) => p.label === values.preset));
  const shownPreset = pendingPreset ?? values.preset;
  const presetOption = (p: Preset) => (
    <option key={p.label} value={p.label} selected={shownPreset === p.label}>{p.label}</option>
  );
  const length = values.appDescription.trim().length;
  const full = values.constraints.length >= options.maxConstraints;
  const describe = (...ids: (string | false)[]) => ids.filter(Boolean).join(" ") || undefined;
  const otherErrors = Object.entries(errors).filter(([k]) =>
    !["persona", "preset", "appDescription", "scale", "constraints", "competitor", "region"].includes(k)
  );
  return (
    <form
      id="studio-form"
      class="studio-form"
      method="post"
      action="/"
      onSubmit={h?.onSubmit}
      data-enhanced={enhanced ? "true" : undefined}
      aria-describedby={otherErrors.length ? "err-form" : undefined}
    >
      {otherErrors.length > 0 && (
        <p class="field-error" id="err-form" role="alert">
          {otherErrors.map(([k, v]) => `${k}: ${v}`).join("; ")}
        </p>
      )}
      <div class="form-col form-col--main">
        <fieldset class="field field--persona">
          <legend>I am a…</legend>
          <div class="segmented segmented--persona">
            {options.personas.map((p) => (
              <label class="segment" key={p}>
                <input
                  type="radio"
                  name="persona"
                  value={p}
                  checked={values.persona === p}
                  onChange={h && (() => h.onPersona(p))}
                />
                <span class="segment-body">
                  <span class="segment-title">{p}</span>
                  <span class="segment-hint">{PERSONA_BLURBS[p] ?? ""}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="err-persona" message={errors.persona} />
        </fieldset>

        <div class="field">
          <label for="preset">Quick start templates</label>
          <select
            id="preset"
            name="preset"
            value={shownPreset}
            onKeyDown={h?.onPresetBrowse && ((e: KeyboardEvent) => {
              if (/^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down))$/.test(e.key) && !e.altKey) {
                browsing = true;
              } else if (e.key === "Enter" && pendingPreset !== null) {
                e.preventDefault();
                h.onPreset(pendingPreset);
              }
            })}
            onKeyUp={() => (browsing = false)}
            onBlur={h?.onPresetBrowse && (() => pendingPreset !== null && h.onPresetBrowse!(null))}
            onChange={h && ((e) => {
              const value = (e.currentTarget as HTMLSelectElement).value;
              if (browsing && h.onPresetBrowse) {
                browsing = false;
                h.onPresetBrowse(value);
              } else h.onPreset(value);
            })}
            aria-describedby={describe("preset-hint", errors.preset && "err-preset")}
          >
            <option value="" selected={values.preset === ""}>Choose a template or enter custom…</option>
            {perPersona
              ? presets.map(presetOption)
              : options.personas.map((persona) => (
                <optgroup key={persona} label={persona}>
                  {presetsOf(options, persona).map(presetOption)}
                </optgroup>
              ))}
          </select>
          {replacedBy && (
            <p class="notice-inline" id="preset-undo" role="status">
              “{replacedBy}” replaced your description.{" "}
              <button type="button" class="link-button" id="undo-preset" onClick={h?.onUndoPreset}>
                Undo
              </button>
            </p>
          )}
          <p class="hint" id="preset-hint">
            {pendingPreset
              ? `Press Enter to use “${pendingPreset}”, or keep browsing.`
              : perPersona
              ? `${presets.length} templates for ${values.persona}. Choosing one fills in the form.`
              : "Templates of every persona, grouped. Choose one and leave the description empty to use it as " +
                "is (with its persona, scale and priorities)."}
          </p>
          <FieldError id="err-preset" message={errors.preset} />
        </div>

        <div class="field">
          <div class="label-row">
            <label for="appDescription">Describe your app</label>
            <span
              class={`counter${
                length > options.descriptionMax || (length > 0 && length < options.descriptionMin)
                  ? " counter--bad"
                  : ""
              }`}
              id="desc-count"
            >
              {length} / {options.descriptionMax}
            </span>
          </div>
          <textarea
            id="appDescription"
            name="appDescription"
            rows={4}
            maxLength={options.descriptionMax}
            placeholder="e.g. A marketplace for handmade furniture with image uploads, search and payments"
            value={values.appDescription}
            onInput={h && ((e) => h.onDescription((e.currentTarget as HTMLTextAreaElement).value))}
            aria-invalid={errors.appDescription ? "true" : undefined}
            aria-describedby={describe(
              "desc-hint",
              "desc-count",
              errors.appDescription && "err-appDescription",
            )}
          />
          <p class="hint" id="desc-hint">
            {options.descriptionMin}–{options.descriptionMax}{" "}
            characters. Mention features like chat, uploads, search or AI.
          </p>
          <FieldError id="err-appDescription" message={errors.appDescription} />
        </div>
      </div>
      <div class="form-col form-col--side">
        <div class="field-grid">
          <fieldset class="field">
            <legend>Scale</legend>
            <div class="segmented">
              {options.scales.map((s) => (
                <label class="segment segment--compact" key={s}>
                  <input
                    type="radio"
                    name="scale"
                    value={s}
                    checked={values.scale === s}
                    onChange={h && (() => h.onScale(s))}
                  />
                  <span class="segment-body">
                    <span class="segment-title">{s}</span>
                  </span>
                </label>
              ))}
            </div>
            <FieldError id="err-scale" message={errors.scale} />
          </fieldset>

          <fieldset class="field">
            <legend>Compare Cloudflare with</legend>
            <div class="segmented">
              {options.competitors.map((c) => (
                <label class={`segment segment--compact segment--${c.toLowerCase()}`} key={c}>
                  <input
                    type="radio"
                    name="competitor"
                    value={c}
                    checked={values.competitor === c}
                    onChange={h && (() =>
                      h.onCompetitor(c))}
                  />
                  <span class="segment-body">
                    <span class="segment-title" title={PLATFORM_STYLE[c]?.name}>{c}</span>
                  </span>
                </label>
              ))}
            </div>
            <FieldError id="err-competitor" message={errors.competitor} />
          </fieldset>
        </div>

        <fieldset
          class="field"
          aria-describedby={describe("constraints-hint", errors.constraints && "err-constraints")}
        >
          <legend>Priorities</legend>
          <div class="chips">
            {options.constraints.map((c) => {
              const checked = values.constraints.includes(c);
              return (
                <label class="chip" key={c}>
                  <input
                    type="checkbox"
                    name="constraints"
                    value={c}
                    checked={checked}
                    disabled={enhanced && !checked && full}
                    onChange={h && (() => h.onConstraint(c))}
                  />
                  <span>{c}</span>
                </label>
              );
            })}
          </div>
          <p class="hint" id="constraints-hint">
            Up to {options.maxConstraints}. {enhanced
              ? `${values.constraints.length} chosen${full ? ": uncheck one to pick another" : ""}.`
              : ""} None chosen: the persona's defaults.
          </p>
          <FieldError id="err-constraints" message={errors.constraints} />
        </fieldset>

        <div class="field field--region">
          <label for="region">Where most users are</label>
          <select
            id="region"
            name="region"
            value={values.region}
            onChange={h && ((e) => h.onRegion((e.currentTarget as HTMLSelectElement).value as Region))}
          >
            {options.regions.map((r) => <option key={r} value={r} selected={values.region === r}>{r}
            </option>)}
          </select>
          <FieldError id="err-region" message={errors.region} />
        </div>

        <div class="form-actions">
          <button type="submit" class="button button--primary" id="generate" disabled={busy}>
            {busy ? "Generating…" : "Generate architectures"}
          </button>
          {actions}
        </div>
      </div>
    </form>
  );
}
