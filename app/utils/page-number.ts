/** The ?page= number of a URL: a whole number from 1, anything else is page 1. */
export function pageNumber(request: Request): number {
  const raw = new URL(request.url).searchParams.get("page");
  const page = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, page);
}
