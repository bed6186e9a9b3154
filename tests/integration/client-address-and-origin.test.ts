import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress } from "~/utils/client-address";
import { createListener } from "../../scripts/serve";

/**
 * scripts/serve.ts's request handling in front of a handler that reports what it was given: which
 * client address a loader sees behind proxies, which form posts reach the app at all, and the
 * caching headers on answers to signed-in browsers.
 */

const servers: http.Server[] = [];
const seen: Array<{ clientIp: string; method: string }> = [];

async function serve(
  trustProxy: boolean | number,
  answer: (request: Request) => Response = () => new Response("ok"),
): Promise<string> {
  const handle = async (request: Request, context: AppLoadContext) => {
    seen.push({ clientIp: context.clientIp, method: request.method });
    return answer(request);
  };
  const server = http.createServer(createListener({ handle, limits: { form: 10_000, upload: 10_000 }, trustProxy }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A raw request, so Host, Origin and Referer are exactly what the test says. */
function send(
  address: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const [hostname, port] = address.split(":");
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port: Number(port),
        method: options.method ?? "GET",
        path: options.path ?? "/",
        headers: options.headers,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

async function seenAddress(address: string, headers: Record<string, string>): Promise<string> {
  await send(address, { headers });
  return seen.at(-1)!.clientIp;
}

describe("the client address behind reverse proxies", () => {
  let direct: string;
  let oneProxy: string;
  let twoProxies: string;
  beforeAll(async () => {
    direct = await serve(false);
    oneProxy = await serve(true);
    twoProxies = await serve(2);
  });

  it("without TRUST_PROXY, ignores X-Forwarded-For", async () => {
    expect(await seenAddress(direct, { "X-Forwarded-For": "198.51.100.9" })).toBe("127.0.0.1");
  });

  it("behind one proxy, takes the entry the proxy added, never one the client wrote", async () => {
    // The client sent "X-Forwarded-For: 10.0.0.1, 192.0.2.1" itself; nginx appended the address it saw.
    expect(await seenAddress(oneProxy, { "X-Forwarded-For": "10.0.0.1, 192.0.2.1, 203.0.113.7" })).toBe("203.0.113.7");
    expect(await seenAddress(oneProxy, { "X-Forwarded-For": "203.0.113.8" })).toBe("203.0.113.8");
  });

  it("behind two proxies, skips the first proxy's own entry", async () => {
    expect(await seenAddress(twoProxies, { "X-Forwarded-For": "10.0.0.1, 203.0.113.9, 172.16.0.2" })).toBe(
      "203.0.113.9",
    );
  });

  it("works the rule out from the header alone", () => {
    expect(clientAddress(["1.1.1.1, 2.2.2.2", "3.3.3.3"], "10.0.0.2", 1)).toBe("3.3.3.3");
    expect(clientAddress(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
    expect(clientAddress("203.0.113.1", "10.0.0.2", 3)).toBe("203.0.113.1");
  });
});

describe("the Origin check on form posts", () => {
  let site: string;
  beforeAll(async () => {
    site = await serve(false);
  });
  const post = (headers: Record<string, string>) =>
    send(site, {
      method: "POST",
      path: "/sign-in",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: "email=a%40b.example",
    });

  it("lets a post from this site through, whatever the case of scheme and host", async () => {
    const port = site.split(":")[1];
    expect((await post({ Host: `LOCALHOST:${port}`, Origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await post({ Host: `localhost:${port}`, Origin: `HTTP://LocalHost:${port}` })).status).toBe(200);
    expect((await post({ Host: `localhost:${port}`, Referer: `http://localhost:${port}/sign-in` })).status).toBe(200);
  });

  it("refuses the same host under another scheme", async () => {
    const port = site.split(":")[1];
    const before = seen.length;
    expect((await post({ Host: `localhost:${port}`, Origin: `https://localhost:${port}` })).status).toBe(403);
    expect(seen.length).toBe(before);
  });

  it("refuses Origin: null with 403, even with a Referer from this site", async () => {
    const port = site.split(":")[1];
    const before = seen.length;
    const result = await post({
      Host: `localhost:${port}`,
      Origin: "null",
      Referer: `http://localhost:${port}/sign-in`,
    });
    expect(result.status).toBe(403);
    expect(seen.length).toBe(before);
  });
});

describe("caching of signed-in answers", () => {
  let site: string;
  beforeAll(async () => {
    site = await serve(
      false,
      (request) =>
        new Response("staff list", {
          headers: {
            "Content-Type": request.url.endsWith(".csv") ? "text/csv" : "text/html",
            "Cache-Control": "private, max-age=60",
          },
        }),
    );
  });

  it("sends Cache-Control: no-store on every answer to a signed-in browser, downloads included", async () => {
    for (const path of ["/manage/XA1/staff", "/manage/XA1/export/staff.csv", "/"]) {
      const result = await send(site, { path, headers: { Cookie: "lng=en-GB; cb_session=abc123" } });
      expect(result.headers["cache-control"], path).toBe("no-store");
    }
  });

  it("leaves public answers to a browser that is not signed in as they were", async () => {
    const result = await send(site, { path: "/", headers: { Cookie: "lng=cy; cb_session=" } });
    expect(result.headers["cache-control"]).toBe("private, max-age=60");
  });
});
