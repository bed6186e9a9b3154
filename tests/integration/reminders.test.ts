import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, completions, memberships, organisations, requirements, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { buildContent } from "~/content/build.server";
import { db } from "~/db.server";
import { backgroundDeliveryIdle } from "~/email/mailer.server";
import { env } from "~/env.server";
import { recordCompletion } from "~/learning/completions.server";
import { effectiveRequirements } from "~/learning/requirements.server";
import { REMINDER_INTERVAL_MS, recipientTable, sendReminders } from "~/reminders/reminders.server";
import { action as remindersAction, loader as remindersLoader } from "~/routes/manage.$org.reminders";
import { action as inviteAction } from "~/routes/manage.$org.invite";
import { action as requirementsAction, loader as requirementsLoader } from "~/routes/manage.$org.requirements";
import { addDays, todayIso } from "~/utils/dates";
import { formatDate } from "~/utils/format-date";
import { signIn } from "../support/auth";
import { readOutbox } from "../support/outbox";
import { callRoute } from "../support/routes";

// The tests build a one-module catalogue (password-basics, version 2.1.0) of their own.
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-reminders-"));
process.env.CONTENT_BUILD_DIR = path.join(temp, "build");
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const DAY = 24 * 60 * 60_000;
let manager: string;
let brynManager: string;
const ids: Record<string, string> = {};
const orgs: Record<string, number> = {};

beforeAll(async () => {
  // Seeded before the content is built, the demo has no training records: each test sets what it needs.
  vi.spyOn(console, "warn").mockImplementation(() => {});
  await seedDemo(db());
  expect(db().select().from(completions).all()).toEqual([]);
  const built = await buildContent({
    dir: "tests/fixtures/content/valid",
    outDir: process.env.CONTENT_BUILD_DIR!,
    cacheDir: path.join(temp, "cache"),
    publicDir: path.join(temp, "public"),
  });
  expect(built.ok).toBe(true);
  manager = await signIn("manager@riverside.example");
  brynManager = await signIn("manager@bryn.example");
  for (const u of db().select().from(users).all()) ids[u.email] = u.id;
  for (const o of db().select().from(organisations).all()) orgs[o.code] = o.id;
}, 60_000);

const saveRule = (form: Record<string, string>, cookie = manager, org = "XA1") =>
  callRoute(requirementsAction, {
    params: { org },
    cookie,
    form: { intent: "save", staffGroup: "", required: "yes", renewalDays: "365", graceDays: "30", ...form },
  });

function complete(email: string, daysAgo: number, version = "2.1.0") {
  db().transaction((tx) =>
    recordCompletion(tx, {
      userId: ids[email],
      moduleSlug: "password-basics",
      moduleVersion: version,
      completedAt: new Date(Date.now() - daysAgo * DAY),
      scorePercent: 90,
      attemptId: null,
    }),
  );
}

const remindersTo = (email: string) =>
  readOutbox().filter((m) => m.to === email && /training is due|hyfforddiant yn ddyledus/.test(m.subject));

describe("requirements editor", () => {
  it("shows the national defaults and lets a manager add, override, waive and remove their own rules, with an audit trail", async () => {
    const page = await callRoute(requirementsLoader, { params: { org: "XA1" }, cookie: manager });
    expect(page.data.modules).toEqual([{ slug: "password-basics", title: "Password basics", lines: [] }]);

    const saved = await saveRule({ moduleSlug: "password-basics" });
    expect(saved.data.done).toBe("saved");
    const waived = await saveRule({
      moduleSlug: "password-basics",
      staffGroup: "estates-ancillary",
      required: "no",
      renewalDays: "",
      graceDays: "",
    });
    expect(waived.data.done).toBe("saved");
    // Saving the same module and group again replaces the rule rather than adding one.
    await saveRule({ moduleSlug: "password-basics", renewalDays: "730", graceDays: "60" });
    await saveRule({ moduleSlug: "password-basics", renewalDays: "365", graceDays: "30" });

    const lines = (await callRoute(requirementsLoader, { params: { org: "XA1" }, cookie: manager })).data.modules[0]
      .lines;
    expect(
      lines.map((l: { scope: string; staffGroup: string | null; required: boolean; renewalDays: number }) => [
        l.scope,
        l.staffGroup,
        l.required,
        l.renewalDays,
      ]),
    ).toEqual([
      ["organisation", null, true, 365],
      ["organisation", "estates-ancillary", false, 365],
    ]);

    // The most specific rule wins: porters (estates) are waived, nurses are not.
    const rows = db().select().from(requirements).all();
    const forGroup = (staffGroup: "estates-ancillary" | "nursing-midwifery") =>
      effectiveRequirements(
        [{ organisationId: orgs.XA1, staffGroup, startDate: "2020-01-01" }],
        ["password-basics"],
        rows,
      );
    expect(forGroup("estates-ancillary")).toEqual([]);
    expect(forGroup("nursing-midwifery")).toEqual([
      { moduleSlug: "password-basics", renewalDays: 365, graceDays: 30, startDate: "2020-01-01" },
    ]);

    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, "requirements-changed")).all();
    expect(audit).toHaveLength(4);
    expect(audit[2].details).toMatchObject({
      moduleSlug: "password-basics",
      staffGroup: null,
      before: { required: true, renewalDays: 365, graceDays: 30 },
      after: { required: true, renewalDays: 730, graceDays: 60 },
    });

    const waiver = lines.find((l: { staffGroup: string | null }) => l.staffGroup === "estates-ancillary");
    // Another organisation's manager cannot remove Riverside's rule.
    const foreign = await callRoute(requirementsAction, {
      params: { org: "X99001" },
      cookie: brynManager,
      form: { intent: "remove", id: String(waiver.id) },
    });
    expect(foreign.status).toBe(404);
    const removed = await callRoute(requirementsAction, {
      params: { org: "XA1" },
      cookie: manager,
      form: { intent: "remove", id: String(waiver.id) },
    });
    expect(removed.data.done).toBe("removed");
    expect(db().select().from(requirements).where(eq(requirements.id, waiver.id)).get()).toBeUndefined();
  });

  it("says what is wrong with a rule and saves nothing", async () => {
    const before = db().select().from(requirements).all().length;
    expect((await saveRule({ moduleSlug: "no-such-module" })).data.errors).toEqual({
      moduleSlug: "requirementsEditor.errors.moduleRequired",
    });
    const bad = await saveRule({
      moduleSlug: "password-basics",
      staffGroup: "wizards",
      required: "maybe",
      renewalDays: "ten",
      graceDays: "400",
    });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({
      staffGroup: "requirementsEditor.errors.staffGroupInvalid",
      required: "requirementsEditor.errors.requiredChoose",
      renewalDays: "requirementsEditor.errors.renewalInvalid",
      graceDays: "requirementsEditor.errors.graceInvalid",
    });
    expect((await saveRule({ moduleSlug: "password-basics", renewalDays: "29" })).data.errors).toEqual({
      renewalDays: "requirementsEditor.errors.renewalInvalid",
    });
    expect(db().select().from(requirements).all()).toHaveLength(before);
  });
});

describe("reminders", () => {
  it("emails each person whose training is due within 30 days or overdue, once a week, in their language, with a link", async () => {
    // Riverside requires password-basics of everyone (the first test). Amira's completion expires in 15 days;
    // Tomasz finished 10 days ago; Olivia has left; everyone else at Riverside has never done it.
    complete("nurse@riverside.example", 350);
    complete("bank.nurse@riverside.example", 10);
    db()
      .update(memberships)
      .set({ endDate: addDays(todayIso(), -1) })
      .where(eq(memberships.userId, ids["olivia.smith@xa1.example"]))
      .run();

    const preview = await callRoute(remindersLoader, { params: { org: "XA1" }, cookie: manager });
    const riversideActive = db()
      .select()
      .from(memberships)
      .where(eq(memberships.organisationId, orgs.XA1))
      .all()
      .filter((m) => m.endDate === null || m.endDate >= todayIso()).length;
    // Everyone active but Tomasz (compliant); all of them but Amira overdue.
    expect(preview.data).toMatchObject({
      due: riversideActive - 1,
      overdue: riversideActive - 2,
      people: riversideActive - 1,
      recentlyReminded: 0,
      recentlyInvited: 0,
      lastRun: null,
    });
    // Before sending, the manager sees who will be emailed: name, email, module and due date, by family name.
    const rows = preview.data.rows as Array<{ name: string; email: string; module: string; overdue: boolean }>;
    expect(rows).toHaveLength(riversideActive - 1);
    expect(rows.find((r) => r.email === "nurse@riverside.example")).toEqual({
      name: "Amira Hussain",
      email: "nurse@riverside.example",
      module: "Password basics",
      overdue: false,
      date: formatDate(addDays(todayIso(), 14), "en-GB"),
    });
    expect(rows.find((r) => r.email === "mohammed.ali@xa1.example")).toMatchObject({ overdue: true });
    expect(rows.some((r) => r.email === "bank.nurse@riverside.example")).toBe(false);
    const families = rows.map((r) => r.name.split(" ").at(-1)!);
    expect(families).toEqual([...families].sort((a, b) => a.localeCompare(b, "en-GB")));
    expect(readOutbox()).toHaveLength(0);

    const sent = await callRoute(remindersAction, { params: { org: "XA1" }, cookie: manager, form: {} });
    expect(sent.data.sent).toEqual({ people: riversideActive - 1, modules: riversideActive - 1, summaries: 0 });
    await backgroundDeliveryIdle();

    const amira = remindersTo("nurse@riverside.example");
    expect(amira).toHaveLength(1);
    expect(amira[0].language).toBe("en-GB");
    expect(amira[0].subject).toBe("Cyber Basics: your cyber security training is due");
    expect(amira[0].body).toContain("Dear Amira,");
    expect(amira[0].body).toMatch(/Password basics: due by \d+ \w+ \d{4}/);
    expect(amira[0].body).toContain(`${env().APP_URL}/learn/password-basics`);
    expect(remindersTo("mohammed.ali@xa1.example")[0].body).toMatch(/Password basics: overdue since/);
    expect(remindersTo("bank.nurse@riverside.example")).toHaveLength(0);
    expect(remindersTo("olivia.smith@xa1.example")).toHaveLength(0);
    // Only Riverside's staff: Bryn has no rule for this module and was not asked about.
    expect(remindersTo("receptionist@bryn.example")).toHaveLength(0);

    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, "reminders-sent")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: ids["manager@riverside.example"],
      organisationId: orgs.XA1,
      details: { people: riversideActive - 1 },
    });

    // At most once a week: pressing the button again, or the nightly job, sends nothing new.
    const again = await callRoute(remindersAction, { params: { org: "XA1" }, cookie: manager, form: {} });
    expect(again.data.sent.people).toBe(0);
    const nightly = await sendReminders({ now: new Date(Date.now() + 6 * DAY) });
    expect(nightly.people).toBe(0);
    expect(nightly.recentlyReminded).toBe(riversideActive - 1);
    await backgroundDeliveryIdle();
    expect(remindersTo("nurse@riverside.example")).toHaveLength(1);

    // A week on, they are reminded again.
    const nextWeek = await sendReminders({
      now: new Date(Date.now() + REMINDER_INTERVAL_MS + 60_000),
      organisationId: orgs.XA1,
    });
    expect(nextWeek.people).toBe(riversideActive - 1);
  });

  it("writes to a Welsh speaker in Welsh, and counts one completion for every organisation they belong to", async () => {
    const rule = await saveRule({ moduleSlug: "password-basics" }, brynManager, "X99001");
    expect(rule.data.done).toBe("saved");
    const report = await sendReminders({ organisationId: orgs.X99001 });
    expect(report.people).toBeGreaterThan(0);
    const { deliverDueEmails } = await import("~/email/outbox.server");
    await deliverDueEmails();
    const [welsh] = remindersTo("receptionist@bryn.example");
    expect(welsh.language).toBe("cy");
    expect(welsh.subject).toBe("Hanfodion Seiber: mae eich hyfforddiant yn ddyledus");
    expect(welsh.body).toContain("Annwyl Siân,");
    expect(welsh.body).toContain(`${env().APP_URL}/learn/password-basics`);

    // The bank nurse also works at Oak Lodge: with a rule there, the Riverside completion still counts.
    await saveRule({ moduleSlug: "password-basics" }, await signIn("manager@oaklodge.example"), "VX001");
    const oakLodge = await sendReminders({ organisationId: orgs.VX001, dryRun: true });
    const all = await sendReminders({ organisationId: orgs.VX001 });
    expect(all.people).toBe(oakLodge.people);
    await backgroundDeliveryIdle();
    await deliverDueEmails();
    expect(remindersTo("bank.nurse@riverside.example")).toHaveLength(0);
  });

  it("emails each manager a weekly summary of who is overdue", async () => {
    const first = await callRoute(remindersAction, {
      params: { org: "XA1" },
      cookie: manager,
      form: { managerSummary: "yes" },
    });
    expect(first.data.sent.summaries).toBe(1);
    await backgroundDeliveryIdle();
    // (A long subject is folded over two header lines, and the outbox reader sees the first.)
    const summary = readOutbox().find(
      (m) => m.to === "manager@riverside.example" && m.subject.startsWith("Cyber Basics: who is overdue at"),
    )!;
    expect(summary.body).toContain("people at Riverside University Hospitals NHS Trust are overdue");
    expect(summary.body).toContain("Mohammed Ali (mohammed.ali@xa1.example): Password basics");
    expect(summary.body).not.toContain("Tomasz");
    expect(summary.body).toContain(`${env().APP_URL}/manage/XA1/staff`);
    const second = await callRoute(remindersAction, {
      params: { org: "XA1" },
      cookie: manager,
      form: { managerSummary: "yes" },
    });
    expect(second.data.sent.summaries).toBe(0);
    const logged = db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "reminders-sent"), eq(auditEvents.organisationId, orgs.XA1)))
      .all();
    expect(logged.at(-1)!.details).toMatchObject({ summaries: 0 });
  });

  it("reminds no one within 7 days of their invitation, which already says what is due", async () => {
    // Invited today with a start date long past: nothing done, so not started (overdue) at once.
    const invited = await callRoute(inviteAction, {
      params: { org: "XA1" },
      cookie: manager,
      form: {
        givenName: "Nia",
        familyName: "Price",
        email: "nia.price@riverside.example",
        unitId: "",
        staffGroup: "nursing-midwifery",
        jobRole: "",
        startDate: "2020-01-01",
        role: "learner",
      },
    });
    expect(invited.data.done).toEqual({ email: "nia.price@riverside.example" });
    await backgroundDeliveryIdle();
    const isNia = (r: { email: string }) => r.email === "nia.price@riverside.example";

    const preview = await callRoute(remindersLoader, { params: { org: "XA1" }, cookie: manager });
    expect(preview.data.recentlyInvited).toBe(1);
    expect(preview.data.rows.some(isNia)).toBe(false);
    const now = await sendReminders({ organisationId: orgs.XA1, listRecipients: true });
    expect(now.recentlyInvited).toBe(1);
    expect(now.recipients.some(isNia)).toBe(false);
    const sixDaysOn = await sendReminders({ organisationId: orgs.XA1, now: new Date(Date.now() + 6 * DAY) });
    expect(sixDaysOn.recentlyInvited).toBe(1);
    await backgroundDeliveryIdle();
    expect(remindersTo("nia.price@riverside.example")).toHaveLength(0);

    // A week after the invitation, she is reminded like everyone else.
    const weekOn = await sendReminders({
      organisationId: orgs.XA1,
      now: new Date(Date.now() + 7 * DAY + 60_000),
      dryRun: true,
      listRecipients: true,
    });
    expect(weekOn.recentlyInvited).toBe(0);
    expect(weekOn.recipients.find(isNia)?.modules).toEqual([
      expect.objectContaining({ slug: "password-basics", status: "not-started" }),
    ]);
    // `npm run reminders:send -- --dry-run` prints the same list.
    const table = recipientTable(
      weekOn.recipients,
      () => "Password basics",
      (iso) => `on ${iso}`,
    ).split("\n");
    expect(table[0]).toBe("Name\tEmail\tModule\tDue");
    expect(table).toContain(
      `Nia Price\tnia.price@riverside.example\tPassword basics\toverdue since on ${weekOn.recipients.find(isNia)!.modules[0].dueOn}`,
    );
    expect(table).toHaveLength(weekOn.modules + 1);
  });
});
