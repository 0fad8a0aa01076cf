/**
 * A database for each tenant ("each practice's data isolated in its own database", "bigger customers demand a
 * dedicated database", "schema per tenant"): the relational service of every plan says how it holds them —
 * a D1 database per tenant, an Azure SQL elastic pool, a database per tenant on one RDS, Cloud SQL or Azure
 * PostgreSQL server (dedicated instances for the largest), a Neon project per tenant.
 */

/** Words that ask for a database (or a schema) per tenant. */
const TENANT_DATABASES =
  /\b(?:(?:its|their) own (?:database|db)s?|(?:own|separate|dedicated|isolated) (?:database|db)s?|(?:databases?|dbs?|schemas?) (?:per|for each|for every) (?:tenant|customer|client|company|school|clinic|practice|university|firm|lab|hospital|organi[sz]ation|account))\b/i;

/** How each cloud's relational service holds a database per tenant, by service key. */
const HOW: Record<string, string> = {
  d1: "one D1 database per tenant",
  rds: "a database per tenant (dedicated instances for the largest)",
  aurora: "a database per tenant (dedicated clusters for the largest)",
  cloud_sql: "a database per tenant (dedicated instances for the largest)",
  azure_sql: "elastic pool: one database per tenant",
  postgres: "a database per tenant on the server",
  neon: "a Neon project per tenant",
};

/** The note each relational service of a plan carries when the text asks for a database per tenant. */
export function tenantDatabaseNotes(text: string, keys: Iterable<string>): Array<[string, string]> {
  if (!TENANT_DATABASES.test(text)) return [];
  return [...keys].filter((k) => k in HOW).map((k) => [k, HOW[k]]);
}
