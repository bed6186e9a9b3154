import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { OutcomeTable } from "~/compliance/outcome-table";
import { MIN_PEOPLE, outcomeInsight } from "~/compliance/insight.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compliance.outcomes.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org, "view-outcomes");
  const language = await getLanguage(request);
  return { code: organisation.code, modules: outcomeInsight(organisation.id, language), minPeople: MIN_PEOPLE };
}

export default function ComplianceOutcomes() {
  const { t } = useTranslation();
  const { code, modules, minPeople } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("compliance.outcomes.title")}</h1>
      <p className="nhsuk-lede-text">{t("compliance.outcomes.lede")}</p>
      <p>{t("compliance.outcomes.privacy", { number: minPeople })}</p>
      {modules.length === 0 ? (
        <p>{t("compliance.outcomes.empty")}</p>
      ) : (
        modules.map((m) => <OutcomeTable key={m.slug} module={m} />)
      )}
      <p>
        <Link to={`/manage/${code}`}>{t("compliance.staff.back")}</Link>
      </p>
    </>
  );
}
