import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type * as AppEntry from "../app/entry.server";
import { env } from "../app/env.server";
import { applyBaselineHeaders, applySignedInCaching } from "../app/utils/security-headers.server";
import { clientAddress } from "../app/utils/client-address";
import { isSameOrigin } from "../app/utils/same-origin";
import { wholeBodyOf } from "../app/utils/whole-body";

const HELP = `Usage: node build/server.js   (npm start builds, migrates and seeds first; npm run serve only serves)

Serves the built app (build/index.js) on PORT (default 3000), in production mode unless NODE_ENV says
otherwise. Applies any new database migrations before serving.
  - WEB_CONCURRENCY worker processes (default: one per core in production, 1 otherwise) share
    the port through node:cluster; a worker that dies is replaced.
  - Files in public/ from memory, gzip and brotli compressed once; fingerprinted files under
    /build/ cached for a year, the rest for an hour.
  - Every non-GET request must come from a page on this site (Origin, or Referer, has this
    scheme and Host; Origin: null never does) or gets 403; its body must be a form (urlencoded or multipart: 415 otherwise), at most
    MAX_FORM_BYTES (MAX_UPLOAD_BYTES for /import), counted as it streams in whether or not
    Content-Length says so (413), and valid UTF-8 and percent-encoding (400). Remix never sees a
    body that fails.
  - Every response carries the security headers (CSP, nosniff, Referrer-Policy,
    Permissions-Policy, frame-ancestors none, HSTS in production).
  - Loaders get the client's address: with TRUST_PROXY=true (one proxy) or =N (N proxies), the
    right-most X-Forwarded-For entry those proxies did not add; otherwise the socket's address.
  - Every COMPLIANCE_CHECK_SECONDS (default 300) each worker brings the compliance figures up to
    date, so the first reader of a new day does not wait for leavers and starters to move on.
  - A new content build (npm run content:build) is served within a second, without a restart;
    SIGHUP to this process loads it at once in every worker.
No request logging or HTML compression in-process: put a reverse proxy in front for those.`;

// ---------------------------------------------------------------------------------------------
// Request bodies

export interface BodyLimits {
  form: number;
  upload: number;
}

export class BodyRejected extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The largest body this path accepts: staff list uploads get the upload limit, every other form the form limit. */
export function bodyLimitFor(pathname: string, limits: BodyLimits): number {
  return isUploadPath(pathname) ? limits.upload : limits.form;
}

const isUploadPath = (pathname: string) => /\/import(\.data)?$/.test(pathname);

/**
 * The whole request body, counted as it arrives: a declared Content-Length over the limit is
 * refused before reading, and a chunked body is cut off as soon as it passes the limit.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer<ArrayBuffer>> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume();
    return Promise.reject(new BodyRejected(413, `The request is too large: the limit is ${limit} bytes.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Discard the rest rather than read it into memory; the answer closes the connection.
        req.resume();
        reject(new BodyRejected(413, `The request is too large: the limit is ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // The client went away before sending it all.
    const onClose = () => onError(new Error("The request body was cut off."));
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/**
 * How much of an oversized body is still read (and thrown away) before answering 413. A reverse
 * proxy relays the whole body it accepted; closing the connection on it part way makes the proxy
 * answer 502 instead of passing on our explanation. Beyond this, the connection is closed unread.
 */
const DISCARD_AFTER_REFUSAL = 32 * 1024 * 1024;

function discardRest(req: http.IncomingMessage, cap: number): Promise<void> {
  const declared = Number(req.headers["content-length"]);
  if (req.complete || req.destroyed || declared > cap) return Promise.resolve();
  return new Promise((resolve) => {
    let discarded = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", done);
      req.off("close", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > cap) done();
    };
    req.on("data", onData);
    req.on("end", done);
    req.on("close", done);
    req.resume();
  });
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Refuses a form body a browser would never send: not a form at all, bytes that are not UTF-8,
 * percent-escapes that decode to something that is not UTF-8, or a multipart body that does not parse.
 */
export async function checkFormBody(body: Buffer<ArrayBuffer>, contentType: string | undefined): Promise<void> {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (body.length === 0 && type === "") return;
  if (type === "application/x-www-form-urlencoded") {
    let text: string;
    try {
      text = strictUtf8.decode(body);
    } catch {
      throw new BodyRejected(400, "The form is not valid UTF-8.");
    }
    for (const pair of text.split("&")) {
      try {
        decodeURIComponent(pair.replace(/\+/g, " "));
      } catch {
        throw new BodyRejected(400, "The form is not valid percent-encoded UTF-8.");
      }
    }
    return;
  }
  if (type === "multipart/form-data") {
    try {
      await new Response(body, { headers: { "Content-Type": contentType! } }).formData();
    } catch {
      throw new BodyRejected(400, "The form is not valid multipart/form-data.");
    }
    return;
  }
  throw new BodyRejected(415, "Send this form as application/x-www-form-urlencoded or multipart/form-data.");
}

// ---------------------------------------------------------------------------------------------
// Static files

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
};
const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".map", ".json", ".webmanifest", ".txt", ".xml", ".svg", ".ico"]);
const IN_MEMORY_LIMIT = 4 * 1024 * 1024;

interface StaticFile {
  file: string;
  size: number;
  type: string;
  etag: string;
  cacheControl: string;
  body?: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
}

/** public/ served from memory; fingerprinted /build/ files are immutable. */
export class StaticFiles {
  private readonly files = new Map<string, StaticFile | null>();

  constructor(private readonly root: string) {
    this.scan(root);
  }

  private scan(dir: string) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) this.scan(full);
      else if (entry.isFile()) this.add(full);
    }
  }

  private add(file: string): StaticFile | null {
    const urlPath = "/" + path.relative(this.root, file).split(path.sep).join("/");
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    const ext = path.extname(file).toLowerCase();
    const entry: StaticFile = {
      file,
      size: stat.size,
      type: CONTENT_TYPES[ext] ?? "application/octet-stream",
      etag: `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
      cacheControl: urlPath.startsWith("/build/") ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    };
    this.files.set(urlPath, entry);
    return entry;
  }

  /** The file for a URL path, or null; files that appear after start-up (a content rebuild) are found too. */
  lookup(pathname: string): StaticFile | null {
    const known = this.files.get(pathname);
    if (known !== undefined) return known;
    // Routes have no extension (or .data for Remix's own fetches, .pdf for certificates); only
    // those with an extension might be a file added since start-up.
    if (!path.extname(pathname) || pathname.endsWith(".data")) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes("\0") || decoded.split("/").some((segment) => segment === ".." || segment.startsWith(".")))
      return null;
    const file = path.resolve(this.root, "." + decoded);
    if (!file.startsWith(this.root + path.sep) || !fs.existsSync(file)) return null;
    return this.add(file);
  }

  send(entry: StaticFile, req: http.IncomingMessage, res: http.ServerResponse): void {
    const headers = new Headers({
      "Content-Type": entry.type,
      "Cache-Control": entry.cacheControl,
      ETag: entry.etag,
      Vary: "Accept-Encoding",
    });
    applyBaselineHeaders(headers);
    if (req.headers["if-none-match"] === entry.etag) {
      writeHead(res, 304, headers);
      res.end();
      return;
    }
    if (entry.size > IN_MEMORY_LIMIT) {
      headers.set("Content-Length", String(entry.size));
      writeHead(res, 200, headers);
      if (req.method === "HEAD") res.end();
      else fs.createReadStream(entry.file).pipe(res);
      return;
    }
    entry.body ??= fs.readFileSync(entry.file);
    let body = entry.body;
    const ext = path.extname(entry.file).toLowerCase();
    if (COMPRESSIBLE.has(ext) && body.length > 1024) {
      const accepted = String(req.headers["accept-encoding"] ?? "");
      if (/\bbr\b/.test(accepted)) {
        entry.brotli ??= zlib.brotliCompressSync(body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        });
        body = entry.brotli;
        headers.set("Content-Encoding", "br");
      } else if (/\bgzip\b/.test(accepted)) {
        entry.gzip ??= zlib.gzipSync(body, { level: 9 });
        body = entry.gzip;
        headers.set("Content-Encoding", "gzip");
      }
    }
    headers.set("Content-Length", String(body.length));
    writeHead(res, 200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  }
}

// ---------------------------------------------------------------------------------------------
// The request listener

export type RemixHandler = (request: Request, context: AppLoadContext) => Promise<Response>;

export interface ListenerOptions {
  handle: RemixHandler;
  limits: BodyLimits;
  /** Reverse proxies in front to trust: true is one, false none, or a number of hops. */
  trustProxy: boolean | number;
  staticFiles?: StaticFiles;
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function writeHead(res: http.ServerResponse, status: number, headers: Headers) {
  const raw: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    if (name !== "set-cookie") raw[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) raw["set-cookie"] = cookies;
  res.writeHead(status, raw);
}

function sendText(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}) {
  const headers = new Headers({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...extra });
  applyBaselineHeaders(headers);
  const body = Buffer.from(text);
  headers.set("Content-Length", String(body.length));
  writeHead(res, status, headers);
  res.end(body);
}

async function sendResponse(response: Response, req: http.IncomingMessage, res: http.ServerResponse) {
  const headers = new Headers(response.headers);
  applyBaselineHeaders(headers);
  applySignedInCaching(req.headers.cookie, headers);
  // Before asking for response.body, which would make a page rendered in one piece a web stream.
  const whole = req.method === "HEAD" ? undefined : wholeBodyOf(response);
  if (whole) {
    writeHead(res, response.status, headers);
    return void res.end(whole);
  }
  if (!response.body || req.method === "HEAD") {
    writeHead(res, response.status, headers);
    res.end();
    await response.body?.cancel();
    return;
  }
  writeHead(res, response.status, headers);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      if (!res.write(value)) {
        await new Promise((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
      }
    }
  } finally {
    reader.releaseLock();
  }
  res.end();
}

/**
 * The whole server's request handling: static files, then the checks on state-changing requests,
 * then Remix with a Request whose body has already passed them.
 */
export function createListener(options: ListenerOptions): http.RequestListener {
  return (req, res) => {
    handleRequest(options, req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) sendText(res, 500, "Something went wrong.");
      else res.destroy();
    });
  };
}

async function handleRequest(
  { handle, limits, trustProxy, staticFiles }: ListenerOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) {
  const method = req.method ?? "GET";
  const host = req.headers.host;
  if (!host) return sendText(res, 400, "Bad request: no Host header.");
  const rawUrl = req.url ?? "/";
  // Only origin-form targets ("/path?query"): an absolute URL here would name another host.
  if (!rawUrl.startsWith("/")) return sendText(res, 400, "Bad request.");
  const pathname = rawUrl.split("?")[0];
  const trustedHops = trustProxy === true ? 1 : trustProxy === false ? 0 : trustProxy;
  const protocol = trustedHops > 0 && req.headers["x-forwarded-proto"] === "https" ? "https" : "http";

  if ((method === "GET" || method === "HEAD") && staticFiles) {
    const file = staticFiles.lookup(pathname);
    if (file) return staticFiles.send(file, req, res);
  }

  let body: Buffer<ArrayBuffer> | undefined;
  if (BODY_METHODS.has(method)) {
    const origin = req.headers.origin ?? null;
    const referer = req.headers.referer ?? null;
    if (!isSameOrigin(origin, referer, host, protocol))
      return sendText(res, 403, "Forbidden: this form was sent from another site.");
    try {
      body = await readBody(req, bodyLimitFor(pathname, limits));
      // A staff list upload's multipart body is read by the import's own streaming parser, which
      // reports a broken form for what it is; parsing 20 MB here as well would hold up every request.
      const uploadForm = isUploadPath(pathname) && /^multipart\/form-data/i.test(req.headers["content-type"] ?? "");
      if (!uploadForm) await checkFormBody(body, req.headers["content-type"]);
    } catch (error) {
      if (!(error instanceof BodyRejected)) throw error;
      if (error.status === 413) await discardRest(req, DISCARD_AFTER_REFUSAL);
      return sendText(res, error.status, error.message, error.status === 413 ? { Connection: "close" } : {});
    }
  } else if (method !== "GET" && method !== "HEAD") {
    return sendText(res, 405, "Method not allowed.", { Allow: "GET, HEAD, POST" });
  }

  let url: URL;
  try {
    // Joined, not resolved: "//other.example/x" is a path on this host, not another host.
    url = new URL(`${protocol}://${host}${rawUrl}`);
  } catch {
    return sendText(res, 400, "Bad request.");
  }
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const request = new Request(url, { method, headers, body, signal: controller.signal });
  const context: AppLoadContext = {
    clientIp: clientAddress(req.headers["x-forwarded-for"], req.socket.remoteAddress, trustedHops),
    // A document request renders the page on the server; a .data request is Remix's own fetch
    // during client-side navigation and only wants the loader data.
    documentRequest: !url.pathname.endsWith(".data"),
  };
  const response = await handle(request, context);
  await sendResponse(response, req, res);
}

// ---------------------------------------------------------------------------------------------
// Start-up
//
// Built by esbuild into build/server.js beside the app's build (build/index.js). Whatever touches
// the database or the compliance figures is taken from the app's build (its entry module exports
// it), not imported here, so each worker holds one copy of those modules, not two.

type AppHooks = Pick<typeof AppEntry, "openDatabase" | "ensureComplianceCurrent" | "watchContentBuild">;

function workerCount(): number {
  const { WEB_CONCURRENCY, NODE_ENV } = env();
  if (WEB_CONCURRENCY) return WEB_CONCURRENCY;
  return NODE_ENV === "production" ? os.availableParallelism() : 1;
}

/**
 * Brings the compliance tables up to date off the request path. At a new day leavers, starters and
 * renewals falling due move on (about half a second at national scale), and changes the database
 * triggers noted are applied. When nothing changed, a check is two small reads, so every worker checks.
 */
function keepComplianceCurrent(ensureComplianceCurrent: AppHooks["ensureComplianceCurrent"], seconds: number) {
  const check = () => {
    try {
      ensureComplianceCurrent();
    } catch (error) {
      console.error("Could not bring the compliance figures up to date:", error);
    }
  };
  setTimeout(check, 1_000).unref();
  setInterval(check, seconds * 1_000).unref();
}

async function startWorker() {
  const config = env();
  // React and Remix read NODE_ENV themselves when first loaded: give them the mode env() settled on.
  process.env.NODE_ENV = config.NODE_ENV;
  const { createRequestHandler } = await import("@remix-run/node");
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const app = build.entry.module as unknown as AppHooks;
  try {
    app.openDatabase();
  } catch (error) {
    // Not fatal: the app retries on each request, and /healthz answers 503 meanwhile.
    console.error("Could not open the database:", error);
  }
  const listener = createListener({
    handle: createRequestHandler(build, build.mode),
    limits: { form: config.MAX_FORM_BYTES, upload: config.MAX_UPLOAD_BYTES },
    trustProxy: config.TRUST_PROXY,
    staticFiles: new StaticFiles(path.resolve("public")),
  });
  const server = http.createServer({ keepAliveTimeout: 65_000 }, listener);
  server.listen(config.PORT, config.HOST, () => {
    if (!cluster.isWorker)
      console.log(`Cyber Basics is listening on http://localhost:${config.PORT} (${config.NODE_ENV})`);
  });
  keepComplianceCurrent(app.ensureComplianceCurrent, config.COMPLIANCE_CHECK_SECONDS);
  app.watchContentBuild();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
}

/** Applies pending migrations once, before any worker opens the database. */
async function migrateFirst() {
  try {
    // Loaded here only: the primary serves nothing, so it does without the app's build.
    const { createDb, migrateDb } = await import("../db/client");
    const db = createDb(env().DATABASE_PATH);
    migrateDb(db);
    db.$client.close();
  } catch (error) {
    // The workers report it on every request (and /healthz answers 503) rather than not starting.
    console.error("Could not migrate the database:", error);
  }
}

async function startPrimary(count: number) {
  const config = env();
  await migrateFirst();
  let stopping = false;
  let listening = 0;
  const recentCrashes: number[] = [];
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", () => {
      if (++listening === count)
        console.log(
          `Cyber Basics is listening on http://localhost:${config.PORT} (${config.NODE_ENV}, ${count} workers)`,
        );
    });
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes.length > 0 && recentCrashes[0] < now - 60_000) recentCrashes.shift();
    if (recentCrashes.length > 10 * count) {
      console.error("Workers keep exiting; stopping.");
      process.exit(1);
    }
    console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    fork();
  });
  // A new content build: every worker loads it (each also notices it by itself within a second).
  process.on("SIGHUP", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGHUP");
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      for (const worker of workers) worker?.process.kill("SIGTERM");
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
        process.exit(0);
      }, 10_000).unref();
    });
  }
}

async function main() {
  if (process.argv.includes("--help")) {
    console.log(HELP);
    return;
  }
  if (cluster.isWorker) return startWorker();
  const count = workerCount();
  if (count === 1) return startWorker();
  await startPrimary(count);
}

// Imported by tests for its request handling; run (compiled) by npm start.
const invokedAs = process.argv[1] ? pathToFileURL(path.resolve(process.argv[1])).href : "";
if (invokedAs === import.meta.url) await main();
