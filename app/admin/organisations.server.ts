import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { COUNTRIES } from "@db/enums";
import { ORGANISATION_KINDS, organisations } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";

const parent = alias(organisations, "parent");

export function listOrganisations() {
  return db()
    .select({
      id: organisations.id,
      code: organisations.code,
      name: organisations.name,
      kind: organisations.kind,
      country: organisations.country,
      parentName: parent.name,
    })
    .from(organisations)
    .leftJoin(parent, eq(parent.id, organisations.parentId))
    .orderBy(asc(organisations.name))
    .all();
}

export const NewOrganisationSchema = z.object({
  code: z
    .string({ error: "admin.errors.codeRequired" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{3,10}$/, "admin.errors.codeInvalid"),
  name: z
    .string({ error: "admin.errors.nameRequired" })
    .trim()
    .min(1, "admin.errors.nameRequired")
    .max(200, "admin.errors.nameRequired"),
  kind: z.enum(ORGANISATION_KINDS, { error: "admin.errors.kindRequired" }),
  country: z.enum(COUNTRIES, { error: "admin.errors.countryRequired" }),
  parentCode: z.string().trim().toUpperCase().max(10).default(""),
});
export type NewOrganisation = z.infer<typeof NewOrganisationSchema>;

export const CountrySchema = z.object({ country: z.enum(COUNTRIES, { error: "admin.errors.countryRequired" }) });

export function findOrganisationByCode(code: string) {
  return db().select().from(organisations).where(eq(organisations.code, code.toUpperCase())).get();
}

/** Changes which nation's lesson blocks the organisation's staff see, with an audit record. */
export function setOrganisationCountry(
  actorUserId: string,
  organisation: { id: number; country: string },
  country: (typeof COUNTRIES)[number],
): void {
  db().transaction((tx) => {
    tx.update(organisations).set({ country }).where(eq(organisations.id, organisation.id)).run();
    recordAudit(
      {
        action: "country-changed",
        actorUserId,
        organisationId: organisation.id,
        details: { from: organisation.country, to: country },
      },
      tx,
    );
  });
}

export type CreateOrganisationResult = { ok: true } | { ok: false; field: "code" | "parentCode"; message: string };

export function createOrganisation(input: NewOrganisation): CreateOrganisationResult {
  const database = db();
  if (database.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, input.code)).get()) {
    return { ok: false, field: "code", message: "admin.errors.codeTaken" };
  }
  let parentId: number | null = null;
  if (input.parentCode) {
    const found = database
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.code, input.parentCode))
      .get();
    if (!found) return { ok: false, field: "parentCode", message: "admin.errors.parentUnknown" };
    parentId = found.id;
  }
  database
    .insert(organisations)
    .values({ code: input.code, name: input.name, kind: input.kind, country: input.country, parentId })
    .run();
  return { ok: true };
}
