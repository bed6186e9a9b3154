import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/audit/audit.server";
import { requireAdmin } from "~/auth/authorise.server";
import { buildScormPackage, zipScormPackage } from "~/scorm/package.server";

/** A download: /admin/scorm/<module>?language=en-GB|cy, the module as a SCORM 1.2 zip; audited like every export. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const language = new URL(request.url).searchParams.get("language") === "cy" ? "cy" : "en-GB";
  const scormPackage = buildScormPackage(params.module ?? "", language);
  if (!scormPackage) throw new Response("Not found", { status: 404 });
  recordAudit({
    action: "export-downloaded",
    actorUserId: user.id,
    details: {
      export: "scorm",
      format: "zip",
      module: params.module,
      language,
      file: scormPackage.fileName,
      via: "web",
      by: `${user.givenName} ${user.familyName} (${user.email})`,
    },
  });
  return new Response(Buffer.from(zipScormPackage(scormPackage)), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${scormPackage.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
