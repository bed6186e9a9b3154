import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createDb, migrateDb } from "../db/client";
import { env } from "../app/env.server";
import { describeDatabase, fsyncPath, sha256File, type BackupManifest } from "./backup";

const help = () => `Usage: npm run db:restore -- <backup.db> [--to <file>] --yes
   (or: tsx scripts/restore.ts ...)

Puts a backup made by scripts/backup.ts in place of the database. Stop the server first
(it refuses while something answers on PORT, unless --to names another file).

  1. Checks the backup: its SHA-256 against the manifest beside it (<backup>.json) when there is
     one, and PRAGMA integrity_check.
  2. Moves the current database and its -wal and -shm files aside, to
     <file>.before-restore-<UTC time> (nothing is deleted; a WAL left with the new file
     would corrupt it).
  3. Copies the backup beside the target, syncs it to disk and renames it into place.
  4. Applies any migrations newer than the backup, and checks the result again.

  --to <file>   the database to replace (default DATABASE_PATH, ${env().DATABASE_PATH})
  --yes         required: restoring replaces the live data
  --help        this text

Then start the server (npm start).`;

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface RestoreResult {
  restored: string;
  movedAside: string[];
  integrity: string;
  counts: Record<string, number>;
}

export function restoreDatabase(backup: string, target: string): RestoreResult {
  if (!fs.existsSync(backup)) throw new Error(`No backup at ${backup}`);
  const manifestFile = `${backup}.json`;
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as BackupManifest;
    const actual = sha256File(backup);
    if (actual !== manifest.sha256)
      throw new Error(
        `${backup} does not match its manifest (sha256 ${actual}, expected ${manifest.sha256}): it changed or is incomplete.`,
      );
  }
  const checked = describeDatabase(backup);
  if (checked.integrity !== "ok") throw new Error(`${backup} fails PRAGMA integrity_check: ${checked.integrity}`);
  if (checked.lastMigration === null)
    throw new Error(`${backup} is not a Cyber Basics database (it has no migrations table).`);

  const resolved = path.resolve(target);
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const movedAside: string[] = [];
  for (const suffix of ["", "-wal", "-shm"]) {
    const file = resolved + suffix;
    if (!fs.existsSync(file)) continue;
    const aside = `${resolved}.before-restore-${stamp}${suffix}`;
    fs.renameSync(file, aside);
    movedAside.push(aside);
  }
  const incoming = `${resolved}.restoring-${process.pid}`;
  fs.copyFileSync(backup, incoming);
  fsyncPath(incoming);
  fs.renameSync(incoming, resolved);
  fsyncPath(path.dirname(resolved));

  const db = createDb(resolved);
  try {
    migrateDb(db);
  } finally {
    db.$client.close();
  }
  const after = describeDatabase(resolved);
  if (after.integrity !== "ok")
    throw new Error(`The restored database fails PRAGMA integrity_check: ${after.integrity}`);
  return { restored: resolved, movedAside, integrity: after.integrity, counts: after.counts };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: "string" },
      yes: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(help());
    if (!values.help) process.exitCode = 1;
    return;
  }
  const target = values.to ?? env().DATABASE_PATH;
  if (!values.yes) {
    console.error(`Restoring replaces ${path.resolve(target)}. Run again with --yes.`);
    process.exitCode = 1;
    return;
  }
  if (!values.to && (await isListening(env().PORT))) {
    console.error(`Something is answering on port ${env().PORT}: stop the server before restoring its database.`);
    process.exitCode = 1;
    return;
  }
  const result = restoreDatabase(positionals[0], target);
  console.log(`Restored ${path.resolve(positionals[0])} to ${result.restored}`);
  if (result.movedAside.length > 0) console.log(`  the previous database is kept as ${result.movedAside.join(", ")}`);
  console.log(
    `  integrity_check: ${result.integrity}; rows: ${Object.entries(result.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ")}`,
  );
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) await main();
