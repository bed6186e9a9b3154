import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, completions, memberships, organisations, quizAttempts, units, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { refreshPersonCompliance } from "~/compliance/store.server";
import { db } from "~/db.server";
import { backgroundDeliveryIdle } from "~/email/mailer.server";
import { loader as complianceStaffLoader } from "~/routes/manage.$org.compliance.staff";
import { loader as staffLoader } from "~/routes/manage.$org.staff";
import { action as personAction, loader as personLoader } from "~/routes/manage.$org.staff_.$userId";
import { addDays, todayIso } from "~/utils/dates";
import { signIn } from "../support/auth";
import { readOutbox } from "../support/outbox";
import { callRoute } from "../support/routes";

let manager: string;
let xa1: number;
let nurseId: string;
let invitedId: string;

const userIdOf = (email: string) => db().select().from(users).where(eq(users.email, email)).get()!.id;
const membershipOf = (userId: string) =>
  db()
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, xa1)))
    .get()!;
const auditOf = (userId: string) => db().select().from(auditEvents).where(eq(auditEvents.subjectUserId, userId)).all();

const page = (userId: string, query = "") =>
  callRoute(personLoader, {
    params: { org: "XA1", userId },
    path: `/manage/XA1/staff/${userId}${query}`,
    cookie: manager,
  });
const act = (userId: string, form: Record<string, string>) =>
  callRoute(personAction, {
    params: { org: "XA1", userId },
    path: `/manage/XA1/staff/${userId}`,
    cookie: manager,
    form,
  });

beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
  xa1 = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!.id;
  nurseId = userIdOf("nurse@riverside.example");
  invitedId = crypto.randomUUID();
  db().transaction((tx) => {
    tx.insert(users)
      .values({ id: invitedId, email: "ivy.invited@riverside.example", givenName: "Ivy", familyName: "Invited" })
      .run();
    tx.insert(memberships)
      .values({
        userId: invitedId,
        organisationId: xa1,
        staffGroup: "admin-clerical",
        startDate: addDays(todayIso(), -100),
        hrGivenName: "Ivy",
        hrFamilyName: "Invited",
      })
      .run();
    // Prior learning recorded in ESR, and a failed quiz attempt.
    tx.insert(completions)
      .values({
        userId: invitedId,
        moduleSlug: "spotting-phishing",
        moduleVersion: "1.0.0",
        majorVersion: 1,
        completedAt: new Date(`${addDays(todayIso(), -20)}T12:00:00Z`),
        source: "ESR",
        sourceCourse: "Data Security Awareness",
        sourceCourseKey: "data security awareness",
        importedAt: new Date(),
      })
      .run();
    tx.insert(quizAttempts)
      .values({
        id: crypto.randomUUID(),
        userId: invitedId,
        moduleSlug: "passwords-and-access",
        moduleVersion: "1.0.0",
        language: "en-GB",
        questions: [],
        startedAt: new Date(),
        submittedAt: new Date(),
        correctCount: 3,
        questionCount: 10,
        scorePercent: 30,
        passed: false,
      })
      .run();
    refreshPersonCompliance(tx, invitedId);
  });
});
afterAll(() => backgroundDeliveryIdle());

describe("a person's page", () => {
  it("shows their training with the drill-down's figures, their record, completions and attempts", async () => {
    const result = await page(nurseId);
    expect(result.status).toBe(200);
    const { person, training, overall } = result.data;
    expect(person).toMatchObject({ email: "nurse@riverside.example", givenName: "Amira", accountSetUp: true });
    expect(overall).not.toBeNull();
    const drill = await callRoute(complianceStaffLoader, {
      params: { org: "XA1" },
      path: "/manage/XA1/compliance/staff?module=passwords-and-access&group=nursing-midwifery",
      cookie: manager,
    });
    const drillRow = drill.data.list.rows.find((r: { userId: string }) => r.userId === nurseId);
    const mine = training.find((r: { slug: string }) => r.slug === "passwords-and-access");
    expect({ status: mine.status, dueDay: mine.dueDay, lastDay: mine.lastDay }).toEqual({
      status: drillRow.status,
      dueDay: drillRow.dueDay,
      lastDay: drillRow.lastDay,
    });

    const invited = (await page(invitedId)).data;
    expect(invited.person.accountSetUp).toBe(false);
    expect(invited.training.find((r: { slug: string }) => r.slug === "spotting-phishing")).toMatchObject({
      recordedIn: "ESR",
      status: "compliant",
    });
    expect(invited.completions).toEqual([expect.objectContaining({ source: "ESR", version: "1.0.0" })]);
    expect(invited.attempts).toEqual([expect.objectContaining({ scorePercent: 30, passed: false })]);
  });

  it("is not found for someone with no membership here, and for another organisation's person", async () => {
    expect((await page(crypto.randomUUID())).status).toBe(404);
    const bryn = userIdOf("receptionist@bryn.example");
    expect((await page(bryn)).status).toBe(404);
    const before = auditOf(bryn).length;
    expect((await act(bryn, { intent: "mark-leaver", endDate: todayIso() })).status).toBe(404);
    expect((await act(bryn, { intent: "resend-invitation" })).status).toBe(404);
    expect(auditOf(bryn)).toHaveLength(before);
  });

  it("shows a success banner only for a known outcome", async () => {
    expect((await page(nurseId, "?done=changed")).data.done).toBe("changed");
    expect((await page(nurseId, "?done=<script>")).data.done).toBeNull();
  });
});

describe("a person's page: actions", () => {
  it("resends the invitation to an account never set up, audited", async () => {
    const before = readOutbox().filter((m) => m.to === "ivy.invited@riverside.example").length;
    const result = await act(invitedId, { intent: "resend-invitation" });
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/manage/XA1/staff/${invitedId}?done=resent`);
    expect(readOutbox().filter((m) => m.to === "ivy.invited@riverside.example")).toHaveLength(before + 1);
    expect(auditOf(invitedId).filter((e) => e.action === "invitation-sent")).toEqual([
      expect.objectContaining({ organisationId: xa1, details: { resent: true } }),
    ]);
  });

  it("refuses to resend to an account already set up", async () => {
    const before = auditOf(nurseId).length;
    const outbox = readOutbox().length;
    const result = await act(nurseId, { intent: "resend-invitation" });
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ resend: "manage.errors.alreadySetUp" });
    expect(auditOf(nurseId)).toHaveLength(before);
    expect(readOutbox()).toHaveLength(outbox);
  });

  it("changes unit and staff group, audited, and the figures follow", async () => {
    const outpatients = db()
      .select()
      .from(units)
      .where(and(eq(units.organisationId, xa1), eq(units.name, "Outpatients")))
      .get()!;
    const result = await act(invitedId, {
      intent: "change-placement",
      unitId: String(outpatients.id),
      staffGroup: "allied-health-professionals",
    });
    expect(result.status).toBe(302);
    expect(membershipOf(invitedId)).toMatchObject({
      unitId: outpatients.id,
      staffGroup: "allied-health-professionals",
    });
    expect(auditOf(invitedId).find((e) => e.action === "membership-changed")?.details).toEqual({
      from: { unitId: null, unit: null, staffGroup: "admin-clerical" },
      to: { unitId: outpatients.id, unit: "Outpatients", staffGroup: "allied-health-professionals" },
    });
    const list = await callRoute(staffLoader, {
      params: { org: "XA1" },
      path: `/manage/XA1/staff?unit=${outpatients.id}&group=allied-health-professionals&q=ivy`,
      cookie: manager,
    });
    expect(list.data.staff.rows.map((r: { userId: string }) => r.userId)).toEqual([invitedId]);
  });

  it("refuses another organisation's unit or an unknown staff group, changing nothing", async () => {
    const before = { membership: membershipOf(invitedId), audit: auditOf(invitedId).length };
    const nightCare = db().select().from(units).where(eq(units.name, "Night care")).get()!;
    const otherUnit = await act(invitedId, {
      intent: "change-placement",
      unitId: String(nightCare.id),
      staffGroup: "nursing-midwifery",
    });
    expect(otherUnit.status).toBe(400);
    expect(otherUnit.data.errors).toEqual({ unitId: "manage.errors.unitInvalid" });
    const badGroup = await act(invitedId, { intent: "change-placement", unitId: "", staffGroup: "wizards" });
    expect(badGroup.status).toBe(400);
    expect(badGroup.data.errors.staffGroup).toBe("manage.errors.staffGroupRequired");
    const badIntent = await act(invitedId, { intent: "delete-everything" });
    expect(badIntent.status).toBe(400);
    expect(membershipOf(invitedId)).toEqual(before.membership);
    expect(auditOf(invitedId)).toHaveLength(before.audit);
  });

  it("refuses an end date that is not a date or is before the start", async () => {
    const before = { membership: membershipOf(invitedId), audit: auditOf(invitedId).length };
    const notADate = await act(invitedId, { intent: "mark-leaver", endDate: "2026-02-30" });
    expect(notADate.status).toBe(400);
    expect(notADate.data.errors).toEqual({ endDate: "manage.errors.endDateInvalid" });
    const beforeStart = await act(invitedId, {
      intent: "mark-leaver",
      endDate: addDays(before.membership.startDate, -1),
    });
    expect(beforeStart.status).toBe(400);
    expect(beforeStart.data.errors).toEqual({ endDate: "manage.errors.endDateBeforeStart" });
    expect(membershipOf(invitedId)).toEqual(before.membership);
    expect(auditOf(invitedId)).toHaveLength(before.audit);
  });

  it("marks a leaver, audited: they leave the figures and the list shows them without a status", async () => {
    const counted = async () =>
      (
        await callRoute(complianceStaffLoader, {
          params: { org: "XA1" },
          path: "/manage/XA1/compliance/staff?module=all",
          cookie: manager,
        })
      ).data.list.total as number;
    const before = await counted();
    const endDate = addDays(todayIso(), -1);
    const result = await act(invitedId, { intent: "mark-leaver", endDate });
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/manage/XA1/staff/${invitedId}?done=left`);
    expect(membershipOf(invitedId).endDate).toBe(endDate);
    expect(auditOf(invitedId).find((e) => e.action === "leaver-marked")?.details).toEqual({
      endDate,
      previousEndDate: null,
    });
    expect(await counted()).toBe(before - 1);
    const shown = (await page(invitedId)).data;
    expect(shown.person).toMatchObject({ hasLeft: true, counted: false });
    const list = await callRoute(staffLoader, {
      params: { org: "XA1" },
      path: "/manage/XA1/staff?q=ivy.invited",
      cookie: manager,
    });
    expect(list.data.staff.rows).toEqual([expect.objectContaining({ userId: invitedId, status: null })]);
    // No invitation for a leaver.
    expect((await act(invitedId, { intent: "resend-invitation" })).data.errors).toEqual({
      resend: "manage.errors.hasLeft",
    });
  });
});
