/** ABCD-EFGH-JKLM from whatever was typed (any case, spaces or no dashes), or null if it cannot be a code. */
export function normaliseVerificationCode(raw: string): string | null {
  const letters = raw.toUpperCase().replace(/[\s-]/g, "");
  if (!/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{12}$/.test(letters)) return null;
  return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8)}`;
}
