const DEFAULT_REDIRECT = "/";
const HERE = "http://localhost";

/**
 * Only local paths: never another host, never a protocol-relative URL. The path comes back
 * percent-encoded (a Location header holds only ASCII), so "/modules?q=Wiśniewski" is safe to send.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = DEFAULT_REDIRECT): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\r\n\t]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Dot segments can fold "/.//evil.example" into "//evil.example".
  if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
