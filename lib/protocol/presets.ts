/**
 * Persona presets: the nine curated quick-start templates, three per persona. The page's picker and the
 * API (`"preset": "<label>"`) both read this module, so a template means the same thing everywhere.
 */
import type { Constraint, Persona, Scale } from "./request_schema.ts";

/** One quick-start template. */
export interface Preset {
  label: string;
  persona: Persona;
  appDescription: string;
  scale: Scale;
  constraints: Constraint[];
}

/** Every preset, grouped by persona in display order. */
export const PRESETS: readonly Preset[] = [
  {
    label: "E-commerce Platform",
    persona: "Vibe Coder",
    appDescription: "A high-traffic e-commerce platform with real-time inventory management",
    scale: "Growth",
    constraints: ["Cost Optimization", "Global Performance", "Scalability"],
  },
  {
    label: "Social Platform",
    persona: "Vibe Coder",
    appDescription: "A social platform with live chat, video streaming, and real-time feeds",
    scale: "Enterprise",
    constraints: ["Scalability", "Global Performance", "Developer Velocity"],
  },
  {
    label: "Collaborative Tool",
    persona: "Vibe Coder",
    appDescription: "A collaborative whiteboard app with real-time multiplayer editing",
    scale: "Startup",
    constraints: ["Developer Velocity", "Cost Optimization"],
  },
  {
    label: "REST API Backend",
    persona: "AIE/FDE",
    appDescription: "A REST API serving mobile apps with authentication and file uploads",
    scale: "Growth",
    constraints: ["Developer Velocity", "Global Performance", "Scalability"],
  },
  {
    label: "Analytics Dashboard",
    persona: "AIE/FDE",
    appDescription: "A real-time analytics dashboard processing millions of events",
    scale: "Enterprise",
    constraints: ["Scalability", "Global Performance", "Enterprise Security"],
  },
  {
    label: "Headless CMS",
    persona: "AIE/FDE",
    appDescription: "A headless CMS with global content delivery and media optimization",
    scale: "Growth",
    constraints: ["Global Performance", "Developer Velocity"],
  },
  {
    label: "Gaming Platform",
    persona: "CIO/CTO",
    appDescription: "A multiplayer online game with real-time player interactions",
    scale: "Enterprise",
    constraints: ["Global Performance", "Scalability", "Enterprise Security"],
  },
  {
    label: "IoT Platform",
    persona: "CIO/CTO",
    appDescription: "An IoT platform collecting sensor data from thousands of devices",
    scale: "Enterprise",
    constraints: ["Scalability", "Enterprise Security", "Cost Optimization"],
  },
  {
    label: "Enterprise SaaS",
    persona: "CIO/CTO",
    appDescription: "Enterprise-grade SaaS platform with multi-tenant architecture",
    scale: "Global",
    constraints: ["Enterprise Security", "Scalability", "Global Performance"],
  },
];

/** The presets of one persona, in display order. */
export function presetsFor(persona: Persona): Preset[] {
  return PRESETS.filter((p) => p.persona === persona);
}

/** Looks a preset up by its label, ignoring case and surrounding space. */
export function findPreset(label: string): Preset | undefined {
  const wanted = label.trim().toLowerCase();
  return PRESETS.find((p) => p.label.toLowerCase() === wanted);
}
