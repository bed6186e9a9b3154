import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/audit/audit.server";
import { requireManagerOf } from "~/auth/authorise.server";
import { evidencePdf } from "~/compliance/evidence-pdf.server";
import { evidenceData } from "~/compliance/evidence.server";
import { evidenceDateSchema } from "~/compliance/queries.server";
import { getLanguage, i18nServer } from "~/i18n/i18n.server";
import { todayIso } from "~/utils/dates";
import { formatDateTime } from "~/utils/format-date";

/** The DSPT evidence pack as a PDF download; recorded in the audit trail like every export. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "evidence");
  const today = todayIso();
  const parsed = evidenceDateSchema(today).safeParse(new URL(request.url).searchParams.get("date") ?? today);
  if (!parsed.success) throw new Response("Bad Request: choose a reporting date within the last year", { status: 400 });
  const language = await getLanguage(request);
  const t = await i18nServer.getFixedT(language);
  const by = `${user.givenName} ${user.familyName} (${user.email})`;
  const now = new Date();
  recordAudit({
    action: "export-downloaded",
    actorUserId: user.id,
    organisationId: organisation.id,
    details: { export: "evidence", format: "pdf", via: "web", date: parsed.data, by },
  });
  const pdf = await evidencePdf(evidenceData(organisation, parsed.data, language, today), t, language, {
    by,
    at: formatDateTime(now, language),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${organisation.code}-dspt-training-evidence-${parsed.data}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
