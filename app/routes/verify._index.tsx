import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { normaliseVerificationCode } from "~/learning/verification-code";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.verify.title");

/** A GET form, so the check works without JavaScript and the address can be shared. */
export function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null) return { error: null, code: "" };
  const code = normaliseVerificationCode(raw);
  if (!code) return { error: "learning.verify.invalid", code: raw.slice(0, 40) };
  throw redirect(`/verify/${code}`);
}

export default function VerifyForm() {
  const { t } = useTranslation();
  const { error, code } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={error ? { code: error } : undefined} />
        <h1>{t("learning.verify.title")}</h1>
        <p>{t("learning.verify.intro")}</p>
        <Form method="get" noValidate>
          <TextInput
            name="code"
            label={t("learning.verify.code")}
            hint={t("learning.verify.codeHint")}
            defaultValue={code}
            error={error ?? undefined}
            width={20}
            spellCheck={false}
            autoComplete="off"
          />
          <button className="nhsuk-button" type="submit">
            {t("learning.verify.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
