import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { env } from "~/env.server";
import { getLanguage, i18nServer } from "~/i18n/i18n.server";
import { certificatePdf } from "~/learning/certificate-pdf.server";
import { certificateFor } from "~/learning/certificates.server";
import { getOwnCompletion } from "~/learning/completions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = /^\d{1,12}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  const completion = getOwnCompletion(user.id, id);
  if (!completion) throw new Response("Not found", { status: 404 });
  const language = await getLanguage(request);
  const certificate = { name: `${user.givenName} ${user.familyName}`, ...certificateFor(completion, language) };
  const verifyUrl = new URL(`/verify/${completion.verificationCode}`, env().APP_URL).toString();
  const pdf = await certificatePdf(certificate, verifyUrl, language, await i18nServer.getFixedT(language));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="cyber-basics-${completion.moduleSlug}-${certificate.completedOn}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
