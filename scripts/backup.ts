import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { env } from "../app/env.server";

const help = () => `Usage: npm run db:backup -- [--out <file>] [--db <file>] [--quick]
   (or: tsx scripts/backup.ts ...)

Makes a consistent copy of the database while the server keeps running: SQLite's online backup
copies every page in one step inside one read transaction, so the copy is the database at one
moment, with every transaction either wholly in it or not at all (WAL mode: writers carry on
meanwhile). The copy is written beside the target under a temporary name, synced to disk, then
renamed, so a file with the backup's name is always complete. Then it is checked with PRAGMA
integrity_check and a manifest (<file>.json: time, size, SHA-256, migration, row counts) is
written next to it; scripts/restore.ts checks both before restoring.

  --db <file>     the database (default DATABASE_PATH, ${env().DATABASE_PATH})
  --out <file>    where to write (default ./data/backups/cyber-basics-<UTC time>.db)
  --quick         PRAGMA quick_check instead of integrity_check (faster on a big file)
  --help          this text

Run it from cron or a systemd timer, and copy the .db and .json off the machine.`;

export interface BackupManifest {
  createdAt: string;
  source: string;
  file: string;
  bytes: number;
  sha256: string;
  integrity: string;
  lastMigration: string | null;
  counts: Record<string, number>;
}

export function sha256File(file: string): string {
  const hash = crypto.createHash("sha256");
  const fd = fs.openSync(file, "r");
  const buffer = Buffer.alloc(1 << 20);
  try {
    for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** Flushes a file, or a directory's entries, to disk. */
export function fsyncPath(target: string) {
  const fd = fs.openSync(target, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** What a backup or a restored database holds: integrity, last migration applied, rows in the main tables. */
export function describeDatabase(
  file: string,
  quick = false,
): Omit<BackupManifest, "createdAt" | "source" | "file" | "bytes" | "sha256"> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma(quick ? "quick_check" : "integrity_check") as Record<string, string>[])
      .map((row) => Object.values(row)[0])
      .join("; ");
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const lastMigration = tables.has("__drizzle_migrations")
      ? ((
          db.prepare("SELECT hash FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1").get() as
            { hash: string } | undefined
        )?.hash ?? null)
      : null;
    const counts: Record<string, number> = {};
    for (const table of ["organisations", "users", "memberships", "quiz_attempts", "completions", "audit_events"]) {
      if (tables.has(table))
        counts[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    }
    return { integrity, lastMigration, counts };
  } finally {
    db.close();
  }
}

export async function backupDatabase(source: string, out: string, quick = false): Promise<BackupManifest> {
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const partial = `${out}.partial-${process.pid}`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    // Wait for a writer rather than fail; the backup itself only reads.
    db.pragma("busy_timeout = 10000");
    // All pages in one step: a backup done in several steps starts again whenever another process
    // writes between them, and under steady load might never finish.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // The copy is a standalone file: a rollback journal, not WAL, so it is one file to move around.
  const copy = new Database(partial);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  fsyncPath(partial);
  fs.renameSync(partial, out);
  fsyncPath(path.dirname(path.resolve(out)));
  const manifest: BackupManifest = {
    createdAt: new Date().toISOString(),
    source: path.resolve(source),
    file: path.resolve(out),
    bytes: fs.statSync(out).size,
    sha256: sha256File(out),
    ...describeDatabase(out, quick),
  };
  fs.writeFileSync(`${out}.json`, JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: "string" },
      out: { type: "string" },
      quick: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(help());
    return;
  }
  const source = values.db ?? env().DATABASE_PATH;
  const out =
    values.out ?? path.join("data", "backups", `cyber-basics-${new Date().toISOString().replace(/[:.]/g, "-")}.db`);
  const started = Date.now();
  const manifest = await backupDatabase(source, out, values.quick);
  console.log(`Backed up ${manifest.source} to ${manifest.file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  ${manifest.bytes} bytes, sha256 ${manifest.sha256}`);
  console.log(
    `  ${values.quick ? "quick_check" : "integrity_check"}: ${manifest.integrity}; rows: ${Object.entries(
      manifest.counts,
    )
      .map(([t, n]) => `${t} ${n}`)
      .join(", ")}`,
  );
  if (manifest.integrity !== "ok") {
    console.error("The backup failed its integrity check: do not rely on it.");
    process.exitCode = 1;
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) await main();
