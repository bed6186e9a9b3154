/**
 * True when a state-changing request comes from a page on this site: its Origin (or, when a
 * browser leaves that out, its Referer) names the same host. A request with neither is refused.
 */
export function isSameOrigin(origin: string | null, referer: string | null, host: string | null): boolean {
  if (!host) return false;
  const source = origin && origin !== "null" ? origin : referer;
  if (!source) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}
