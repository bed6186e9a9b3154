import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { SuccessBanner } from "~/components/forms";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { CompletionPlanView } from "~/prior-learning/plan-view";
import { completionPreview } from "~/prior-learning/preview.server";
import { applyCompletionPlan, findCompletionImport } from "~/prior-learning/record.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "priorLearning.preview.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "prior-learning");
  const stored = findCompletionImport(params.id, organisation.id, user.id);
  const language = await getLanguage(request);
  return { code: organisation.code, preview: stored ? completionPreview(stored, language) : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireManagerOf(request, params.org, "prior-learning");
  const stored = findCompletionImport(params.id, organisation.id, user.id);
  if (!stored) return data({ done: null }, { status: 410 });
  const done = applyCompletionPlan({
    plan: stored.plan,
    scope: { organisationId: organisation.id },
    fileName: stored.fileName,
    importId: stored.id,
    by: {
      userId: user.id,
      source: stored.source,
      at: new Date(),
      description: `${user.givenName} ${user.familyName} (${user.email})`,
      via: "web",
    },
  });
  return { done };
}

export default function CompletionPreview() {
  const { t } = useTranslation();
  const { code, preview } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  const busy = useNavigation().state === "submitting";
  const again = (
    <p>
      <Link to={`/manage/${code}/completions`}>{t("priorLearning.preview.another")}</Link>
    </p>
  );
  if (done)
    return (
      <>
        <SuccessBanner>
          <span id="completions-applied">{t("priorLearning.preview.applied", done)}</span>
        </SuccessBanner>
        <h1>{t("priorLearning.upload.title")}</h1>
        <p>
          <Link to={`/manage/${code}`}>{t("compliance.nav.dashboard")}</Link>
        </p>
        {again}
      </>
    );
  if (!preview)
    return (
      <>
        <h1>{t("priorLearning.preview.title")}</h1>
        <p>{t("priorLearning.preview.gone")}</p>
        {again}
      </>
    );
  return (
    <>
      <h1>{t("priorLearning.preview.title")}</h1>
      <p>{t("priorLearning.preview.file", { file: preview.fileName, source: preview.source })}</p>
      <p id="plan-summary">{t("priorLearning.preview.summary", preview.counts)}</p>
      {preview.counts.add > 0 ? (
        <Form method="post">
          <button className="nhsuk-button" type="submit" disabled={busy}>
            {t("priorLearning.preview.confirm")}
          </button>
        </Form>
      ) : (
        <p>{t("priorLearning.preview.nothingToRecord")}</p>
      )}
      <CompletionPlanView preview={preview} />
      {again}
    </>
  );
}
