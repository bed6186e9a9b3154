import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("./data/cyber-basics.db"),
  APP_URL: z.string().url().default("http://localhost:3000"),
  IDLE_TIMEOUT_MINUTES: z.coerce.number().int().positive().default(30),
  SMTP_URL: z.string().url().optional(),
  OUTBOX_DIR: z.string().min(1).default("./data/outbox"),
  CONTENT_BUILD_DIR: z.string().min(1).default("./build/content"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The environment, read and checked once. */
export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n${problems.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
