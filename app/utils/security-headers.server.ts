import crypto from "node:crypto";
import { env } from "~/env.server";

// Random bytes fetched 4 KB at a time (one call to the system's CSPRNG per 256 nonces), each used once.
const NONCE_BYTES = 16;
const pool = Buffer.alloc(NONCE_BYTES * 256);
let poolOffset = pool.length;

export function createNonce(): string {
  if (poolOffset === pool.length) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  const nonce = pool.toString("base64", poolOffset, poolOffset + NONCE_BYTES);
  poolOffset += NONCE_BYTES;
  return nonce;
}

/**
 * A page whose form leads to another site (the single sign-on step posts, then is redirected to the
 * organisation's provider) names those origins in this header from its loader; it never reaches the browser.
 */
export const FORM_ACTION_ORIGINS_HEADER = "X-Form-Action-Origins";

/** The page policy: scripts only from this origin or carrying this response's nonce; no inline styles, no eval. */
export function documentPolicy(nonce: string, formActionOrigins: string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    ["form-action 'self'", ...formActionOrigins].join(" "),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** For anything that is not one of our pages (text, JSON, CSV, SVG opened directly): nothing may run or load. */
const NOT_A_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A rendered page: the strict policy with this response's nonce, and the headers every response gets. */
export function applySecurityHeaders(headers: Headers, nonce: string): void {
  const formActionOrigins = (headers.get(FORM_ACTION_ORIGINS_HEADER) ?? "")
    .split(" ")
    .filter((o) => URL.canParse(o) && new URL(o).origin === o);
  headers.delete(FORM_ACTION_ORIGINS_HEADER);
  headers.set("Content-Security-Policy", documentPolicy(nonce, formActionOrigins));
  applyBaselineHeaders(headers);
}

/**
 * The headers every response carries, pages, resource routes, static files and error answers alike
 * (the server adds them to whatever Remix returns). A response without a policy of its own gets
 * one that lets nothing run; a PDF keeps none, so the browser's viewer can show it.
 */
export function applyBaselineHeaders(headers: Headers): void {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set(
    "Permissions-Policy",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
  );
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  if (!headers.has("Content-Security-Policy") && !(headers.get("Content-Type") ?? "").startsWith("application/pdf")) {
    headers.set("Content-Security-Policy", NOT_A_PAGE_POLICY);
  }
  if (env().NODE_ENV === "production") {
    headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
}

const SESSION_COOKIE = /(?:^|;\s*)cb_session=[^;\s]/;

/**
 * Anything answered to a signed-in browser (pages, data, downloads), or that signs one in, is kept
 * out of every cache: on a shared ward PC, Back after sign-out must not show the last person's pages.
 */
export function applySignedInCaching(requestCookie: string | undefined, headers: Headers): void {
  const signedIn =
    SESSION_COOKIE.test(requestCookie ?? "") || headers.getSetCookie().some((c) => /^cb_session=[^;]/.test(c));
  if (signedIn) headers.set("Cache-Control", "no-store");
}
