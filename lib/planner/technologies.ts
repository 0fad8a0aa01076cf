/** Named technologies the planner honours (Postgres, Kafka, Kubernetes, WordPress, …), read as whole words. */
import { compile } from "./match.ts";

/** Named technologies the planner honours. */
export const TECHNOLOGIES = [
  "postgres",
  "mysql",
  "mongodb",
  "redis",
  "kafka",
  "graphql",
  "grpc",
  "kubernetes",
  "wordpress",
  "nextjs",
  "php_app",
  "elasticsearch",
  "containers",
  "agents",
  "browser",
  "warehouse",
  "game",
  "sql_server",
  "hybrid",
] as const;
/** One named technology. */
export type Technology = typeof TECHNOLOGIES[number];

export const TECH_RES: [Technology, RegExp][] = [
  ["postgres", compile(["postgres(?:ql)?", "pg", "supabase", "neon", "timescale(?:db)?", "postgis"])],
  ["mysql", compile(["mysql", "mariadb", "planetscale", "aurora mysql"])],
  ["mongodb", compile(["mongo(?:db)?", "documentdb"])],
  ["redis", compile(["redis", "valkey", "memcached"])],
  ["kafka", compile(["kafka", "redpanda", "confluent"])],
  ["graphql", compile(["graphql", "apollo", "federation gateway"])],
  ["grpc", compile(["grpc", "protobuf", "protocol buffers"])],
  ["kubernetes", compile(["kubernetes", "k8s", "helm", "eks", "gke", "aks", "microservices cluster"])],
  ["wordpress", compile(["wordpress", "woocommerce"])],
  ["nextjs", compile(["next\\.?js", "nextjs", "next app router"])],
  [
    "php_app",
    compile([
      "php",
      "laravel",
      "rails",
      "ruby on rails",
      "django",
      "flask",
      "spring boot",
      "asp\\.net",
      "\\.net",
      "drupal",
      "magento",
      "heroku",
    ]),
  ],
  ["elasticsearch", compile(["elastic ?search", "opensearch", "solr"])],
  [
    "containers",
    compile([
      "docker",
      "containers?",
      "containeri[sz]ed",
      "ffmpeg",
      "python (?:\\w+ ){0,2}(?:workers?|scripts?|jobs?|models?|code)",
      "\\(python\\)",
      "xgboost",
      "scikit[\\s-]?learn",
      "pandas",
      "long[\\s-]running",
      "(?:takes?|runs?) (?:about |up to )?\\d+ ?(?:h|hours?|minutes)",
    ]),
  ],
  [
    "agents",
    compile([
      "agents?",
      "agentic",
      "remembers? (?:\\w+ ){0,3}(?:conversation|state|context)",
      "conversation (?:state|memory|history)",
      "long[\\s-]term memory",
      "tool calls?",
    ]),
  ],
  [
    "browser",
    compile([
      "headless (?:browser|chrome)",
      "puppeteer",
      "playwright",
      "screenshots? of",
      "(?:research|researches|browse|browses|crawl|crawls) (?:\\w+ ){0,3}(?:on )?the web",
      "web research",
      "render (?:\\w+ ){0,2}pages",
      "html to pdf",
    ]),
  ],
  ["warehouse", compile(["snowflake", "bigquery", "redshift", "databricks", "synapse", "clickhouse"])],
  [
    "game",
    compile(["games?", "gaming", "players?", "minecraft", "multiplayer", "matchmaking", "lobby", "lobbies"]),
  ],
  ["sql_server", compile(["sql server", "mssql", "t-sql", "\\.net", "asp\\.net", "entity framework"])],
  [
    "hybrid",
    compile([
      "on[\\s-]?prem\\w*",
      "(?:our|own) (?:data ?cent(?:er|re)|server room|office rack|racks?)",
      "corporate (?:vpn|network)",
      "stays? (?:in|on) (?:our|the) (?:data ?cent(?:er|re)|campus|office)",
      "hybrid",
    ]),
  ],
];
