import { data } from "@remix-run/node";
import type { Organisation } from "@db/schema";
import { fieldErrors, formValues } from "~/auth/forms.server";
import type { MessageWithValues } from "~/components/forms";
import { redirectUri } from "./provider.server";
import {
  ManagersMayEditSchema,
  SsoSettingsSchema,
  removeSso,
  saveSsoSettings,
  setManagersMayEdit,
  ssoSettingsView,
} from "./settings.server";

const FIELDS = [
  "intent",
  "issuer",
  "clientId",
  "clientSecret",
  "emailClaim",
  "domains",
  "ssoOnly",
  "createAccounts",
  "managersMayEdit",
] as const;

export type SsoFormErrors = Record<string, string | MessageWithValues | undefined>;
export type SsoFormValues = Partial<Record<(typeof FIELDS)[number], string>>;
export type SsoFormOutcome = {
  errors: SsoFormErrors;
  values: SsoFormValues;
  done: "saved" | "removed" | "managersSaved" | null;
};

/** What the admin and manager settings pages show. */
export function ssoSettingsPage(organisation: Organisation) {
  return {
    organisation: { code: organisation.code, name: organisation.name },
    settings: ssoSettingsView(organisation.id),
    redirectUri: redirectUri(),
  };
}

/** The settings form's three actions. Only an admin may change whether managers can edit. */
export async function handleSsoSettingsForm(
  request: Request,
  actorUserId: string,
  organisation: Organisation,
  asAdmin: boolean,
) {
  const values = formValues(await request.formData(), FIELDS);
  const { clientSecret: _secret, ...safeValues } = values;
  const fail = (errors: SsoFormErrors) =>
    data<SsoFormOutcome>({ errors, values: safeValues, done: null }, { status: 400 });

  if (values.intent === "remove") {
    removeSso(actorUserId, organisation);
    return data<SsoFormOutcome>({ errors: {}, values: {}, done: "removed" });
  }
  if (values.intent === "managers") {
    if (!asAdmin) throw new Response("Forbidden", { status: 403 });
    const parsed = ManagersMayEditSchema.parse(values);
    setManagersMayEdit(actorUserId, organisation, parsed.managersMayEdit);
    return data<SsoFormOutcome>({ errors: {}, values: {}, done: "managersSaved" });
  }
  const parsed = SsoSettingsSchema.safeParse(values);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  const saved = await saveSsoSettings(actorUserId, organisation, parsed.data);
  if (!saved.ok) return fail({ [saved.problem.field]: { key: saved.problem.key, values: saved.problem.values } });
  return data<SsoFormOutcome>({ errors: {}, values: {}, done: "saved" });
}
