import cyAuth from "./locales/cy/auth.json";
import cyCommon from "./locales/cy/common.json";
import enAuth from "./locales/en-GB/auth.json";
import enCommon from "./locales/en-GB/common.json";

/**
 * One file per area of the app, each with its own top-level keys, merged into one namespace.
 * Add a new area's file to both languages here; a test checks the two languages match.
 */
export const localeFiles = {
  "en-GB": { common: enCommon, auth: enAuth },
  cy: { common: cyCommon, auth: cyAuth },
} as const;

export const resources = {
  "en-GB": { translation: { ...enCommon, ...enAuth } },
  cy: { translation: { ...cyCommon, ...cyAuth } },
};
