import { z } from "zod";
import type { Problem } from "~/staff-import/problems";
import { readUploadForm } from "~/staff-import/uploads.server";
import { todayIso } from "~/utils/dates";
import { checkCompletionRecord, type ImportScope } from "./plan.server";
import { storeCompletionImport } from "./record.server";

const SourceSchema = z
  .string()
  .trim()
  .min(1, "priorLearning.errors.sourceMissing")
  .max(60, "priorLearning.errors.sourceTooLong");

export type UploadOutcome =
  { ok: true; id: string } | { ok: false; status: number; field: "file" | "source"; problem: Problem };

/** The upload form: reads the file, checks and plans it once, and keeps the plan for the preview. */
export async function receiveCompletionRecord(
  request: Request,
  scope: ImportScope,
  userId: string,
): Promise<UploadOutcome> {
  const read = await readUploadForm(request, ["source", "sheet"]);
  if (!read.ok) return { ok: false, status: read.status, field: "file", problem: read.problem };
  const { fileName, bytes, fields } = read.form;
  const source = SourceSchema.safeParse(fields.get("source") ?? "");
  if (!source.success)
    return { ok: false, status: 400, field: "source", problem: { key: source.error.issues[0].message } };
  const checked = await checkCompletionRecord(bytes, scope, todayIso(), fields.get("sheet")?.trim() || undefined);
  if (!checked.ok) return { ok: false, status: 400, field: "file", problem: checked.problem };
  const id = storeCompletionImport({
    organisationId: "organisationId" in scope ? scope.organisationId : null,
    userId,
    fileName,
    source: source.data,
    plan: checked.plan,
  });
  return { ok: true, id };
}
