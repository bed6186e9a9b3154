/**
 * The client's address as seen through `trustedHops` reverse proxies (0: none, so the socket's
 * address). Each proxy appends the address it received the request from to X-Forwarded-For, so
 * the right-most entries are the ones our own proxies wrote; the entry `trustedHops` from the right
 * of [...X-Forwarded-For, socket address] is the right-most one no trusted proxy vouches for as
 * another proxy: the client. Anything to its left the client could have written itself.
 */
export function clientAddress(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  trustedHops: number,
): string {
  const socket = socketAddress ?? "unknown";
  if (trustedHops <= 0) return socket;
  const forwarded = [forwardedFor ?? []]
    .flat()
    .flatMap((header) => header.split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, socket];
  // A shorter chain than the proxies we trust means the request skipped one: use the oldest entry.
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}
