import { and, eq, gte, inArray, isNotNull, isNull, lte, or } from "drizzle-orm";
import { completions, memberships, type Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { csvLine, type Exporter } from "~/compliance/exports.server";
import { listModules } from "~/content/catalogue.server";
import { db } from "~/db.server";
import { personModuleStatus } from "~/learning/counting-completion";
import { pickRequirement, requirementRowsFor } from "~/learning/requirements.server";
import { DEFAULT_GRACE_DAYS, DEFAULT_RENEWAL_DAYS, isCompliant } from "~/learning/status";
import { addDays, todayIso } from "~/utils/dates";
import { courseMappingsByName } from "./course-mappings.server";

/**
 * The ESR-ready export: one line per person and ESR competence, for an ESR administrator to load as
 * competences. A competence is achieved when every module it is mapped to is in date for the person,
 * counted by the same rules as every figure (personModuleStatus); its achieved date is the latest of
 * the completions that count, its expiry the first day one of them stops counting (ESR's expiry date:
 * an import of this file gives the same figures back). Only people with an employee number, and only
 * when at least one completion that counts was done here: training recorded in another system is
 * already there.
 */

export const ESR_COLUMNS = ["Employee Number", "Competence Name", "Achieved Date", "Expiry Date"] as const;

export interface EsrLine {
  employeeNumber: string;
  competence: string;
  achievedOn: string;
  expiresOn: string;
}

/** DD/MM/YYYY, as ESR shows and loads dates. */
export const esrDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function esrCompetenceLines(organisationId: number, today = todayIso()): EsrLine[] {
  const competences = courseMappingsByName().filter((g) => g.esrCompetence);
  if (competences.length === 0) return [];
  const catalogue = new Map(listModules("en-GB").map((m) => [m.slug, m]));
  const staff = db()
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        isNotNull(memberships.employeeNumber),
        lte(memberships.startDate, today),
        or(isNull(memberships.endDate), gte(memberships.endDate, today)),
      ),
    )
    .all();
  const rows = requirementRowsFor([organisationId]);
  const byUser = new Map<string, (typeof completions.$inferSelect)[]>();
  for (let i = 0; i < staff.length; i += 500) {
    const ids = staff.slice(i, i + 500).map((m) => m.userId);
    for (const c of db().select().from(completions).where(inArray(completions.userId, ids)).all())
      byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);
  }
  const lines: EsrLine[] = [];
  for (const member of staff) {
    const mine = byUser.get(member.userId) ?? [];
    for (const competence of competences) {
      let achievedOn = "";
      let lastDay = "9999-12-31";
      let ours = false;
      let achieved = competence.rows.length > 0;
      for (const { moduleSlug } of competence.rows) {
        const module = catalogue.get(moduleSlug);
        if (!module) {
          achieved = false;
          break;
        }
        const row = pickRequirement(rows, moduleSlug, organisationId, member.staffGroup);
        const status = personModuleStatus(
          mine.filter((c) => c.moduleSlug === moduleSlug),
          module,
          {
            renewalDays: row?.renewalDays ?? DEFAULT_RENEWAL_DAYS,
            graceDays: row?.graceDays ?? DEFAULT_GRACE_DAYS,
            startDate: member.startDate,
          },
          today,
        );
        if (!isCompliant(status.status) || !status.completion || !status.lastCompletedOn) {
          achieved = false;
          break;
        }
        if (status.lastCompletedOn > achievedOn) achievedOn = status.lastCompletedOn;
        if (status.lastDay < lastDay) lastDay = status.lastDay;
        ours ||= status.completion.source === null;
      }
      if (achieved && ours)
        lines.push({
          employeeNumber: member.employeeNumber!,
          competence: competence.name,
          achievedOn,
          expiresOn: addDays(lastDay, 1),
        });
    }
  }
  return lines.sort(
    (a, b) => a.employeeNumber.localeCompare(b.employeeNumber) || a.competence.localeCompare(b.competence),
  );
}

/** The CSV an ESR administrator loads, recorded in the audit trail like every export. */
export function exportEsrCompetences(
  organisation: Pick<Organisation, "id" | "code">,
  by: Exporter,
  today = todayIso(),
): { fileName: string; csv: string } {
  const lines = esrCompetenceLines(organisation.id, today);
  recordAudit({
    action: "export-downloaded",
    actorUserId: by.userId,
    organisationId: organisation.id,
    details: { export: "esr-competences", format: "csv", via: by.via, by: by.description, lines: lines.length },
  });
  const csv =
    csvLine([...ESR_COLUMNS]) +
    lines.map((l) => csvLine([l.employeeNumber, l.competence, esrDate(l.achievedOn), esrDate(l.expiresOn)])).join("");
  return { fileName: `${organisation.code}-esr-competences-${today}.csv`, csv };
}
