import { DEMO_PASSWORD } from "@db/demo-data";
import { action as signInAction } from "~/routes/sign-in";
import { callRoute, cookieHeader } from "./routes";

/** Signs in through the real sign-in action and returns the Cookie header a browser would send. */
export async function signIn(email: string, password = DEMO_PASSWORD, clientIp?: string): Promise<string> {
  const result = await callRoute(signInAction, { form: { email, password }, clientIp });
  if (result.status !== 302)
    throw new Error(`Sign-in as ${email} failed with ${result.status}: ${JSON.stringify(result.data)}`);
  return cookieHeader(result.cookies);
}
