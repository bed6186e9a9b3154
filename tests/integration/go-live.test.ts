import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createDb } from "@db/client";
import { DEMO_ACCOUNTS } from "@db/demo-data";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { loader as rootLoader } from "~/root";
import { action as setPasswordAction, loader as setPasswordLoader } from "~/routes/set-password.$token";
import { action as signInAction } from "~/routes/sign-in";
import { callRoute } from "../support/routes";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** tsx by its file, so a script run from another folder finds it. */
const TSX = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** Runs a script the way npm does (tsx), with the environment given and NODE_ENV as a shell would have it: unset. */
function runScript(script: string, args: string[], env: Record<string, string | undefined>, cwd = ROOT) {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: undefined,
    TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.json"),
    ...env,
  };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  return spawnSync(process.execPath, ["--import", TSX, path.join(ROOT, script), ...args], {
    cwd,
    env: merged as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
}

function demoAccountsIn(file: string): number {
  const sqlite = new Database(file, { readonly: true });
  try {
    return (
      sqlite
        .prepare(`SELECT count(*) AS n FROM users WHERE email IN (${DEMO_ACCOUNTS.map(() => "?").join(",")})`)
        .get(...DEMO_ACCOUNTS.map((a) => a.email)) as { n: number }
    ).n;
  } finally {
    sqlite.close();
  }
}

describe("production by default", () => {
  it("runs in production mode when NODE_ENV is unset", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        'const { env } = await import("./app/env.server.ts"); console.log(env().NODE_ENV);',
      ],
      {
        cwd: ROOT,
        env: Object.fromEntries(
          Object.entries(process.env).filter(([name]) => name !== "NODE_ENV"),
        ) as NodeJS.ProcessEnv,
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("production");
  });
});

describe("demo data only where asked", () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-go-live-"));

  it("never seeds a database at a configured DATABASE_PATH", () => {
    const file = path.join(temp, "live.db");
    const run = runScript("scripts/db-setup.ts", [], { DATABASE_PATH: file, OUTBOX_DIR: path.join(temp, "outbox") });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("No demo data");
    expect(run.stdout).toContain("npm run admin:create");
    expect(demoAccountsIn(file)).toBe(0);
    const sqlite = new Database(file, { readonly: true });
    expect(sqlite.prepare("SELECT count(*) AS n FROM organisations").get()).toEqual({ n: 0 });
    sqlite.close();
  });

  it("seeds a configured database when DEMO=true", () => {
    const file = path.join(temp, "demo.db");
    const run = runScript("scripts/db-setup.ts", [], {
      DATABASE_PATH: file,
      DEMO: "true",
      OUTBOX_DIR: path.join(temp, "outbox"),
    });
    expect(run.status, run.stderr).toBe(0);
    expect(demoAccountsIn(file)).toBe(DEMO_ACCOUNTS.length);
  });

  it("seeds the default database (DATABASE_PATH unset), as npm ci && npm start does", () => {
    const project = fs.mkdtempSync(path.join(temp, "fresh-clone-"));
    const run = runScript(
      "scripts/db-setup.ts",
      [],
      { DATABASE_PATH: undefined, OUTBOX_DIR: path.join(temp, "outbox") },
      project,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(demoAccountsIn(path.join(project, "data/cyber-basics.db"))).toBe(DEMO_ACCOUNTS.length);
  });
});

describe("the first admin", () => {
  const countRows = () =>
    db()
      .$client.prepare(
        "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM one_time_tokens) AS tokens, (SELECT count(*) FROM audit_events) AS audit",
      )
      .get();

  it("shows no demo banner until demo data is there", async () => {
    expect((await callRoute(rootLoader)).data.demo).toBe(false);
  });

  it("creates a system admin whose printed link sets a password and signs them in", async () => {
    const run = runScript(
      "scripts/create-admin.ts",
      ["--email", " Alex.Morgan@Example.NHS.uk ", "--name", "Alex Morgan-Jones"],
      {},
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Created a system admin account for alex.morgan@example.nhs.uk");
    const link = /(http\S+\/set-password\/(\S+))/.exec(run.stdout);
    expect(link, run.stdout).not.toBeNull();
    const token = link![2];

    expect((await callRoute(setPasswordLoader, { params: { token } })).data.link).toMatchObject({
      email: "alex.morgan@example.nhs.uk",
    });
    const password = "a long first admin password";
    expect(
      (await callRoute(setPasswordAction, { params: { token }, form: { password, confirm: password } })).status,
    ).toBe(302);
    const signedIn = await callRoute(signInAction, { form: { email: "alex.morgan@example.nhs.uk", password } });
    expect(signedIn.status).toBe(302);
    const root = await callRoute(rootLoader, { cookie: signedIn.cookies.join("; ") });
    expect(root.data.user).toMatchObject({ name: "Alex Morgan-Jones", isAdmin: true });
  });

  it("refuses an email already in use, or no email at all, or a malformed one, and changes nothing", () => {
    const before = countRows();
    const taken = runScript(
      "scripts/create-admin.ts",
      ["--email", "alex.morgan@example.nhs.uk", "--name", "Someone Else"],
      {},
    );
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain(
      "There is already an account for alex.morgan@example.nhs.uk, and it is a system admin already. Nothing was changed.",
    );
    const malformed = runScript(
      "scripts/create-admin.ts",
      ["--email", "alex.morgan.nhs.uk", "--name", "Alex Morgan"],
      {},
    );
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('"alex.morgan.nhs.uk" is not an email address.');
    const noName = runScript("scripts/create-admin.ts", ["--email", "new.admin@example.nhs.uk"], {});
    expect(noName.status).toBe(1);
    expect(noName.stderr).toContain("Give the new admin's full name with --name");
    const misspelt = runScript("scripts/create-admin.ts", ["--emial", "new.admin@example.nhs.uk"], {});
    expect(misspelt.status).toBe(2);
    expect(misspelt.stderr).toContain("Unknown option '--emial'");
    expect(countRows()).toEqual(before);
  });

  it("shows the demo banner while demo accounts are in the database", async () => {
    await seedDemo(db());
    expect((await callRoute(rootLoader)).data.demo).toBe(true);
  });
});

describe("transactions take the write lock when they begin", () => {
  it("holds it from BEGIN, so another connection cannot start writing in between", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-immediate-")), "t.db");
    const first = createDb(file);
    first.$client.exec("CREATE TABLE t (n INTEGER)");
    const second = createDb(file);
    second.$client.pragma("busy_timeout = 0");
    let otherWriterBlocked = false;
    first.transaction(() => {
      // Only a read so far: a deferred transaction would hold no write lock yet.
      first.$client.prepare("SELECT count(*) FROM t").get();
      try {
        second.$client.exec("BEGIN IMMEDIATE");
        second.$client.exec("ROLLBACK");
      } catch (error) {
        otherWriterBlocked = (error as { code?: string }).code === "SQLITE_BUSY";
      }
      first.$client.prepare("INSERT INTO t VALUES (1)").run();
    });
    expect(otherWriterBlocked).toBe(true);
    first.$client.close();
    second.$client.close();
  });
});
