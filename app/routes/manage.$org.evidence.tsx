import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { HowWeCount } from "~/compliance/components";
import { evidenceData } from "~/compliance/evidence.server";
import { EvidencePack } from "~/compliance/evidence-view";
import { formatDate } from "~/compliance/format";
import { evidenceDateSchema } from "~/compliance/queries.server";
import { ErrorSummary, TextInput } from "~/components/forms";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { todayIso } from "~/utils/dates";
import { formatDateTime } from "~/utils/format-date";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compliance.evidence.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org, "evidence");
  const language = await getLanguage(request);
  const today = todayIso();
  const asked = new URL(request.url).searchParams.get("date");
  const parsed = evidenceDateSchema(today).safeParse(asked ?? today);
  const preparedAt = new Date().toISOString();
  if (!parsed.success) {
    return data(
      {
        code: organisation.code,
        name: organisation.name,
        date: asked ?? "",
        errors: { date: parsed.error.issues[0].message },
        evidence: null,
        preparedAt,
      },
      { status: 400 },
    );
  }
  return {
    code: organisation.code,
    name: organisation.name,
    date: parsed.data,
    errors: null,
    evidence: evidenceData(organisation, parsed.data, language, today),
    preparedAt,
  };
}

export default function Evidence() {
  const { t, i18n } = useTranslation();
  const { code, name, date, errors, evidence, preparedAt } = useLoaderData<typeof loader>();
  const when = formatDateTime(preparedAt, i18n.language);
  return (
    <>
      <ErrorSummary errors={errors ?? undefined} />
      <h1>{t("compliance.evidence.title")}</h1>
      <p className="nhsuk-lede-text">
        {evidence
          ? t("compliance.evidence.lede", { organisation: name, date: formatDate(date, i18n.language) })
          : t("compliance.evidence.chooseDate")}
      </p>
      <Form method="get" className="app-filters app-no-print">
        <TextInput
          name="date"
          type="date"
          label={t("compliance.evidence.dateLabel")}
          hint={t("compliance.evidence.dateHint")}
          defaultValue={date}
          error={errors?.date}
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("compliance.evidence.show")}
        </button>
      </Form>
      {evidence ? (
        <>
          <ul className="nhsuk-list app-no-print">
            <li>
              <a href={`/manage/${code}/evidence.pdf?date=${date}`} download>
                {t("compliance.evidence.pdf")}
              </a>
            </li>
            <li>{t("compliance.evidence.print")}</li>
          </ul>
          <EvidencePack evidence={evidence} preparedAt={when} />
          <HowWeCount />
        </>
      ) : null}
    </>
  );
}
