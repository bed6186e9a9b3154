import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AccountChoiceSchema, saveLanguagePreference } from "~/auth/account.server";
import { NO_ERRORS, fieldErrors, formValues, type FieldErrors } from "~/auth/forms.server";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, RadioGroup, SuccessBanner } from "~/components/forms";
import { setLanguageCookie } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import {
  acceptJoinRequest,
  declineJoinRequest,
  leaveOrganisation,
  listJoinRequestsFor,
} from "~/organisations/join-requests.server";
import { listActiveMemberships } from "~/organisations/memberships.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    user: {
      name: `${user.givenName} ${user.familyName}`,
      email: user.email,
      language: user.language,
      platformRole: user.platformRole,
    },
    memberships: listActiveMemberships(user.id),
    requests: listJoinRequestsFor(user.id),
  };
}

type Done = { kind: "language" | "accept" | "decline" | "leave"; organisation: string } | null;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = AccountChoiceSchema.safeParse(
    formValues(await request.formData(), ["intent", "language", "requestId", "membershipId"]),
  );
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), done: null as Done }, { status: 400 });
  const choice = parsed.data;
  if (choice.intent === "language") {
    saveLanguagePreference(user.id, choice.language);
    return data(
      { errors: NO_ERRORS, done: { kind: "language", organisation: "" } as Done },
      { headers: { "Set-Cookie": await setLanguageCookie(choice.language) } },
    );
  }
  const organisation =
    choice.intent === "leave"
      ? leaveOrganisation(user.id, choice.membershipId)
      : choice.intent === "accept"
        ? acceptJoinRequest(user.id, choice.requestId)
        : declineJoinRequest(user.id, choice.requestId);
  if (organisation === null) {
    const errors: FieldErrors =
      choice.intent === "leave"
        ? { membershipId: "auth.account.errors.membershipGone" }
        : { requestId: "auth.account.errors.requestGone" };
    return data({ errors, done: null as Done }, { status: 400 });
  }
  return data({ errors: NO_ERRORS, done: { kind: choice.intent, organisation } as Done });
}

export default function Account() {
  const { t } = useTranslation();
  const { user, memberships, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const done = actionData?.done;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {done ? (
          <SuccessBanner>{t(`auth.account.done.${done.kind}`, { organisation: done.organisation })}</SuccessBanner>
        ) : null}
        <ErrorSummary errors={actionData?.errors} />
        <h1>{t("auth.account.title")}</h1>
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{t("auth.account.name")}</dt>
            <dd className="nhsuk-summary-list__value">{user.name}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{t("auth.account.email")}</dt>
            <dd className="nhsuk-summary-list__value">{user.email}</dd>
          </div>
          {user.platformRole !== "none" ? (
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">{t("auth.account.platformRole")}</dt>
              <dd className="nhsuk-summary-list__value">{t(`auth.roles.${user.platformRole}`)}</dd>
            </div>
          ) : null}
        </dl>

        {requests.length > 0 ? (
          <>
            <h2 id="requestId">{t("auth.account.requestsTitle")}</h2>
            {requests.map((r) => (
              <div className="nhsuk-card" key={r.id}>
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading">
                    {t("auth.account.requestHeading", { organisation: r.organisationName })}
                  </h3>
                  <p className="nhsuk-card__description">
                    {t("auth.account.requestExplained", { organisation: r.organisationName })}
                  </p>
                  <dl className="nhsuk-summary-list">
                    <div className="nhsuk-summary-list__row">
                      <dt className="nhsuk-summary-list__key">{t("auth.account.theyTyped")}</dt>
                      <dd className="nhsuk-summary-list__value">
                        {r.givenName} {r.familyName}
                      </dd>
                    </div>
                    <div className="nhsuk-summary-list__row">
                      <dt className="nhsuk-summary-list__key">{t("auth.account.staffGroup")}</dt>
                      <dd className="nhsuk-summary-list__value">{t(`auth.staffGroups.${r.staffGroup}`)}</dd>
                    </div>
                    <div className="nhsuk-summary-list__row">
                      <dt className="nhsuk-summary-list__key">{t("auth.account.role")}</dt>
                      <dd className="nhsuk-summary-list__value">{t(`auth.roles.${r.role}`)}</dd>
                    </div>
                  </dl>
                  <div className="nhsuk-button-group">
                    <Form method="post">
                      <input type="hidden" name="intent" value="accept" />
                      <input type="hidden" name="requestId" value={r.id} />
                      <button className="nhsuk-button" type="submit">
                        {t("auth.account.accept", { organisation: r.organisationName })}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="requestId" value={r.id} />
                      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                        {t("auth.account.decline")}
                      </button>
                    </Form>
                  </div>
                </div>
              </div>
            ))}
          </>
        ) : null}

        <h2 id="membershipId">{t("auth.account.organisations")}</h2>
        {memberships.length === 0 ? (
          <p>{t("auth.account.noOrganisations")}</p>
        ) : (
          <>
            <p>{t("auth.account.organisationsIntro")}</p>
            <table className="nhsuk-table">
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    {t("auth.account.organisation")}
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    {t("auth.account.unit")}
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    {t("auth.account.staffGroup")}
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    {t("auth.account.role")}
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    {t("auth.account.leaveHeader")}
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {memberships.map((m) => (
                  <tr className="nhsuk-table__row" key={m.membershipId}>
                    <td className="nhsuk-table__cell">{m.organisationName}</td>
                    <td className="nhsuk-table__cell">{m.unitName ?? ""}</td>
                    <td className="nhsuk-table__cell">{t(`auth.staffGroups.${m.staffGroup}`)}</td>
                    <td className="nhsuk-table__cell">{t(`auth.roles.${m.role}`)}</td>
                    <td className="nhsuk-table__cell">
                      <Form method="post">
                        <input type="hidden" name="intent" value="leave" />
                        <input type="hidden" name="membershipId" value={m.membershipId} />
                        <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
                          {t("auth.account.leave", { organisation: m.organisationName })}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}

        <h2>{t("auth.account.language")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="language" />
          <RadioGroup
            name="language"
            legend={t("auth.account.languageLegend")}
            defaultValue={user.language}
            error={actionData?.errors.language}
            options={[
              { value: "en-GB", label: t("auth.languages.en-GB"), lang: "en-GB" },
              { value: "cy", label: t("auth.languages.cy"), lang: "cy" },
            ]}
          />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            {t("auth.account.saveLanguage")}
          </button>
        </Form>
      </div>
    </div>
  );
}
