import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { unitInScope } from "~/auth/scope";
import { OutcomeTable } from "~/compliance/outcome-table";
import { MIN_PEOPLE, outcomeInsight } from "~/compliance/insight.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { listUnits } from "~/organisations/staff.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compliance.outcomes.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "view-outcomes");
  const language = await getLanguage(request);
  return {
    code: organisation.code,
    /** A unit manager's units, named on the page; null for the whole organisation. */
    units:
      scope.unitIds === null
        ? null
        : listUnits(organisation.id)
            .filter((u) => unitInScope(scope, u.id))
            .map((u) => u.name),
    modules: outcomeInsight(scope, language),
    minPeople: MIN_PEOPLE,
  };
}

export default function ComplianceOutcomes() {
  const { t } = useTranslation();
  const { code, units, modules, minPeople } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("compliance.outcomes.title")}</h1>
      <p className="nhsuk-lede-text">{t("compliance.outcomes.lede")}</p>
      {units?.length ? <p>{t("compliance.outcomes.units", { names: units.join(", ") })}</p> : null}
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
