import { z } from "zod";
import type { FieldErrors } from "~/components/forms";

export type { FieldErrors };

/** Emails are stored and compared lower-case and trimmed. */
/** An email address, trimmed and lower-cased; the messages say whose address is asked for. */
export const emailField = (required: string, invalid: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(254, invalid)
    .email(invalid)
    .transform((email) => email.toLowerCase());

/** The person's own email address. */
export const EmailSchema = emailField("auth.errors.emailRequired", "auth.errors.emailInvalid");

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ error: "auth.errors.passwordRequired" })
    .min(1, "auth.errors.passwordRequired")
    .max(1000, "auth.errors.passwordRequired"),
  redirectTo: z.string().max(2000).optional(),
});

export const ForgotPasswordSchema = z.object({ email: EmailSchema });

export const NewPasswordSchema = z
  .object({
    password: z
      .string({ error: "auth.errors.passwordTooShort" })
      .min(12, "auth.errors.passwordTooShort")
      .max(200, "auth.errors.passwordTooLong"),
    confirm: z.string({ error: "auth.errors.confirmRequired" }).min(1, "auth.errors.confirmRequired"),
  })
  .refine((v) => v.password === v.confirm, { message: "auth.errors.passwordsDiffer", path: ["confirm"] });

/** First message per field, keyed by field name: what the forms show. */
export const NO_ERRORS: FieldErrors = {};

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Only the named string fields of a form; anything else sent is ignored. */
export function formValues(form: FormData, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    names.map((name) => {
      const value = form.get(name);
      return [name, typeof value === "string" ? value : undefined];
    }),
  );
}
