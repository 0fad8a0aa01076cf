/**
 * SFTP asked in a description, read by direction: files the system sends or fetches over SFTP (a payment file
 * pushed to a bank, statements downloaded from partners) need an SFTP client; files partners deliver over SFTP need
 * an SFTP server. Cloudflare runs no SFTP server and Workers speak no SSH, so the Cloudflare plan says where each
 * runs instead of dropping the requirement.
 */
import { type Cloud } from "./catalog/facts.ts";
import { type Selection } from "./context.ts";
import { pinRequirement } from "./requirement_notes.ts";

/** How SFTP is used: the system is the client (it sends or fetches) or the server (partners deliver to it). */
export type SftpUse = "client" | "server";

const SFTP = /\b(?:sftp|ftps?)\b/i;
/** The system fetches from, or delivers to, someone else's SFTP. */
const CLIENT = new RegExp(
  String.raw`\b(?:download|pull|fetch|collect|grab|retrieve)\w*\b[^.]{0,80}?\b(?:sftp|ftps?)\b|` +
    String.raw`\b(?:to|for)\s+(?:[\w'’-]+\s+){0,4}?(?:over\s+|via\s+)?(?:sftp|ftps?)\b|` +
    String
      .raw`\b(?:push|send|upload|deliver|export|drop)\w*\b[^.]{0,60}?\b(?:their|the \w+'s|partners?'?|vendors?'?|banks?'?)\s+(?:sftp|ftps?)\b`,
  "i",
);

/** How the description uses SFTP, or undefined when it names none. */
export function sftpUse(text: string): SftpUse | undefined {
  if (!SFTP.test(text)) return undefined;
  return CLIENT.test(text) ? "client" : "server";
}

const CLOUDFLARE_NOTES: Record<SftpUse, [string[], string]> = {
  client: [
    ["containers", "workers"],
    "SFTP client in a Container job (SSH over outbound TCP)",
  ],
  server: [
    ["r2", "workers"],
    "no Cloudflare SFTP server: an SFTP host or partner lands their files in R2",
  ],
};

/** Pins where SFTP runs on Cloudflare (the competitors' managed SFTP is chosen by their catalogs). */
export function applyFileTransfer(cloud: Cloud, selections: Map<string, Selection>, text: string): void {
  const use = sftpUse(text);
  if (!use || cloud !== "cloudflare") return;
  const [hosts, note] = CLOUDFLARE_NOTES[use];
  const host = hosts.map((k) => selections.get(k)).find((s) => s !== undefined);
  if (host) pinRequirement(host, note);
}
