import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@db/demo-data";
import {
  createSeededDatabase,
  freePort,
  PROJECT_ROOT,
  sleep,
  startServer,
  type RunningServer,
  type TempDatabase,
} from "../../scripts/bench-harness";

/**
 * Debian's nginx in front of the real built server, with deploy/nginx-cyber-basics.conf as it is
 * shipped (only its ports, certificate and log paths swapped), a certificate made here, and two
 * clients on different loopback addresses.
 */
const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const SITE_CONFIG = path.join(PROJECT_ROOT, "deploy/nginx-cyber-basics.conf");
const CLIENT_A = "127.0.0.2";
const CLIENT_B = "127.0.0.3";
/** More failures than any per-address sign-in limit should allow before it throttles. */
const MAX_FAILURES_BEFORE_THROTTLE = 30;
const APP_UPLOAD_LIMIT = 20_000_000;

let dir: string;
let database: TempDatabase;
let server: RunningServer;
let nginx: ChildProcess;
let nginxOutput = "";
let httpsPort: number;
let httpPort: number;
let certificate: Buffer;

/** The shipped site file with only what a test machine must change swapped; each swap must match once. */
function siteConfigForTest(appPort: number): string {
  let config = fs.readFileSync(SITE_CONFIG, "utf8");
  const swap = (pattern: RegExp, replacement: string) => {
    const matches = config.match(new RegExp(pattern.source, "gm"))?.length ?? 0;
    if (matches !== 1) throw new Error(`${SITE_CONFIG}: expected one ${pattern}, found ${matches}`);
    config = config.replace(new RegExp(pattern.source, "m"), replacement);
  };
  swap(/^\s*listen \[::\]:80;$/, "");
  swap(/^\s*listen \[::\]:443 ssl http2;$/, "");
  swap(/^\s*listen 80;$/, `    listen 127.0.0.1:${httpPort};`);
  swap(/^\s*listen 443 ssl http2;$/, `    listen 127.0.0.1:${httpsPort} ssl http2;`);
  swap(/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${appPort};`);
  swap(/ssl_certificate \S+;/, `ssl_certificate ${dir}/cert.pem;`);
  swap(/ssl_certificate_key \S+;/, `ssl_certificate_key ${dir}/key.pem;`);
  swap(/access_log \S+ cyber_basics;/, `access_log ${dir}/access.log cyber_basics;`);
  swap(/error_log \S+ warn;/, `error_log ${dir}/site-error.log warn;`);
  return config;
}

function mainConfig(site: string): string {
  const temp = (name: string) => `${name}_temp_path ${dir}/${name.split("_")[0]};`;
  return [
    "daemon off;",
    // As root, workers would drop to nobody, who cannot write the buffered upload into this folder.
    process.getuid?.() === 0 ? "user root;" : "",
    "worker_processes 1;",
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    "events { worker_connections 256; }",
    "http {",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp),
    site,
    "}",
  ].join("\n");
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One https request through nginx, from the given loopback address, trusting only the certificate made here. */
function request(
  from: string,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: httpsPort,
        servername: "localhost",
        ca: certificate,
        localAddress: from,
        agent: false,
        method: options.method ?? "GET",
        path: pathname,
        headers: { Host: `localhost:${httpsPort}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          let body = Buffer.concat(chunks);
          if (res.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
          resolve({ status: res.statusCode!, headers: res.headers, body: body.toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const origin = () => `https://localhost:${httpsPort}`;

function signIn(from: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
  return request(from, "/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin(), ...headers },
    body: new URLSearchParams({ email, password }).toString(),
  });
}

interface SignInEvent {
  action: string;
  email: string | null;
  ip: string | null;
  reason: string | null;
}

/** The sign-in entries of the audit trail: the address the app saw for each attempt. */
function signInEvents(): SignInEvent[] {
  const db = new Database(database.databasePath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT action, json_extract(details, '$.email') AS email, json_extract(details, '$.ip') AS ip, json_extract(details, '$.reason') AS reason
         FROM audit_events WHERE action IN ('sign-in', 'sign-in-failed') ORDER BY id`,
      )
      .all() as SignInEvent[];
  } finally {
    db.close();
  }
}

const throttledAt = (ip: string) => signInEvents().filter((e) => e.ip === ip && e.reason === "rate-limited").length;

beforeAll(async () => {
  if (!fs.existsSync(NGINX)) {
    throw new Error(
      `The reverse-proxy test needs nginx at ${NGINX}. Install it with: apt-get update && apt-get install -y nginx-light`,
    );
  }
  if (!fs.existsSync(path.join(PROJECT_ROOT, "build/server.js")))
    throw new Error("The reverse-proxy test needs the built server: run `npm run build` first (npm test does).");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-nginx-"));
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
      "-keyout",
      `${dir}/key.pem`,
      "-out",
      `${dir}/cert.pem`,
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0)
    throw new Error(`Could not make a self-signed certificate with openssl: ${made.error?.message ?? made.stderr}`);
  certificate = fs.readFileSync(`${dir}/cert.pem`);

  database = await createSeededDatabase("cyber-basics-nginx-db-");
  // As deploy/cyber-basics.env.example has it, and with NODE_ENV unset: production is the default.
  server = await startServer({
    databasePath: database.databasePath,
    workers: 2,
    env: { NODE_ENV: undefined, TRUST_PROXY: "true", HOST: "127.0.0.1", SIGN_IN_ADDRESS_LIMIT: "20" },
  });

  httpsPort = await freePort();
  httpPort = await freePort();
  fs.writeFileSync(`${dir}/nginx.conf`, mainConfig(siteConfigForTest(server.port)));
  const checked = spawnSync(NGINX, ["-t", "-p", dir, "-c", `${dir}/nginx.conf`, "-e", `${dir}/error.log`], {
    encoding: "utf8",
  });
  if (checked.status !== 0) throw new Error(`nginx -t refused the configuration:\n${checked.stderr}`);
  nginx = spawn(NGINX, ["-p", dir, "-c", `${dir}/nginx.conf`, "-e", `${dir}/error.log`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  nginx.stdout?.on("data", (chunk) => (nginxOutput += chunk));
  nginx.stderr?.on("data", (chunk) => (nginxOutput += chunk));
  for (let i = 0; ; i++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxOutput}`);
    try {
      if ((await request(CLIENT_A, "/healthz")).status === 200) break;
    } catch (error) {
      if (i > 100) throw error;
    }
    await sleep(100);
  }
}, 120_000);

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx.once("exit", resolve));
    nginx.kill("SIGQUIT");
    await exited;
  }
  await server?.stop();
  database?.remove();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe("behind nginx as in deploy/", () => {
  it("serves pages over https with HSTS, compressed, with the demo banner in English and Welsh", async () => {
    const home = await request(CLIENT_A, "/", { headers: { "Accept-Encoding": "gzip" } });
    expect(home.status).toBe(200);
    expect(home.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(home.headers["content-encoding"]).toBe("gzip");
    expect(home.body).toContain("Demo site: sample people and data");
    const welsh = await request(CLIENT_A, "/", { headers: { "Accept-Language": "cy" } });
    expect(welsh.body).toContain('lang="cy"');
    expect(welsh.body).toContain("Safle arddangos: pobl a data enghreifftiol");
  });

  it("answers /healthz, and sends plain http to https", async () => {
    const health = await request(CLIENT_B, "/healthz");
    expect(health.status).toBe(200);
    const plain = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          {
            host: "127.0.0.1",
            port: httpPort,
            path: "/my-training",
            headers: { Host: "localhost" },
            localAddress: CLIENT_A,
          },
          resolve,
        )
        .on("error", reject),
    );
    plain.resume();
    expect(plain.statusCode).toBe(301);
    expect(plain.headers.location).toBe("https://localhost/my-training");
  });

  it("signs in with Secure cookies and sees each client's own address", async () => {
    const nurse = await signIn(CLIENT_A, "nurse@riverside.example", DEMO_PASSWORD);
    expect(nurse.status).toBe(302);
    const cookies = nurse.headers["set-cookie"] ?? [];
    expect(cookies.find((c) => c.startsWith("cb_session="))).toMatch(/;\s*Secure/i);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);

    // B writes its own X-Forwarded-For; nginx appends the address it saw, and only that counts.
    const manager = await signIn(CLIENT_B, "manager@riverside.example", DEMO_PASSWORD, {
      "X-Forwarded-For": "198.51.100.7",
    });
    expect(manager.status).toBe(302);

    const signedIn = signInEvents().filter((e) => e.action === "sign-in");
    expect(signedIn.map((e) => e.ip)).toEqual([CLIENT_A, CLIENT_B]);

    // nginx logs a request once its answer has gone: give it a moment.
    const logged = (client: string) =>
      new RegExp(`^${client.replace(/\./g, "\\.")} .*"POST /sign-in HTTP/1.1" 302`, "m");
    let log = "";
    for (let i = 0; i < 50 && !(logged(CLIENT_A).test(log) && logged(CLIENT_B).test(log)); i++) {
      await sleep(100);
      log = fs.readFileSync(`${dir}/access.log`, "utf8");
    }
    expect(log).toMatch(logged(CLIENT_A));
    expect(log).toMatch(logged(CLIENT_B));
  });

  it("throttles one client's failed sign-ins without throttling the other, and a written X-Forwarded-For changes neither", async () => {
    // A guesses at many accounts until the app throttles A's address.
    let failures = 0;
    while (throttledAt(CLIENT_A) === 0) {
      if (failures >= MAX_FAILURES_BEFORE_THROTTLE)
        throw new Error(`No per-address throttle after ${failures} failed sign-ins from ${CLIENT_A}`);
      const answer = await signIn(CLIENT_A, `guess-${failures}@riverside.example`, "wrong password");
      expect(answer.status).toBeGreaterThanOrEqual(400);
      failures++;
    }

    // A cannot get out from under it by naming another address.
    await signIn(CLIENT_A, "another-guess@riverside.example", "wrong password", { "X-Forwarded-For": "198.51.100.23" });
    const escape = signInEvents().at(-1)!;
    expect(escape).toMatchObject({ email: "another-guess@riverside.example", ip: CLIENT_A, reason: "rate-limited" });

    // B, even claiming to be A, is judged as B: an ordinary failure, then a sign-in.
    await signIn(CLIENT_B, "typo@riverside.example", "wrong password", { "X-Forwarded-For": CLIENT_A });
    expect(signInEvents().at(-1)).toMatchObject({
      action: "sign-in-failed",
      email: "typo@riverside.example",
      ip: CLIENT_B,
      reason: null,
    });
    const carer = await signIn(CLIENT_B, "carer@oaklodge.example", DEMO_PASSWORD, { "X-Forwarded-For": CLIENT_A });
    expect(carer.status).toBe(302);
    expect(signInEvents().at(-1)).toMatchObject({ action: "sign-in", ip: CLIENT_B });
    expect(throttledAt(CLIENT_B)).toBe(0);
  }, 120_000);

  it("passes uploads up to the app's limit to the app, which answers larger ones itself", async () => {
    const upload = (bytes: number) => {
      const boundary = "----cyberbasicsboundary";
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="staff.csv"\r\nContent-Type: text/csv\r\n\r\n`;
      const tail = `\r\n--${boundary}--\r\n`;
      const line =
        "1001,Alex,Morgan,alex.morgan@riverside.example,XA1,Ward 7,Nursing and Midwifery Registered,Staff Nurse,2020-01-01,\n";
      const fill = bytes - head.length - tail.length;
      const body = Buffer.concat([
        Buffer.from(head),
        Buffer.from(line.repeat(Math.ceil(fill / line.length)).slice(0, fill)),
        Buffer.from(tail),
      ]);
      expect(body.length).toBe(bytes);
      return request(CLIENT_A, "/manage/XA1/import", {
        method: "POST",
        headers: {
          "Content-Type": `multipart/form-data; boundary=${boundary}`,
          Origin: origin(),
          "Content-Length": String(body.length),
        },
        body,
      });
    };
    // At the limit: nginx passes it on and the app reads it all (then asks who is asking).
    const atLimit = await upload(APP_UPLOAD_LIMIT);
    expect(atLimit.status).not.toBe(413);
    expect(atLimit.status).toBeLessThan(500);
    // Over the app's limit but within nginx's: the app's own explanation reaches the person (not a
    // 502 from nginx because the app hung up mid-body; that happened about two times in three).
    for (let attempt = 0; attempt < 3; attempt++) {
      const over = await upload(APP_UPLOAD_LIMIT + 500_000);
      expect(over.status).toBe(413);
      expect(over.body).toContain(`the limit is ${APP_UPLOAD_LIMIT} bytes`);
    }
  }, 60_000);
});
