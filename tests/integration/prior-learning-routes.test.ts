import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, completions, memberships, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { action as applyAction, loader as previewLoader } from "~/routes/manage.$org.completions.$id";
import { action as uploadAction } from "~/routes/manage.$org.completions._index";
import { loader as esrLoader } from "~/routes/manage.$org.export-esr";
import { parse } from "csv-parse/sync";
import { courseMappingsByName } from "~/prior-learning/course-mappings.server";
import { todayIso, ukDate } from "~/utils/dates";
import { signIn } from "../support/auth";
import { useFixtureContent } from "../support/content";
import { callRoute } from "../support/routes";

// The real modules: the default course mapping names them.
const content = useFixtureContent("content/modules");

let manager: string;
beforeAll(async () => {
  await content.ready;
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
});

const RECORD = [
  "Email,Course,Completion Date,Expiry Date",
  "nurse@riverside.example,Data Security Awareness - Level 1,15/01/2026,15/01/2027",
  "stranger@elsewhere.example,Data Security Awareness - Level 1,15/01/2026,",
  "nurse@riverside.example,Fire Safety,15/01/2026,",
].join("\r\n");

/** Posts the upload form as a browser does, through the real route action. */
async function upload(org: string, cookie: string, name: string, content: string | Uint8Array, source = "ESR") {
  const form = new FormData();
  form.append("file", new File([content as BlobPart], name));
  form.append("source", source);
  const request = new Request(`http://localhost/manage/${org}/completions`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie },
  });
  try {
    const outcome = (await uploadAction({
      request,
      params: { org },
      context: { clientIp: "203.0.113.10" },
    })) as unknown as {
      data: { errors: Record<string, { key: string }> };
      init: { status: number };
    };
    return { status: outcome.init.status, errors: outcome.data.errors, id: null };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, errors: null, id: thrown.headers.get("Location")!.split("/").pop()! };
  }
}

const imported = (email: string) => {
  const person = db().select().from(users).where(eq(users.email, email)).get()!;
  return db()
    .select()
    .from(completions)
    .where(and(eq(completions.userId, person.id), isNotNull(completions.source)))
    .all();
};

describe("prior learning through the web", () => {
  it("previews without writing, names the bad rows, applies once, and a replay adds nothing", async () => {
    const sent = await upload("XA1", manager, "esr.csv", RECORD);
    expect(sent.status).toBe(302);
    const preview = (
      await callRoute(previewLoader, {
        params: { org: "XA1", id: sent.id! },
        cookie: manager,
        path: `/manage/XA1/completions/${sent.id}`,
      })
    ).data.preview;
    expect(preview.counts).toMatchObject({ rows: 3, problems: 2 });
    expect(preview.counts.add).toBeGreaterThan(0);
    expect(
      Object.fromEntries(
        preview.problems.map((p: { row: number; problems: { key: string }[] }) => [
          p.row,
          p.problems.map((x) => x.key.split(".").pop()),
        ]),
      ),
    ).toEqual({ 3: ["personUnknown"], 4: ["courseUnknown"] });
    expect(imported("nurse@riverside.example")).toEqual([]);

    const applied = await callRoute(applyAction, {
      params: { org: "XA1", id: sent.id! },
      cookie: manager,
      path: `/manage/XA1/completions/${sent.id}`,
      form: {},
    });
    expect(applied.data.done).toMatchObject({ added: preview.counts.add, problems: 2 });
    const recorded = imported("nurse@riverside.example");
    expect(recorded).toHaveLength(preview.counts.add);
    const managerId = db().select().from(users).where(eq(users.email, "manager@riverside.example")).get()!.id;
    for (const c of recorded)
      expect(c).toMatchObject({ source: "ESR", importedByUserId: managerId, expiresOn: "2027-01-15" });
    expect(db().select().from(auditEvents).where(eq(auditEvents.action, "completions-imported")).all()).toHaveLength(1);

    // Confirming the same preview again, or uploading the file again, adds nothing.
    const twice = await callRoute(applyAction, {
      params: { org: "XA1", id: sent.id! },
      cookie: manager,
      path: `/manage/XA1/completions/${sent.id}`,
      form: {},
    });
    expect(twice.status).toBe(410);
    const again = await upload("XA1", manager, "esr.csv", RECORD);
    const replay = (
      await callRoute(previewLoader, {
        params: { org: "XA1", id: again.id! },
        cookie: manager,
        path: `/manage/XA1/completions/${again.id}`,
      })
    ).data.preview;
    expect(replay.counts).toMatchObject({ add: 0, unchanged: preview.counts.add });
  });

  it("refuses a file it cannot read, or no source, with the reason, and keeps nothing", async () => {
    const before = imported("nurse@riverside.example").length;
    const binary = await upload("XA1", manager, "photo.csv", new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254, 0]));
    expect(binary.status).toBe(400);
    expect(binary.errors!.file.key).toBe("staffImport.errors.fileNotText");
    const noSource = await upload("XA1", manager, "esr.csv", RECORD, "");
    expect(noSource.status).toBe(400);
    expect(Object.keys(noSource.errors!)).toEqual(["source"]);
    expect(imported("nurse@riverside.example")).toHaveLength(before);
  });

  it("lets no other organisation's manager see or apply the upload", async () => {
    const sent = await upload("XA1", manager, "esr.csv", RECORD.replace("15/01/2026,15/01/2027", "16/01/2026,"));
    const other = await signIn("manager@bryn.example");
    const peek = await callRoute(previewLoader, {
      params: { org: "XA1", id: sent.id! },
      cookie: other,
      path: `/manage/XA1/completions/${sent.id}`,
    });
    expect(peek.status).toBe(403);
  });
});

describe("ESR-ready completions out", () => {
  it("lists a person's ESR competence once every module mapped to it is in date, with dates ESR reads, and audits it", async () => {
    const nurse = db().select().from(users).where(eq(users.email, "nurse@riverside.example")).get()!;
    const xa1 = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
    db()
      .update(memberships)
      .set({ employeeNumber: "N-0007" })
      .where(and(eq(memberships.userId, nurse.id), eq(memberships.organisationId, xa1.id)))
      .run();
    const result = await callRoute(esrLoader, {
      params: { org: "XA1" },
      path: "/manage/XA1/export-esr",
      cookie: manager,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("Content-Disposition")).toBe(
      `attachment; filename="XA1-esr-competences-${todayIso()}.csv"`,
    );
    const [header, ...lines] = parse(result.data as string) as string[][];
    expect(header).toEqual(["Employee Number", "Competence Name", "Achieved Date", "Expiry Date"]);

    // The nurse's phishing module came from the import above; the other mapped modules were done here.
    const competence = courseMappingsByName().find((c) => c.esrCompetence)!;
    const nurseLines = lines.filter((l) => l[0] === "N-0007");
    expect(nurseLines.map((l) => l[1])).toEqual([competence.name]);
    const latest = competence.rows.map(({ moduleSlug }) =>
      db()
        .select()
        .from(completions)
        .where(and(eq(completions.userId, nurse.id), eq(completions.moduleSlug, moduleSlug)))
        .all()
        .map((c) => ukDate(c.completedAt))
        .sort()
        .at(-1)!,
    );
    const achieved = latest.sort().at(-1)!;
    const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    expect(nurseLines[0][2]).toBe(ddmmyyyy(achieved));
    const expiry = nurseLines[0][3].split("/").reverse().join("-");
    expect(expiry > achieved).toBe(true);
    expect(expiry <= "2027-01-15").toBe(true); // the imported phishing completion expires then
    for (const line of lines) expect(line[2]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, "export-downloaded")).all().at(-1)!;
    expect(audit.details).toMatchObject({ export: "esr-competences", lines: lines.length });
  });
});

describe("prior learning from the command line", () => {
  it("lists bad rows on a dry run and changes nothing, then records the rest once", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-prior-"));
    const file = path.join(dir, "bryn.csv");
    fs.writeFileSync(
      file,
      [
        "Email;Competence Name;Achieved Date",
        "receptionist@bryn.example;Data Security Awareness - Level 1;2026-03-02",
        "receptionist@bryn.example;Data Security Awareness - Level 1;2026-13-02",
      ].join("\n"),
    );
    const run = (...extra: string[]) =>
      spawnSync(
        "npx",
        ["tsx", "scripts/import-completions.ts", "--org", "X99001", "--source", "Bryn LMS", ...extra, file],
        {
          encoding: "utf8",
          env: process.env,
        },
      );
    const dry = run("--dry-run");
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/row 3/);
    expect(imported("receptionist@bryn.example")).toEqual([]);

    const real = run();
    expect(real.status, real.stderr).toBe(0);
    const recorded = imported("receptionist@bryn.example");
    expect(recorded.length).toBeGreaterThan(0);
    for (const c of recorded) expect(c).toMatchObject({ source: "Bryn LMS", verificationCode: null });

    expect(run().status).toBe(0);
    expect(imported("receptionist@bryn.example")).toHaveLength(recorded.length);

    const unknownOrg = spawnSync("npx", ["tsx", "scripts/import-completions.ts", "--org", "NOPE1", file], {
      encoding: "utf8",
      env: process.env,
    });
    expect(unknownOrg.status).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
