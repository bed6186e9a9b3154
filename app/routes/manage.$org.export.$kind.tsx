import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireManagerOf } from "~/auth/authorise.server";
import { resolveFilters } from "~/compliance/dashboard.server";
import { exportCompliance, exportResponse } from "~/compliance/exports.server";
import { EXPORT_KINDS, ExportQuerySchema, queryOf, type ExportKind } from "~/compliance/queries.server";
import { env } from "~/env.server";
import { getLanguage } from "~/i18n/i18n.server";

/** A download: /manage/<org>/export/summary or /staff, ?format=csv|xlsx|json and the dashboard's filters. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation, scope } = await requireManagerOf(request, params.org, "export");
  if (!(EXPORT_KINDS as readonly string[]).includes(params.kind ?? ""))
    throw new Response("Not Found", { status: 404 });
  const language = await getLanguage(request);
  const query = ExportQuerySchema.parse(queryOf(request));
  const { filters, moduleId } = resolveFilters(scope, query, language);
  const result = await exportCompliance({
    organisation,
    kind: params.kind as ExportKind,
    format: query.format,
    filters: { ...filters, moduleId: query.module ? moduleId : undefined },
    language,
    by: { description: `${user.givenName} ${user.familyName} (${user.email})`, userId: user.id, via: "web" },
    databasePath: env().DATABASE_PATH,
  });
  return exportResponse(result);
}
