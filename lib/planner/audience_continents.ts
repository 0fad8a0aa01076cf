/**
 * Where the audience is, by continent: the request's region, plus the places its description names. A second
 * compute region for Global Performance belongs where another part of the audience is, not in a default
 * region on another continent ("users mostly in Brazil, some Paraguay" stay in São Paulo).
 */
import type { Region } from "../protocol/request_schema.ts";

/** A continent an audience can be on. */
export type Continent = "north_america" | "south_america" | "europe" | "asia" | "oceania" | "africa";

/** The continent of each request region (`Global` has none: it is everywhere). */
export const REGION_CONTINENT: Record<Exclude<Region, "Global">, Continent> = {
  Singapore: "asia",
  Tokyo: "asia",
  Seoul: "asia",
  "Hong Kong": "asia",
  Mumbai: "asia",
  Sydney: "oceania",
  Frankfurt: "europe",
  London: "europe",
  "N. Virginia": "north_america",
  "São Paulo": "south_america",
};

/** "US" in capitals (the pronoun "us" is no place). */
const US_CAPS = /(?<![\w])US(?![\w])/;

/** A place pattern that also matches "US" written in capitals. */
function withUsCaps(re: RegExp): { test(text: string): boolean } {
  return { test: (text) => US_CAPS.test(text) || re.test(text) };
}

/** Places in a description, by continent (countries, regions and their demonyms). */
const PLACES: Record<Continent, { test(text: string): boolean }> = {
  north_america: withUsCaps(
    /\b(?:u\.s\.|usa|united states|america|americans?|north america|canada|canadian|mexico|mexican|east coast|west coast|new york|california|texas|toronto)\b/i,
  ),
  south_america:
    /\b(?:latam|latin america|south america|brazil\w*|brasil\w*|argentin\w*|chile\w*|colombia\w*|peru\w*|paraguay\w*|uruguay\w*)\b/i,
  europe:
    /\b(?:europe\w*|eu|emea|uk|britain|british|england|germany|german|france|french|spain|spanish|italy|italian|netherlands|dutch|poland|polish|nordics?|scandinavia\w*|ireland|irish|portugal|switzerland)\b/i,
  asia:
    /\b(?:asia\w*|apac|japan\w*|korea\w*|china|chinese|india\w*|singapore\w*|indonesia\w*|vietnam\w*|philippines|thailand|thai|malaysia\w*|gulf|middle east|uae|dubai|saudi\w*|taiwan\w*|hong kong)\b/i,
  oceania: /\b(?:australia\w*|new zealand|nz|anz|au\/nz|oceania)\b/i,
  africa: /\b(?:africa\w*|nigeria\w*|kenya\w*|egypt\w*|morocc\w*|ghana\w*)\b/i,
};

/** Continents the description names besides the region's own (all of them when the region is `Global`). */
export function otherAudienceContinents(region: Region, description: string): Continent[] {
  const home = region === "Global" ? null : REGION_CONTINENT[region];
  return namedContinents(description).filter((c) => c !== home);
}

/** Every continent the description names, the region's own included (the order of {@link PLACES}). */
export function namedContinents(description: string): Continent[] {
  return (Object.keys(PLACES) as Continent[]).filter((c) => PLACES[c].test(description));
}

/** The request region that stands for each continent's data (Africa has none among them). */
export const CONTINENT_REGION: Record<Continent, Exclude<Region, "Global"> | null> = {
  north_america: "N. Virginia",
  south_america: "São Paulo",
  europe: "Frankfurt",
  asia: "Singapore",
  oceania: "Sydney",
  africa: null,
};
