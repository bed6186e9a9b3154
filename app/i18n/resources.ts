import cyAdmin from "./locales/cy/admin.json";
import cyAuth from "./locales/cy/auth.json";
import cyLearning from "./locales/cy/learning.json";
import cyCommon from "./locales/cy/common.json";
import cyCompliance from "./locales/cy/compliance.json";
import cyContent from "./locales/cy/content.json";
import cyManage from "./locales/cy/manage.json";
import cyReminders from "./locales/cy/reminders.json";
import cyStaffImport from "./locales/cy/staff-import.json";
import cySso from "./locales/cy/sso.json";
import cyPriorLearning from "./locales/cy/prior-learning.json";
import enAdmin from "./locales/en-GB/admin.json";
import enAuth from "./locales/en-GB/auth.json";
import enLearning from "./locales/en-GB/learning.json";
import enCommon from "./locales/en-GB/common.json";
import enCompliance from "./locales/en-GB/compliance.json";
import enContent from "./locales/en-GB/content.json";
import enManage from "./locales/en-GB/manage.json";
import enReminders from "./locales/en-GB/reminders.json";
import enStaffImport from "./locales/en-GB/staff-import.json";
import enSso from "./locales/en-GB/sso.json";
import enPriorLearning from "./locales/en-GB/prior-learning.json";

/**
 * One file per area of the app, each with its own top-level keys, merged into one namespace.
 * Add a new area's file to both languages here; a test checks the two languages match.
 */
export const localeFiles = {
  "en-GB": {
    common: enCommon,
    compliance: enCompliance,
    auth: enAuth,
    manage: enManage,
    content: enContent,
    admin: enAdmin,
    learning: enLearning,
    staffImport: enStaffImport,
    reminders: enReminders,
    sso: enSso,
    priorLearning: enPriorLearning,
  },
  cy: {
    common: cyCommon,
    compliance: cyCompliance,
    auth: cyAuth,
    manage: cyManage,
    content: cyContent,
    admin: cyAdmin,
    learning: cyLearning,
    staffImport: cyStaffImport,
    reminders: cyReminders,
    sso: cySso,
    priorLearning: cyPriorLearning,
  },
} as const;

type Translation = (typeof localeFiles)["en-GB"][keyof (typeof localeFiles)["en-GB"]];
const merge = (files: Record<string, Translation>) =>
  Object.assign({}, ...Object.values(files)) as UnionToIntersection<Translation>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export const resources = {
  "en-GB": { translation: merge(localeFiles["en-GB"]) },
  cy: { translation: merge(localeFiles.cy) },
};
