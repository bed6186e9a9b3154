import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { env } from "../app/env.server";
import { isSameOrigin } from "../app/utils/same-origin";

const HELP = `Usage: tsx scripts/serve.ts

Serves the built app (build/index.js) on PORT (default 3000): static files with long
cache lifetimes for fingerprinted assets, every non-GET request checked for a matching
Origin, request bodies limited in size, and the client's address passed to loaders.`;

if (process.argv.includes("--help")) {
  console.log(HELP);
  process.exit(0);
}

const config = env();
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const app = express();
app.disable("x-powered-by");
app.set("trust proxy", config.TRUST_PROXY);

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  if (!isSameOrigin(req.get("origin") ?? null, req.get("referer") ?? null, req.get("host") ?? null)) {
    res.status(403).type("text/plain").send("Forbidden: this form was sent from another site.");
    return;
  }
  const limit = req.path.endsWith("/import") ? config.MAX_UPLOAD_BYTES : config.MAX_FORM_BYTES;
  const declared = Number(req.get("content-length") ?? "0");
  if (declared > limit) {
    res.status(413).type("text/plain").send(`The request is too large: the limit is ${limit} bytes.`);
    return;
  }
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req) => ({ clientIp: req.ip ?? "unknown" }),
  }),
);

const server = app.listen(config.PORT, () => {
  console.log(`Cyber Basics is listening on http://localhost:${config.PORT}`);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
