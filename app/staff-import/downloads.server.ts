import type { StaffImportUpload } from "@db/schema";
import { csvLine } from "~/compliance/exports.server";
import type { Problem } from "./problems";
import { planRowsOf, uploadSummary } from "./uploads.server";

type Translate = (key: string, values?: Record<string, unknown>) => string;

const reasons = (problems: Problem[], t: Translate) =>
  problems.map((p) => `${p.column ? `${p.column}: ` : ""}${t(p.key, p.values)}`).join("; ");

/**
 * A CSV of an upload's plan (every person and what happens to them) or of its rows left out (the
 * file's own columns plus a Reason, to fix and upload again). Streamed a slice at a time.
 */
export function planCsv(
  upload: StaffImportUpload,
  what: "plan" | "left-out",
  t: Translate,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const summary = uploadSummary(upload);
  const header = summary.header;
  // An Organisation column only when the file writes to another organisation than its own.
  const several = (summary.organisations ?? []).length > 0;
  async function* lines(): AsyncGenerator<string> {
    yield "\uFEFF";
    if (what === "left-out") {
      yield csvLine([...header, t("staffImport.columns.reason")]);
      for await (const { data } of planRowsOf(upload.id, ["leftOut"])) {
        const cells = (data.cells as string[]) ?? [];
        if (cells.length === 0) continue;
        yield csvLine([...header.map((_, i) => cells[i] ?? ""), reasons(data.problems as Problem[], t)]);
      }
      return;
    }
    const c = (key: string) => t(`staffImport.columns.${key}`);
    yield csvLine([
      c("section"),
      c("row"),
      ...(several ? [c("organisation")] : []),
      c("name"),
      c("email"),
      c("employeeNumber"),
      c("assignments"),
      c("details"),
    ]);
    for await (const { section, data } of planRowsOf(upload.id, ["add", "update", "leave", "leftOut", "notes"])) {
      let details = "";
      if (section === "add")
        details = [data.unit, data.staffGroup, data.jobRole, data.startDate].filter(Boolean).join("; ");
      else if (section === "update")
        details = (data.changes as Array<{ field: string; from: string; to: string }>)
          .map((ch) => `${t(`staffImport.fields.${ch.field}`)}: ${ch.from} → ${ch.to}`)
          .join("; ");
      else if (section === "leave") details = `${t("staffImport.fields.endDate")}: ${String(data.endDate)}`;
      else details = reasons(data.problems as Problem[], t);
      yield csvLine([
        t(`staffImport.sectionNames.${section}`),
        (data.row as number | null) ?? "",
        ...(several ? [(data.organisation as string) ?? ""] : []),
        data.name as string,
        (data.email as string) ?? "",
        (data.employeeNumber as string) ?? "",
        (data.assignments as number) ?? "",
        details,
      ]);
    }
  }
  const iterator = lines();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}
