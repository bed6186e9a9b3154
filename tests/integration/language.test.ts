import { describe, expect, it } from "vitest";
import { loader as rootLoader } from "~/root";
import { loader } from "~/routes/language";

const call = (url: string) => loader({ request: new Request(url), params: {}, context: {} }) as Promise<Response>;

describe("language switch", () => {
  it("sets the language cookie and returns to the page", async () => {
    const response = await call("http://localhost/language?to=cy&returnTo=%2Fprivacy");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/privacy");
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^lng=/);

    const root = await rootLoader({ request: new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0] } }), params: {}, context: {} });
    expect(root.language).toBe("cy");
  });

  it("never redirects to another site", async () => {
    const response = await call("http://localhost/language?to=cy&returnTo=https%3A%2F%2Fevil.example");
    expect(response.headers.get("Location")).toBe("/");
  });

  it("ignores a language it does not support", async () => {
    const response = await call("http://localhost/language?to=fr&returnTo=%2F");
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("follows Accept-Language when nobody has chosen, then falls back to English", async () => {
    const welsh = await rootLoader({ request: new Request("http://localhost/", { headers: { "Accept-Language": "cy,en;q=0.5" } }), params: {}, context: {} });
    expect(welsh.language).toBe("cy");
    const other = await rootLoader({ request: new Request("http://localhost/", { headers: { "Accept-Language": "fr" } }), params: {}, context: {} });
    expect(other.language).toBe("en-GB");
  });
});
