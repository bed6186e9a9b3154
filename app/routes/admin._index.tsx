import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/auth/authorise.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  throw redirect("/admin/organisations");
}

// A page route, not a resource route: without a component, a refusal here would be sent as bare
// text instead of the app's 403 page.
export default function AdminIndex() {
  return null;
}
