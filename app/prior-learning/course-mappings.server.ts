import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { courseMappings, type CourseMapping } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { fieldErrors } from "~/auth/forms.server";
import type { AnyDatabase } from "~/compliance/store.server";
import { listModules } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { db } from "~/db.server";
import { headerKey } from "~/staff-import/columns";

/** A course or competence name as matched: case, spacing and punctuation left out. */
export const courseNameKey = headerKey;

/** The national e-learning and CSTF competence most staff have done elsewhere, and the modules that cover its objectives. */
const DATA_SECURITY_MODULES = [
  "protecting-information",
  "confidentiality-in-practice",
  "passwords-and-access",
  "spotting-phishing",
  "social-engineering",
  "ransomware-and-malware",
  "devices-and-working-away",
  "reporting-incidents",
];

export const DEFAULT_COURSE_MAPPINGS: { name: string; modules: string[]; esrCompetence: boolean }[] = [
  {
    name: "NHS|CSTF|Information Governance and Data Security|1 Years|",
    modules: DATA_SECURITY_MODULES,
    esrCompetence: true,
  },
  {
    name: "NHS|CSTF|Information Governance and Data Security|3 Years|",
    modules: DATA_SECURITY_MODULES,
    esrCompetence: false,
  },
  { name: "Data Security Awareness - Level 1", modules: DATA_SECURITY_MODULES, esrCompetence: false },
];

/** The demo's mapping (and a starting point for a new installation): only when there is none yet. */
export function seedDefaultCourseMappings(
  database: AnyDatabase & Pick<ReturnType<typeof db>, "select" | "insert">,
): void {
  if (database.select().from(courseMappings).limit(1).all().length > 0) return;
  const createdAt = new Date();
  for (const mapping of DEFAULT_COURSE_MAPPINGS)
    for (const moduleSlug of mapping.modules)
      database
        .insert(courseMappings)
        .values({
          name: mapping.name,
          nameKey: courseNameKey(mapping.name),
          moduleSlug,
          esrCompetence: mapping.esrCompetence,
          createdAt,
        })
        .run();
}

export function listCourseMappings(): CourseMapping[] {
  return db().select().from(courseMappings).orderBy(asc(courseMappings.nameKey), asc(courseMappings.moduleSlug)).all();
}

/** The mapping grouped by name: one line per outside course, with the modules it counts for. */
export function courseMappingsByName(mappings = listCourseMappings()) {
  const byKey = new Map<string, { name: string; esrCompetence: boolean; rows: CourseMapping[] }>();
  for (const m of mappings) {
    const found = byKey.get(m.nameKey);
    if (found) {
      found.rows.push(m);
      found.esrCompetence ||= m.esrCompetence;
    } else byKey.set(m.nameKey, { name: m.name, esrCompetence: m.esrCompetence, rows: [m] });
  }
  return [...byKey.values()];
}

/** Module slugs by matched course name: what the import looks names up in. */
export function courseIndex(mappings = listCourseMappings()): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const m of mappings) index.set(m.nameKey, [...(index.get(m.nameKey) ?? []), m.moduleSlug]);
  return index;
}

export type AddMappingResult = { ok: true } | { ok: false; error: "duplicate" };

/** A name counts for a module. Audited. */
export function addCourseMapping(
  input: { name: string; moduleSlug: string; esrCompetence: boolean },
  actorUserId: string,
): AddMappingResult {
  const nameKey = courseNameKey(input.name);
  const existing = db()
    .select()
    .from(courseMappings)
    .where(eq(courseMappings.nameKey, nameKey))
    .all()
    .find((m) => m.moduleSlug === input.moduleSlug);
  if (existing) return { ok: false, error: "duplicate" };
  db().transaction((tx) => {
    tx.insert(courseMappings)
      .values({
        name: input.name.trim(),
        nameKey,
        moduleSlug: input.moduleSlug,
        esrCompetence: input.esrCompetence,
        createdAt: new Date(),
      })
      .run();
    recordAudit(
      {
        action: "course-mappings-changed",
        actorUserId,
        details: { added: input.name.trim(), module: input.moduleSlug },
      },
      tx,
    );
  });
  return { ok: true };
}

export function removeCourseMapping(id: number, actorUserId: string): boolean {
  return db().transaction((tx) => {
    const found = tx.select().from(courseMappings).where(eq(courseMappings.id, id)).get();
    if (!found) return false;
    tx.delete(courseMappings).where(eq(courseMappings.id, id)).run();
    recordAudit(
      { action: "course-mappings-changed", actorUserId, details: { removed: found.name, module: found.moduleSlug } },
      tx,
    );
    return true;
  });
}

/** The mapping as pages show it: each outside name with the titles of the modules it counts for. */
export function courseMappingView(language: ContentLanguage) {
  const titles = new Map(listModules(language).map((m) => [m.slug, m.title]));
  return courseMappingsByName().map((group) => ({
    name: group.name,
    esrCompetence: group.esrCompetence,
    modules: group.rows.map((r) => ({ id: r.id, slug: r.moduleSlug, title: titles.get(r.moduleSlug) ?? r.moduleSlug })),
  }));
}

const MappingFormSchema = z.object({
  name: z.string().trim().min(1, "priorLearning.mappings.nameMissing").max(200, "priorLearning.mappings.nameTooLong"),
  moduleSlug: z.string().min(1, "priorLearning.mappings.moduleMissing"),
  esrCompetence: z.literal("yes").optional(),
});

/** The admin's "add" form: a name, a module of the catalogue, and whether it is the ESR competence name. */
export function parseMappingForm(form: FormData) {
  const parsed = MappingFormSchema.safeParse({
    name: form.get("name") ?? "",
    moduleSlug: form.get("moduleSlug") ?? "",
    esrCompetence: form.get("esrCompetence") ?? undefined,
  });
  if (!parsed.success) return { ok: false as const, errors: fieldErrors(parsed.error) };
  if (!listModules("en-GB").some((m) => m.slug === parsed.data.moduleSlug))
    return { ok: false as const, errors: { moduleSlug: "priorLearning.mappings.moduleMissing" } };
  return {
    ok: true as const,
    input: {
      name: parsed.data.name,
      moduleSlug: parsed.data.moduleSlug,
      esrCompetence: Boolean(parsed.data.esrCompetence),
    },
  };
}
