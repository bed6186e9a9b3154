import type { Organisation } from "@db/schema";
import { checkStaffList } from "~/staff-import/apply.server";
import type { ParsedStaffList } from "~/staff-import/parse.server";
import { storeUpload } from "~/staff-import/uploads.server";

/** Checks a staff list as the upload page does and stores it for the preview; returns its id. */
export async function stageUpload(
  organisation: Organisation,
  userId: string,
  content: string | Uint8Array,
  options: { fullList?: boolean; sendInvitations?: boolean } = {},
): Promise<string> {
  const fullList = options.fullList ?? false;
  const sendInvitations = options.sendInvitations ?? false;
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const checked = await checkStaffList({ organisation, bytes, fullList, sendInvitations });
  if (!checked.ok) throw new Error(`The staff list was refused: ${checked.problem.key}`);
  return storeUpload({
    organisationId: organisation.id,
    userId,
    fileName: "test.csv",
    fullList,
    sendInvitations,
    parsed: checked.parsed,
    plan: checked.plan,
  });
}

/** A staff list's rows as the import checks them. */
export async function parsedStaffList(organisation: Organisation, content: string): Promise<ParsedStaffList> {
  const checked = await checkStaffList({
    organisation,
    bytes: new TextEncoder().encode(content),
    fullList: false,
    sendInvitations: false,
  });
  if (!checked.ok) throw new Error(`The staff list was refused: ${checked.problem.key}`);
  return checked.parsed;
}
