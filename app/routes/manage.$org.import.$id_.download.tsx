import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireManagerOf } from "~/auth/authorise.server";
import { getT } from "~/i18n/i18n.server";
import { planCsv } from "~/staff-import/downloads.server";
import { findUpload } from "~/staff-import/uploads.server";

/** ?what=plan: the whole preview as CSV; ?what=left-out: the rows not imported as the file had them, with a Reason column. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "import");
  const what = new URL(request.url).searchParams.get("what");
  const upload = findUpload(params.id, organisation.id, user.id);
  if (!upload || (what !== "plan" && what !== "left-out") || (what === "plan" && upload.appliedAt))
    throw new Response("Not Found", { status: 404 });
  const t = await getT(request);
  const base = upload.fileName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "-") || "staff-list";
  return new Response(planCsv(upload, what, t), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-${what}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
