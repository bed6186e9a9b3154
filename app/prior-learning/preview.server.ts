import type { ContentLanguage } from "~/content/types";
import { formatDate } from "~/utils/format-date";
import type { CompletionPlan, PlannedCompletion } from "./plan.server";
import type { StoredImport } from "./record.server";

/** Lines shown per section of the preview; the command line's --dry-run lists them all. */
const SHOWN = 200;

const line = (p: PlannedCompletion, language: ContentLanguage) => ({
  row: p.row,
  person: `${p.name} (${p.employeeNumber ?? p.email})`,
  module: p.moduleTitle,
  course: p.course,
  completed: formatDate(p.completedOn, language),
  expires: p.expiresOn ? formatDate(p.expiresOn, language) : null,
});

/** What the preview page shows of a stored plan: counts, and the first lines of each section. */
export function completionPreview(stored: StoredImport, language: ContentLanguage) {
  const plan: CompletionPlan = stored.plan;
  return {
    id: stored.id,
    fileName: stored.fileName,
    source: stored.source,
    counts: {
      rows: plan.rowCount,
      add: plan.add.length,
      unchanged: plan.unchanged.length,
      problems: plan.problems.length,
    },
    add: plan.add.slice(0, SHOWN).map((p) => line(p, language)),
    unchanged: plan.unchanged.slice(0, SHOWN).map((p) => line(p, language)),
    problems: plan.problems.slice(0, SHOWN),
    shown: SHOWN,
  };
}
