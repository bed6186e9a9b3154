import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAnalyst } from "~/auth/authorise.server";
import { analystExport, analystFigures } from "~/compliance/analyst.server";
import { exportResponse } from "~/compliance/exports.server";
import { AnalystQuerySchema, queryOf } from "~/compliance/queries.server";
import { getLanguage } from "~/i18n/i18n.server";

/** The analyst table as a download, ?format=csv|xlsx|json with the page's filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAnalyst(request);
  const language = await getLanguage(request);
  const query = AnalystQuerySchema.parse(queryOf(request));
  const data = analystFigures(query, language);
  return exportResponse(
    await analystExport(data, query.format, language, {
      userId: user.id,
      description: `${user.givenName} ${user.familyName} (${user.email})`,
    }),
  );
}
