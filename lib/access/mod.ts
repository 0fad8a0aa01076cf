/**
 * lib/access: who may do what. Client identification (API key or IP, client_identity.ts), API keys and their
 * plans (api_keys.ts), admin key, session and CSRF checks (admin_auth.ts), the admin actions shared by the
 * HTTP API, the dashboard and the CLI (admin_actions.ts), the audit log (audit_log.ts), and the KV editor's
 * typed reads and writes of every stored concept (kv_editor.ts).
 *
 * May import: lib/platform, lib/protocol, lib/store, lib/semantic, lib/guards.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
