import type { TFunction } from "i18next";

/**
 * An audit event's details as a definition list a person can read, in their language, instead of JSON.
 * Plain TypeScript: the audit page renders it. Labels come from admin.audit.fields (an unknown key is
 * shown as words), and codes in values from the lists the rest of the app already translates.
 */
export type DetailItem = { term: string; description: string } | { term: string; items: DetailItem[] };

/** How to translate a code-valued field's value, by field name. */
const VALUE_LISTS: Record<string, string> = {
  role: "auth.roles",
  platformRole: "auth.roles",
  staffGroup: "auth.staffGroups",
  country: "admin.countries",
};

/** Actions whose top-level "from" and "to" hold a code of one of VALUE_LISTS' kinds. */
const CHANGE_KINDS: Record<string, string> = { "country-changed": "country" };

const MAX_DEPTH = 4;

function words(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_]/g, " ")
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function label(key: string, t: TFunction): string {
  return /^\d+$/.test(key) ? String(Number(key) + 1) : t(`admin.audit.fields.${key}`, { defaultValue: words(key) });
}

function scalar(value: unknown, kind: string, t: TFunction): string {
  if (value === null || value === undefined || value === "") return t("admin.audit.values.none");
  if (typeof value === "boolean") return value ? t("admin.audit.values.yes") : t("admin.audit.values.no");
  if (typeof value === "number") return String(value);
  const text = String(value);
  const list = VALUE_LISTS[kind];
  if (list) return t(`${list}.${text}`, { defaultValue: text });
  // Short codes the app records (via, reason, export, format): their words where there are some.
  if (/^[a-z][a-zA-Z0-9 -]{0,40}$/.test(text)) return t(`admin.audit.codes.${text}`, { defaultValue: text });
  return text;
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== "object";
}

function describeValue(key: string, value: unknown, kind: string, t: TFunction, depth: number): DetailItem {
  const term = label(key, t);
  if (isScalar(value)) return { term, description: scalar(value, kind, t) };
  if (Array.isArray(value)) {
    if (value.every(isScalar))
      return {
        term,
        description: value.length ? value.map((v) => scalar(v, kind, t)).join(", ") : t("admin.audit.values.none"),
      };
  } else {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return { term, description: t("admin.audit.values.none") };
    const keys = entries.map(([k]) => k).sort();
    // A change of one value: "Learner to Training manager".
    if (keys.length === 2 && keys[0] === "from" && keys[1] === "to" && entries.every(([, v]) => isScalar(v)))
      return {
        term,
        description: t("admin.audit.change", {
          from: scalar((value as { from: unknown }).from, kind, t),
          to: scalar((value as { to: unknown }).to, kind, t),
        }),
      };
  }
  if (depth >= MAX_DEPTH) return { term, description: JSON.stringify(value) };
  return { term, items: describeEntries(Object.entries(value as object), t, depth + 1, kind) };
}

function describeEntries(entries: [string, unknown][], t: TFunction, depth: number, inherited = ""): DetailItem[] {
  return entries.map(([key, value]) =>
    describeValue(key, value, VALUE_LISTS[key] ? key : /^\d+$/.test(key) ? inherited : "", t, depth),
  );
}

export function describeAuditDetails(
  action: string,
  details: Record<string, unknown> | null | undefined,
  t: TFunction,
): DetailItem[] {
  if (!details) return [];
  const changeKind = CHANGE_KINDS[action];
  return Object.entries(details).map(([key, value]) =>
    describeValue(
      key,
      value,
      changeKind && (key === "from" || key === "to") ? changeKind : VALUE_LISTS[key] ? key : "",
      t,
      0,
    ),
  );
}
