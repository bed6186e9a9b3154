import crypto from "node:crypto";
import { and, eq, gt, lte } from "drizzle-orm";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { staffImportUploads, type StaffImportUpload } from "@db/schema";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { decodeUtf8, type Problem } from "./parse.server";

/** How long a preview can be confirmed. */
export const UPLOAD_LIFETIME_MS = 60 * 60_000;

export interface UploadedStaffList {
  fileName: string;
  content: string;
  fullList: boolean;
  sendInvitations: boolean;
}

/** The size limit in whole megabytes, for messages. */
export function uploadLimitMegabytes(): string {
  return String(Math.floor(env().MAX_UPLOAD_BYTES / 10_000) / 100);
}

/**
 * Reads the upload form's multipart body in memory, refusing any part larger than MAX_UPLOAD_BYTES
 * while it streams in (the server also refuses a body whose declared length is over it).
 */
export async function readStaffListUpload(request: Request): Promise<{ ok: true; upload: UploadedStaffList } | { ok: false; status: number; problem: Problem }> {
  const limit = env().MAX_UPLOAD_BYTES;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: limit, filter: ({ name }) => ["file", "fullList", "sendInvitations"].includes(name) }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, problem: { key: "staffImport.errors.fileTooLarge", values: { size: uploadLimitMegabytes() } } };
    // Not a multipart body: the form was not sent the way the page sends it.
    return { ok: false, status: 400, problem: { key: "staffImport.errors.noFile" } };
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { ok: false, status: 400, problem: { key: file instanceof File && file.name ? "staffImport.errors.fileEmpty" : "staffImport.errors.noFile" } };
  const content = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
  if (content === null) return { ok: false, status: 400, problem: { key: "staffImport.errors.fileNotUtf8" } };
  return {
    ok: true,
    upload: { fileName: file.name.slice(0, 200), content, fullList: form.get("fullList") === "yes", sendInvitations: form.get("sendInvitations") === "yes" },
  };
}

/** Keeps an upload for an hour, for this manager and organisation only; returns its random id. */
export function storeUpload(organisationId: number, userId: string, upload: UploadedStaffList, now = new Date()): string {
  const id = crypto.randomBytes(24).toString("base64url");
  db().transaction((tx) => {
    tx.delete(staffImportUploads).where(lte(staffImportUploads.expiresAt, now)).run();
    tx.insert(staffImportUploads)
      .values({ id, organisationId, uploadedByUserId: userId, ...upload, createdAt: now, expiresAt: new Date(now.getTime() + UPLOAD_LIFETIME_MS) })
      .run();
  });
  return id;
}

/** The upload, if this manager made it for this organisation and it has not expired or been applied. */
export function findUpload(id: string | undefined, organisationId: number, userId: string, now = new Date()): StaffImportUpload | undefined {
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
