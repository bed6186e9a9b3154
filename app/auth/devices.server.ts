import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { signInDevices } from "@db/schema";
import { db } from "~/db.server";

/**
 * A random token that tells this browser apart, kept for a year. It signs no one in: it only lets
 * the right password through while someone else's failures hold the account in a lock.
 */
const DEVICE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

const deviceCookie = createCookie("cb_device", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: process.env.NODE_ENV === "production",
  maxAge: DEVICE_LIFETIME_MS / 1000,
});

const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

async function readToken(request: Request): Promise<string | null> {
  const parsed = TokenSchema.safeParse(await deviceCookie.parse(request.headers.get("Cookie")));
  return parsed.success ? parsed.data : null;
}

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** The hash of this browser's device token when the person signed in from it before, else null. */
export async function knownDeviceFor(request: Request, userId: string | undefined): Promise<string | null> {
  if (!userId) return null;
  const token = await readToken(request);
  if (!token) return null;
  const tokenHash = hashToken(token);
  const row = db()
    .select({ userId: signInDevices.userId })
    .from(signInDevices)
    .where(and(eq(signInDevices.tokenHash, tokenHash), eq(signInDevices.userId, userId)))
    .get();
  return row ? tokenHash : null;
}

/** Remembers that the person signed in from this browser; the Set-Cookie to send when the browser had no token yet. */
export async function rememberDevice(request: Request, userId: string, now = Date.now()): Promise<string | null> {
  const existing = await readToken(request);
  const token = existing ?? crypto.randomBytes(32).toString("base64url");
  db()
    .insert(signInDevices)
    .values({ tokenHash: hashToken(token), userId, lastSignInAt: new Date(now) })
    .onConflictDoUpdate({
      target: [signInDevices.tokenHash, signInDevices.userId],
      set: { lastSignInAt: new Date(now) },
    })
    .run();
  // The browser forgets its cookie after a year; so do we.
  db()
    .delete(signInDevices)
    .where(and(eq(signInDevices.userId, userId), lt(signInDevices.lastSignInAt, new Date(now - DEVICE_LIFETIME_MS))))
    .run();
  return existing ? null : deviceCookie.serialize(token);
}
