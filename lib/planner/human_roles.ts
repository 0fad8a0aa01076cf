/**
 * People whose job title shares a word with software: "customer support agents", "our call-centre agents",
 * "human agents", "travel agents" are staff, not AI agents (which would add an LLM, tool calling and
 * per-conversation memory). Their phrases are read as staff before capabilities and shapes are read.
 */

/** Agents who are people, by what they do. */
const HUMAN_AGENTS =
  /\b(?:(?:customer[\s-])?(?:support|service|success|care)|sales|call[\s-]?cent(?:re|er)|contact[\s-]?cent(?:re|er)|help[\s-]?desk|human|live|insurance|travel|real[\s-]estate|estate|booking|ticketing|field|front[\s-]?desk|claims|leasing|shipping|customs|border|bank|branch)\s+agents?\b/gi;

/** The text with agents who are people written as staff ("support agents" → "support staff"). */
export function humanRolesAsStaff(text: string): string {
  return text.replace(HUMAN_AGENTS, (m) => m.replace(/agents?$/i, "staff"));
}
