import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { STAFF_GROUPS } from "@db/enums";
import { requireManagerOf } from "~/auth/authorise.server";
import { unitInScope } from "~/auth/scope";
import { fieldErrors, formValues, type FieldErrors } from "~/auth/forms.server";
import { StatusTag } from "~/compliance/components";
import { formatDate } from "~/compliance/format";
import { queryOf } from "~/compliance/queries.server";
import { ErrorSummary, Select, SuccessBanner, TextInput } from "~/components/forms";
import { ResponsiveCell, ResponsiveTableHead } from "~/components/responsive-table";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { PersonActionSchema, actOnStaffPerson, getStaffPerson } from "~/organisations/staff-person.server";
import { listUnits } from "~/organisations/staff.server";
import { todayIso } from "~/utils/dates";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.person.title");

const DONE = ["resent", "changed", "left"] as const;
const DoneSchema = z.object({ done: z.enum(DONE).optional().catch(undefined) });
const FIELDS = ["intent", "unitId", "staffGroup", "endDate"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "view-figures");
  const unitIds = scope.unitIds ?? undefined;
  const found = getStaffPerson(organisation.id, params.userId ?? "", await getLanguage(request), unitIds);
  if (!found) throw new Response("Not found", { status: 404 });
  return {
    ...found,
    code: organisation.code,
    units: listUnits(organisation.id).filter((u) => unitInScope(scope, u.id)),
    today: todayIso(),
    done: DoneSchema.parse(queryOf(request)).done ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // A unit manager keeps the staff records of their own units (resend, move between them, leaver).
  const { user, organisation, scope } = await requireManagerOf(request, params.org, "invite");
  const userId = params.userId ?? "";
  const values = formValues(await request.formData(), FIELDS);
  const parsed = PersonActionSchema.safeParse(values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return data(
      { errors: errors.intent ? { intent: "manage.errors.unknownAction" } : errors, values },
      { status: 400 },
    );
  }
  const result = await actOnStaffPerson(user.id, organisation, userId, parsed.data, scope.unitIds ?? undefined);
  if ("notFound" in result) throw new Response("Not found", { status: 404 });
  if (!result.ok) return data({ errors: { [result.field]: result.message } as FieldErrors, values }, { status: 400 });
  const done = { "resend-invitation": "resent", "change-placement": "changed", "mark-leaver": "left" } as const;
  return redirect(`/manage/${organisation.code}/staff/${encodeURIComponent(userId)}?done=${done[parsed.data.intent]}`);
}

function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

export default function StaffPerson() {
  const { t, i18n } = useTranslation();
  const { person, overall, training, attempts, completions, code, units, today, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values: Partial<Record<(typeof FIELDS)[number], string>> = actionData?.values ?? {};
  const language = i18n.language;
  const notSet = t("manage.person.notSet");
  const dueText = (status: string, day: number) =>
    status === "compliant" || status === "due-soon"
      ? t("compliance.staff.expires", { date: formatDate(day, language) })
      : status === "new-starter"
        ? t("compliance.staff.dueBy", { date: formatDate(day, language) })
        : t("compliance.staff.wasDue", { date: formatDate(day, language) });

  return (
    <>
      <p>
        <Link to={`/manage/${code}/staff`}>{t("manage.person.back")}</Link>
      </p>
      {done ? (
        <SuccessBanner>
          {done === "resent"
            ? t("manage.person.resent", { email: person.email })
            : done === "changed"
              ? t("manage.person.changed")
              : t("manage.person.left", { date: formatDate(person.endDate, language) })}
        </SuccessBanner>
      ) : null}
      <ErrorSummary errors={errors} />
      <span className="nhsuk-caption-l">{t("manage.person.title")}</span>
      <h1>
        {person.givenName} {person.familyName}
      </h1>
      {overall ? (
        <p>
          {t("manage.person.overall")}: <StatusTag status={overall.status} /> {dueText(overall.status, overall.dueDay)}
        </p>
      ) : null}
      {!person.counted ? <p>{t("manage.person.notCounted")}</p> : null}

      <h2>{t("manage.person.membershipTitle")}</h2>
      <dl className="nhsuk-summary-list">
        <SummaryRow label={t("manage.person.email")}>{person.email}</SummaryRow>
        <SummaryRow label={t("manage.staff.unit")}>{person.unitName ?? notSet}</SummaryRow>
        <SummaryRow label={t("manage.staff.staffGroup")}>{t(`auth.staffGroups.${person.staffGroup}`)}</SummaryRow>
        <SummaryRow label={t("manage.person.jobRole")}>{person.jobRole || notSet}</SummaryRow>
        <SummaryRow label={t("manage.person.role")}>{t(`auth.roles.${person.role}`)}</SummaryRow>
        <SummaryRow label={t("manage.person.startDate")}>{formatDate(person.startDate, language)}</SummaryRow>
        <SummaryRow label={t("manage.person.endDate")}>
          {person.endDate ? formatDate(person.endDate, language) : notSet}
        </SummaryRow>
        <SummaryRow label={t("manage.person.employeeNumber")}>{person.employeeNumber ?? notSet}</SummaryRow>
        <SummaryRow label={t("manage.person.account")}>
          {person.accountSetUp ? t("manage.staff.accountActive") : t("manage.staff.accountInvited")}
        </SummaryRow>
      </dl>

      <h2>{t("manage.person.trainingTitle")}</h2>
      {training.length === 0 ? (
        <p>{t("manage.person.trainingEmpty")}</p>
      ) : (
        <table className="nhsuk-table-responsive">
          <ResponsiveTableHead
            headings={[
              t("manage.person.module"),
              t("manage.person.status"),
              t("manage.person.lastCompleted"),
              t("manage.person.due"),
            ]}
          />
          <tbody className="nhsuk-table__body">
            {training.map((row) => (
              <tr className="nhsuk-table__row" key={row.slug}>
                <ResponsiveCell heading={t("manage.person.module")}>{row.title}</ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.status")}>
                  <StatusTag status={row.status} />
                </ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.lastCompleted")}>
                  {row.lastDay === null ? t("manage.person.never") : formatDate(row.lastDay, language)}
                  {row.recordedIn ? <> ({t("manage.person.recordedIn", { source: row.recordedIn })})</> : null}
                </ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.due")}>{dueText(row.status, row.dueDay)}</ResponsiveCell>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("manage.person.completionsTitle")}</h2>
      {completions.length === 0 ? (
        <p>{t("manage.person.completionsEmpty")}</p>
      ) : (
        <table className="nhsuk-table-responsive">
          <ResponsiveTableHead
            headings={[
              t("manage.person.date"),
              t("manage.person.module"),
              t("manage.person.version"),
              t("manage.person.where"),
            ]}
          />
          <tbody className="nhsuk-table__body">
            {completions.map((c) => (
              <tr className="nhsuk-table__row" key={c.id}>
                <ResponsiveCell heading={t("manage.person.date")}>{formatDate(c.on, language)}</ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.module")}>{c.title}</ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.version")}>{c.version}</ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.where")}>
                  {c.source ? t("manage.person.recordedIn", { source: c.source }) : t("manage.person.here")}
                </ResponsiveCell>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("manage.person.attemptsTitle")}</h2>
      {attempts.length === 0 ? (
        <p>{t("manage.person.attemptsEmpty")}</p>
      ) : (
        <table className="nhsuk-table-responsive">
          <ResponsiveTableHead
            headings={[
              t("manage.person.date"),
              t("manage.person.module"),
              t("manage.person.score"),
              t("manage.person.result"),
            ]}
          />
          <tbody className="nhsuk-table__body">
            {attempts.map((a) => (
              <tr className="nhsuk-table__row" key={a.id}>
                <ResponsiveCell heading={t("manage.person.date")}>{formatDate(a.on, language)}</ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.module")}>{a.title}</ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.score")}>
                  {a.scorePercent === null ? "" : `${a.scorePercent}%`}
                </ResponsiveCell>
                <ResponsiveCell heading={t("manage.person.result")}>
                  {a.passed ? t("manage.person.passed") : t("manage.person.notPassed")}
                </ResponsiveCell>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {!person.accountSetUp && !person.hasLeft ? (
        <>
          <h2>{t("manage.person.resendTitle")}</h2>
          <p>{t("manage.person.resendIntro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="resend-invitation" />
            <button className="nhsuk-button nhsuk-button--secondary" type="submit" id="resend">
              {t("manage.person.resendSubmit")}
            </button>
          </Form>
        </>
      ) : null}

      <h2>{t("manage.person.changeTitle")}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="change-placement" />
        <Select
          name="unitId"
          label={t("manage.staff.unit")}
          defaultValue={values.unitId ?? String(person.unitId ?? "")}
          error={errors?.unitId}
          options={[
            { value: "", label: t("manage.invite.noUnit") },
            ...units.map((u) => ({ value: String(u.id), label: u.name })),
          ]}
        />
        <Select
          name="staffGroup"
          label={t("manage.staff.staffGroup")}
          defaultValue={values.staffGroup ?? person.staffGroup}
          error={errors?.staffGroup}
          options={STAFF_GROUPS.map((g) => ({ value: g, label: t(`auth.staffGroups.${g}`) }))}
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("manage.person.changeSubmit")}
        </button>
      </Form>

      <h2>{t("manage.person.leaverTitle")}</h2>
      <p>{t("manage.person.leaverIntro")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="mark-leaver" />
        <TextInput
          name="endDate"
          type="date"
          label={t("manage.person.endDate")}
          hint={t("manage.invite.startDateHint")}
          defaultValue={values.endDate ?? person.endDate ?? today}
          error={errors?.endDate}
        />
        <button className="nhsuk-button nhsuk-button--warning" type="submit">
          {t("manage.person.leaverSubmit")}
        </button>
      </Form>
    </>
  );
}
