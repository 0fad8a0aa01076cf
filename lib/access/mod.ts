/**
 * lib/access: who may do what. Client identification (API key or IP, client_identity.ts), API keys and their
 * plans (api_keys.ts), admin key, session and CSRF checks (admin_auth.ts), the admin actions shared by the
 * HTTP API, the dashboard and the CLI (admin_actions.ts), and the audit log (audit_log.ts).
 *
 * May import: lib/platform, lib/protocol, lib/guards.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
