import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type RouteFunction = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

export interface CallOptions {
  method?: string;
  /** Path and query, e.g. "/sign-in?redirectTo=%2Faccount". */
  path?: string;
  params?: Record<string, string>;
  form?: Record<string, string | string[]>;
  cookie?: string | null;
  clientIp?: string;
  headers?: Record<string, string>;
}

export interface RouteResult {
  status: number;
  headers: Headers;
  location: string | null;
  data: any;
  /** Set-Cookie values, name=value only. */
  cookies: string[];
}

const ORIGIN = "http://localhost";

/** Calls a real loader or action with a real Request, the way Remix does, and returns what it answered (or threw). */
export async function callRoute(fn: RouteFunction, options: CallOptions = {}): Promise<RouteResult> {
  const method = options.method ?? (options.form ? "POST" : "GET");
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) for (const v of [value].flat()) body.append(name, v);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  const request = new Request(`${ORIGIN}${options.path ?? "/"}`, { method, headers, body });
  let outcome: unknown;
  try {
    outcome = await fn({
      request,
      params: options.params ?? {},
      context: { clientIp: options.clientIp ?? "203.0.113.10" },
    });
  } catch (thrown) {
    outcome = thrown;
    if (!(thrown instanceof Response)) throw thrown;
  }
  return toResult(outcome);
}

async function toResult(outcome: unknown): Promise<RouteResult> {
  if (outcome instanceof Response) {
    const text = await outcome.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      // plain text body
    }
    return {
      status: outcome.status,
      headers: outcome.headers,
      location: outcome.headers.get("Location"),
      data,
      cookies: setCookies(outcome.headers),
    };
  }
  if (outcome && typeof outcome === "object" && (outcome as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = outcome as { data: unknown; init?: ResponseInit | null };
    const headers = new Headers(init?.headers);
    return {
      status: init?.status ?? 200,
      headers,
      location: headers.get("Location"),
      data,
      cookies: setCookies(headers),
    };
  }
  return { status: 200, headers: new Headers(), location: null, data: outcome, cookies: [] };
}

function setCookies(headers: Headers): string[] {
  return headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** Joins Set-Cookie values into a Cookie header, later values replacing earlier ones of the same name. */
export function cookieHeader(...cookieLists: string[][]): string {
  const jar = new Map<string, string>();
  for (const c of cookieLists.flat()) jar.set(c.split("=")[0], c);
  return [...jar.values()].join("; ");
}
