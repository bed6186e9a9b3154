import { sql } from "drizzle-orm";
import { COUNTRIES, ORGANISATION_KINDS } from "../enums";
import { integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    parentId: integer("parent_id").references((): AnySQLiteColumn => organisations.id),
    country: text("country", { enum: COUNTRIES }).notNull().default("england"),
    complianceTarget: integer("compliance_target").notNull().default(95),
    // Local contacts a manager sets; lessons show them (see LocalContact in content/README.md).
    serviceDeskPhone: text("service_desk_phone"),
    serviceDeskEmail: text("service_desk_email"),
    igLeadName: text("ig_lead_name"),
    igLeadEmail: text("ig_lead_email"),
    incidentSystem: text("incident_system"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex("organisations_code_unique").on(t.code)],
);

export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("units_org_name_unique").on(t.organisationId, t.name)],
);

export type Organisation = typeof organisations.$inferSelect;
export type Unit = typeof units.$inferSelect;
