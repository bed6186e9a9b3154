import crypto from "node:crypto";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { gunzipSync, gzip } from "node:zlib";
import busboy from "busboy";
import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { staffImportPlanRows, staffImportUploads, type StaffImportUpload } from "@db/schema";
import { db } from "~/db.server";
import { env } from "~/env.server";
import type { ParsedStaffList } from "./parse.server";
import type { ImportPlan } from "./plan.server";
import { planDigestInSlices } from "./plan.server";
import { planViewLines, planSummary, type PlanSection, type PlanSummary } from "./plan-view.server";
import type { Problem } from "./problems";
import { createSlicer, yieldToEventLoop } from "./read-table.server";

/** How long a checked upload can be confirmed, and its rows left out downloaded. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60_000;
/** Pending uploads kept per organisation: a new one beyond this replaces the oldest. */
export const PENDING_UPLOADS_PER_ORGANISATION = 3;

export interface UploadedStaffList {
  fileName: string;
  bytes: Uint8Array;
  fullList: boolean;
  sendInvitations: boolean;
  /** The workbook sheet the manager named, if any. */
  sheet: string | undefined;
}

export type ReadUploadResult =
  { ok: true; upload: UploadedStaffList } | { ok: false; status: number; problem: Problem };

/** The size limit in whole megabytes, for messages. */
export function uploadLimitMegabytes(): string {
  return String(Math.floor(env().MAX_UPLOAD_BYTES / 10_000) / 100);
}

/** A spreadsheet upload form as it arrived: the file (field "file") and the named text fields. */
export interface UploadedForm {
  fileName: string;
  bytes: Uint8Array;
  fields: Map<string, string>;
}

export type ReadFormResult = { ok: true; form: UploadedForm } | { ok: false; status: number; problem: Problem };

/** The staff list's upload form. */
export async function readStaffListUpload(request: Request): Promise<ReadUploadResult> {
  const read = await readUploadForm(request, ["fullList", "sendInvitations", "sheet"]);
  if (!read.ok) return read;
  const { fileName, bytes, fields } = read.form;
  return {
    ok: true,
    upload: {
      fileName,
      bytes,
      fullList: fields.get("fullList") === "yes",
      sendInvitations: fields.get("sendInvitations") === "yes",
      sheet: fields.get("sheet")?.trim() || undefined,
    },
  };
}

/**
 * Reads a spreadsheet upload form's multipart body as it streams in (busboy: no recursion per line,
 * so a 100,000-line CRLF file is fine), refusing a file larger than MAX_UPLOAD_BYTES. A body that is
 * not a well-formed form gets its own reason, never "choose a file". Staff lists and completion records use it.
 */
export async function readUploadForm(request: Request, fieldNames: readonly string[]): Promise<ReadFormResult> {
  const FIELDS = new Set(fieldNames);
  const limit = env().MAX_UPLOAD_BYTES;
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body)
    return { ok: false, status: 400, problem: { key: "staffImport.errors.notMultipart" } };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { fileSize: limit, files: 1, fields: 10, parts: 12, fieldSize: 1000 },
    });
  } catch {
    return { ok: false, status: 400, problem: { key: "staffImport.errors.notMultipart" } };
  }
  return new Promise<ReadFormResult>((resolve) => {
    const fields = new Map<string, string>();
    let file: { name: string; chunks: Buffer[]; size: number; truncated: boolean } | null = null;
    let settled = false;
    const finish = (result: ReadFormResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    parser.on("field", (name, value) => {
      if (FIELDS.has(name)) fields.set(name, value);
    });
    parser.on("file", (name, stream, info) => {
      if (name !== "file" || file) {
        stream.on("error", () => undefined);
        stream.resume();
        return;
      }
      const current = { name: info.filename ?? "", chunks: [] as Buffer[], size: 0, truncated: false };
      file = current;
      stream.on("data", (chunk: Buffer) => {
        current.chunks.push(chunk);
        current.size += chunk.length;
      });
      stream.on("limit", () => {
        current.truncated = true;
      });
      // A body that stops mid-file fails the file's stream too; unheard, that error would end the process.
      stream.on("error", (error: Error) =>
        finish({
          ok: false,
          status: 400,
          problem: { key: "staffImport.errors.formBroken", values: { reason: error.message } },
        }),
      );
    });
    parser.on("error", (error: Error) =>
      finish({
        ok: false,
        status: 400,
        problem: { key: "staffImport.errors.formBroken", values: { reason: error.message } },
      }),
    );
    parser.on("close", () => {
      const sent = file as { name: string; chunks: Buffer[]; size: number; truncated: boolean } | null;
      if (!sent || (!sent.name && sent.size === 0))
        return finish({ ok: false, status: 400, problem: { key: "staffImport.errors.noFile" } });
      if (sent.truncated)
        return finish({
          ok: false,
          status: 413,
          problem: { key: "staffImport.errors.fileTooLarge", values: { size: uploadLimitMegabytes() } },
        });
      if (sent.size === 0) return finish({ ok: false, status: 400, problem: { key: "staffImport.errors.fileEmpty" } });
      finish({
        ok: true,
        form: { fileName: sent.name.slice(0, 200), bytes: Buffer.concat(sent.chunks, sent.size), fields },
      });
    });
    const body = Readable.from(inSlices(request.body!));
    body.on("error", (error) =>
      finish({
        ok: false,
        status: 400,
        problem: { key: "staffImport.errors.formBroken", values: { reason: error.message } },
      }),
    );
    body.pipe(parser);
  });
}

/** The body in pieces of at most 64 KB with turns of the event loop between: the server hands it over as one 20 MB chunk. */
async function* inSlices(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const slicer = createSlicer();
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    for (let start = 0; start < chunk.length; start += 64 * 1024) {
      yield chunk.subarray(start, start + 64 * 1024);
      if (slicer.due()) await yieldToEventLoop();
    }
  }
}

export interface StoredUploadInput {
  organisationId: number;
  userId: string;
  fileName: string;
  fullList: boolean;
  sendInvitations: boolean;
  parsed: ParsedStaffList;
  plan: ImportPlan;
}

const INSERT_SLICE = 2000;

/**
 * Keeps a checked upload for a day, for this manager and organisation only: its rows (to apply)
 * and its plan (to show). Expired uploads go, and so do this organisation's oldest beyond the cap.
 * Written in slices so a 100,000-row plan does not hold the server up. Returns its random id.
 */
export async function storeUpload(input: StoredUploadInput, now = new Date()): Promise<string> {
  const id = crypto.randomBytes(24).toString("base64url");
  const parsed = await serialise(input.parsed);
  const summary: PlanSummary = planSummary(input.plan, input.parsed, await planDigestInSlices(input.plan));
  db().transaction((tx) => {
    tx.delete(staffImportUploads).where(lte(staffImportUploads.expiresAt, now)).run();
    tx.insert(staffImportUploads)
      .values({
        id,
        organisationId: input.organisationId,
        uploadedByUserId: input.userId,
        fileName: input.fileName,
        fullList: input.fullList,
        sendInvitations: input.sendInvitations,
        parsed,
        summary: summary as unknown as Record<string, unknown>,
        createdAt: now,
        expiresAt: new Date(now.getTime() + UPLOAD_LIFETIME_MS),
      })
      .run();
    const kept = tx
      .select({ id: staffImportUploads.id })
      .from(staffImportUploads)
      .where(eq(staffImportUploads.organisationId, input.organisationId))
      .orderBy(sql`${staffImportUploads.createdAt} DESC`, sql`rowid DESC`)
      .all()
      .map((u) => u.id);
    const dropped = kept.slice(PENDING_UPLOADS_PER_ORGANISATION);
    if (dropped.length) tx.delete(staffImportUploads).where(inArray(staffImportUploads.id, dropped)).run();
  });
  const insert = db().$client.prepare(
    "INSERT INTO staff_import_plan_rows (upload_id, section, position, data) VALUES (?, ?, ?, ?)",
  );
  const client = db().$client;
  const slicer = createSlicer();
  const lines = planViewLines(input.plan, input.parsed);
  for (let done = false; !done;) {
    // A transaction per slice: never open across a turn of the event loop, when other requests write.
    client.transaction(() => {
      for (;;) {
        const next = lines.next();
        if (next.done) return void (done = true);
        insert.run(id, next.value.section, next.value.position, JSON.stringify(next.value.data));
        if (slicer.due()) return;
      }
    })();
    await yieldToEventLoop();
  }
  return id;
}

/** The upload, if this manager made it for this organisation and it has not expired (applied or not). */
export function findUpload(
  id: string | undefined,
  organisationId: number,
  userId: string,
  now = new Date(),
): StaffImportUpload | undefined {
  if (!id) return undefined;
  return db()
    .select()
    .from(staffImportUploads)
    .where(
      and(
        eq(staffImportUploads.id, id),
        eq(staffImportUploads.organisationId, organisationId),
        eq(staffImportUploads.uploadedByUserId, userId),
        gt(staffImportUploads.expiresAt, now),
      ),
    )
    .get();
}

const gzipAsync = promisify(gzip);

/** The checked rows as gzipped JSON, turned to text a slice at a time and compressed off the main thread. */
async function serialise(parsed: ParsedStaffList): Promise<Buffer> {
  const { rows: _rows, ...rest } = parsed;
  // Ends in "rows":[] so the rows can follow.
  const parts: string[] = [JSON.stringify({ ...rest, rows: [] }).slice(0, -2)];
  for (let start = 0; start < parsed.rows.length; start += INSERT_SLICE) {
    parts.push((start ? "," : "") + JSON.stringify(parsed.rows.slice(start, start + INSERT_SLICE)).slice(1, -1));
    await yieldToEventLoop();
  }
  parts.push("]}");
  return gzipAsync(parts.join(""));
}

export const uploadSummary = (upload: StaffImportUpload) => upload.summary as unknown as PlanSummary;

export function uploadParsed(upload: StaffImportUpload): ParsedStaffList {
  return JSON.parse(gunzipSync(upload.parsed).toString("utf8")) as ParsedStaffList;
}

/** One page of a section of the plan. */
export function planRowsPage(
  uploadId: string,
  section: PlanSection,
  offset: number,
  limit: number,
): Array<Record<string, unknown>> {
  return db()
    .select({ data: staffImportPlanRows.data })
    .from(staffImportPlanRows)
    .where(
      and(
        eq(staffImportPlanRows.uploadId, uploadId),
        eq(staffImportPlanRows.section, section),
        gt(staffImportPlanRows.position, offset - 1),
      ),
    )
    .orderBy(asc(staffImportPlanRows.position))
    .limit(limit)
    .all()
    .map((r) => r.data);
}

/** Every row of the given sections, in order, a slice at a time with a turn for the event loop between: for the downloads. */
export async function* planRowsOf(
  uploadId: string,
  sections: PlanSection[],
): AsyncGenerator<{ section: PlanSection; data: Record<string, unknown> }> {
  for (const section of sections) {
    for (let offset = 0; ; offset += INSERT_SLICE) {
      const page = planRowsPage(uploadId, section, offset, INSERT_SLICE);
      for (const data of page) yield { section, data };
      if (page.length < INSERT_SLICE) break;
      await yieldToEventLoop();
    }
  }
}
