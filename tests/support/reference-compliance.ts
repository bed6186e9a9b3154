import type Database from "better-sqlite3";

/**
 * An independent calculation of README's "Compliance: how we count", over the raw tables only
 * (memberships, requirements, completions) and the module versions of the catalogue. It shares no
 * code with app/: dates are ISO strings compared as text, UK dates come from Intl, and every rule is
 * written out again from the README's words. The property test compares the app with it.
 */

export type RefStatus = "compliant" | "due-soon" | "overdue" | "not-started" | "new-starter";

export interface RefModule {
  slug: string;
  majorVersion: number;
  /** The day the current major version was released (R). */
  versionDate: string;
}

export interface RefPerson {
  userId: string;
  organisationId: number;
  unitId: number | null;
  staffGroup: string;
  status: RefStatus;
  renewalDays: number;
  graceDays: number;
  startDate: string;
}

const ukFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in the UK of an instant. */
export function ukDateOf(ms: number): string {
  return ukFormat.format(new Date(ms));
}

export function plusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface RawMembership {
  userId: string;
  organisationId: number;
  unitId: number | null;
  staffGroup: string;
  startDate: string;
  endDate: string | null;
}
interface RawRequirement {
  organisationId: number | null;
  staffGroup: string | null;
  moduleSlug: string;
  required: number;
  renewalDays: number;
  graceDays: number;
}
interface RawCompletion {
  userId: string;
  moduleSlug: string;
  completedAt: number;
  majorVersion: number;
  expiresOn: string | null;
}
/** One completion as the rules read it; `expires`: prior learning's expiry date (first day it no longer counts). */
export interface RefCompletion {
  date: string;
  major: number;
  expires?: string | null;
}

export interface RawFacts {
  memberships: RawMembership[];
  requirements: RawRequirement[];
  completions: Map<string, RefCompletion[]>;
}

export function readRawFacts(client: Database.Database): RawFacts {
  const memberships = client
    .prepare(
      "SELECT user_id AS userId, organisation_id AS organisationId, unit_id AS unitId, staff_group AS staffGroup, start_date AS startDate, end_date AS endDate FROM memberships",
    )
    .all() as RawMembership[];
  const requirements = client
    .prepare(
      "SELECT organisation_id AS organisationId, staff_group AS staffGroup, module_slug AS moduleSlug, required, renewal_days AS renewalDays, grace_days AS graceDays FROM requirements",
    )
    .all() as RawRequirement[];
  const completions = new Map<string, RefCompletion[]>();
  for (const c of client
    .prepare(
      "SELECT user_id AS userId, module_slug AS moduleSlug, completed_at AS completedAt, major_version AS majorVersion, expires_on AS expiresOn FROM completions",
    )
    .all() as RawCompletion[]) {
    const key = `${c.userId}/${c.moduleSlug}`;
    const list = completions.get(key) ?? [];
    list.push({ date: ukDateOf(c.completedAt), major: c.majorVersion, expires: c.expiresOn });
    completions.set(key, list);
  }
  return { memberships, requirements, completions };
}

/** "Most specific wins: organisation + staff group, organisation, national + staff group, national." */
function requirementFor(facts: RawFacts, m: RawMembership, slug: string): RawRequirement | undefined {
  const rows = facts.requirements.filter((r) => r.moduleSlug === slug);
  return (
    rows.find((r) => r.organisationId === m.organisationId && r.staffGroup === m.staffGroup) ??
    rows.find((r) => r.organisationId === m.organisationId && r.staffGroup === null) ??
    rows.find((r) => r.organisationId === null && r.staffGroup === m.staffGroup) ??
    rows.find((r) => r.organisationId === null && r.staffGroup === null)
  );
}

/** One person's status for one module under one requirement, on day `today`, from the README's words. */
export function referenceStatus(
  completions: RefCompletion[],
  module: RefModule,
  requirement: { renewalDays: number; graceDays: number },
  startDate: string,
  today: string,
): RefStatus {
  const R = module.versionDate;
  const N = requirement.renewalDays;
  const G = requirement.graceDays;
  // "A completion of an older major version made on or after R does not count at all", and nothing
  // completed after today has happened yet.
  const counting = completions.filter((c) => c.date <= today && (c.major >= module.majorVersion || c.date < R));
  if (counting.length === 0) {
    // "New starters with nothing completed are in their grace period ... Past the grace period ... not started."
    return today < plusDays(startDate, G) ? "new-starter" : "not-started";
  }
  // Each completion on its own: it counts until its expiry date, or completion date + renewal days
  // ("until the day before this"); an older major version's that was in date on R counts until R + G.
  const ends = counting.map((c) => {
    const expires = c.expires ?? plusDays(c.date, N);
    const retake = c.major < module.majorVersion && today >= R && R < expires;
    return { c, retake, end: retake ? plusDays(R, G + 1) : expires };
  });
  // "The one that keeps the person in date longest counts (the later one when two end on the same day)."
  const best = ends.sort((a, b) =>
    a.end !== b.end
      ? a.end < b.end
        ? 1
        : -1
      : a.c.date !== b.c.date
        ? a.c.date < b.c.date
          ? 1
          : -1
        : b.c.major - a.c.major,
  )[0];
  if (today >= best.end) return "overdue";
  if (best.retake) return "due-soon";
  return today >= plusDays(best.end, -30) ? "due-soon" : "compliant";
}

/** Every active person × required module of every organisation, on a day. */
export function referencePeople(facts: RawFacts, modules: RefModule[], today: string): Map<string, RefPerson[]> {
  const result = new Map<string, RefPerson[]>();
  for (const m of facts.memberships) {
    if (m.startDate > today || (m.endDate !== null && m.endDate < today)) continue;
    for (const module of modules) {
      const requirement = requirementFor(facts, m, module.slug);
      if (!requirement || !requirement.required) continue;
      const status = referenceStatus(
        facts.completions.get(`${m.userId}/${module.slug}`) ?? [],
        module,
        requirement,
        m.startDate,
        today,
      );
      const key = `${m.organisationId}/${module.slug}`;
      const list = result.get(key) ?? [];
      list.push({
        userId: m.userId,
        organisationId: m.organisationId,
        unitId: m.unitId,
        staffGroup: m.staffGroup,
        status,
        renewalDays: requirement.renewalDays,
        graceDays: requirement.graceDays,
        startDate: m.startDate,
      });
      result.set(key, list);
    }
  }
  return result;
}

export interface RefTally {
  people: number;
  newStarters: number;
  inDate: number;
  /** Per-module only; "all required training" gives the three above. */
  statuses?: Record<RefStatus, number>;
}

export function tallyPeople(people: RefPerson[]): RefTally {
  const statuses: Record<RefStatus, number> = {
    compliant: 0,
    "due-soon": 0,
    overdue: 0,
    "not-started": 0,
    "new-starter": 0,
  };
  for (const p of people) statuses[p.status]++;
  return {
    people: people.length,
    newStarters: statuses["new-starter"],
    inDate: statuses.compliant + statuses["due-soon"],
    statuses,
  };
}

/**
 * "All required training = people in date with every requirement that is out of grace, out of everyone
 * with at least one requirement out of grace": per organisation.
 */
export function referenceAllRequired(byModule: Map<string, RefPerson[]>, organisationId: number): RefTally {
  const perPerson = new Map<string, RefStatus[]>();
  for (const [key, people] of byModule) {
    if (!key.startsWith(`${organisationId}/`)) continue;
    for (const p of people) perPerson.set(p.userId, [...(perPerson.get(p.userId) ?? []), p.status]);
  }
  let newStarters = 0;
  let inDate = 0;
  for (const statuses of perPerson.values()) {
    const outOfGrace = statuses.filter((s) => s !== "new-starter");
    if (outOfGrace.length === 0) newStarters++;
    else if (outOfGrace.every((s) => s === "compliant" || s === "due-soon")) inDate++;
  }
  return { people: perPerson.size, newStarters, inDate };
}
