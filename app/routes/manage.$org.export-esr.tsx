import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireManagerOf } from "~/auth/authorise.server";
import { exportEsrCompetences } from "~/prior-learning/esr-export.server";

/** A download: /manage/<org>/export-esr, the ESR-ready competences CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "prior-learning");
  const { fileName, csv } = exportEsrCompetences(organisation, {
    description: `${user.givenName} ${user.familyName} (${user.email})`,
    userId: user.id,
    via: "web",
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
