/**
 * True when a state-changing request comes from a page on this site: its Origin (or, when a
 * browser leaves that out, its Referer) has this site's scheme and host, compared as the URL
 * standard does (case-insensitive, default ports dropped). A request with neither is refused,
 * and so is `Origin: null` (a sandboxed frame, a redirect across sites, a file), whatever its Referer says.
 */
export function isSameOrigin(
  origin: string | null,
  referer: string | null,
  host: string | null,
  scheme: "http" | "https" = "http",
): boolean {
  if (!host) return false;
  if (origin !== null && origin.trim().toLowerCase() === "null") return false;
  const source = origin ?? referer;
  if (!source) return false;
  try {
    return new URL(source).origin === new URL(`${scheme}://${host}`).origin;
  } catch {
    return false;
  }
}
