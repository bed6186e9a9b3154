import { z } from "zod";

const EnvSchema = z.object({
  /** Production unless said otherwise: `remix dev` sets development and the test runner test. */
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_PATH: z.string().min(1).optional(),
  /** Demo organisations and accounts: wanted in the default database unless DEMO=false, elsewhere only with DEMO=true. */
  DEMO: z.enum(["true", "false"]).optional(),
  APP_URL: z.string().url().default("http://localhost:3000"),
  IDLE_TIMEOUT_MINUTES: z.coerce.number().int().positive().default(30),
  SMTP_URL: z.string().url().optional(),
  OUTBOX_DIR: z.string().min(1).default("./data/outbox"),
  CONTENT_BUILD_DIR: z.string().min(1).default("./build/content"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The address to listen on; unset, every interface. Behind a reverse proxy, 127.0.0.1. */
  HOST: z.string().min(1).optional(),
  /**
   * How many reverse proxies in front of the server to trust, as a number of hops: "false" (0, the
   * default) or "true" (1) or a count such as "2" (a load balancer, then nginx). The client's address
   * is then the right-most X-Forwarded-For entry those hops did not add for each other.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'TRUST_PROXY must be "false", "true" (one proxy) or a number of proxy hops')
    .default("false")
    .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
  /** Largest request body the server accepts for ordinary forms, in bytes. */
  MAX_FORM_BYTES: z.coerce.number().int().positive().default(100_000),
  /** Largest upload (staff list CSV), in bytes. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(20_000_000),
  /** Server worker processes; unset, one per core in production and one otherwise. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** How often each server worker brings the compliance figures up to date, in seconds. */
  COMPLIANCE_CHECK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Failed sign-ins from one client address in 15 minutes before only browsers that signed in before may try. */
  SIGN_IN_ADDRESS_LIMIT: z.coerce.number().int().min(1).default(1000),
  /** 32 random bytes, base64: encrypts single sign-on client secrets at rest. Unset, single sign-on cannot be set up. */
  SSO_ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v === "" || Buffer.from(v, "base64").length === 32,
      "must be 32 random bytes in base64, e.g. `openssl rand -base64 32`",
    )
    .transform((v) => (v ? Buffer.from(v, "base64") : undefined)),
});

export const DEFAULT_DATABASE_PATH = "./data/cyber-basics.db";

const CheckedEnvSchema = EnvSchema.transform(({ DATABASE_PATH, DEMO, ...rest }) => ({
  ...rest,
  DATABASE_PATH: DATABASE_PATH ?? DEFAULT_DATABASE_PATH,
  /** True when `npm run db:setup` may add the demo data to an empty database. */
  DEMO: DEMO === undefined ? DATABASE_PATH === undefined : DEMO === "true",
}));

export type Env = z.infer<typeof CheckedEnvSchema>;

let cached: Env | undefined;

/** The environment, read and checked once. */
export function env(): Env {
  if (!cached) {
    const parsed = CheckedEnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n${problems.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
