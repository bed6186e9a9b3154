import { describe, expect, it } from "vitest";
import { loader as rootLoader } from "~/root";
import { loader } from "~/routes/language";
import { callRoute } from "../support/routes";

describe("language switch", () => {
  it("sets the language cookie and returns to the page", async () => {
    const response = await callRoute(loader, { path: "/language?to=cy&returnTo=%2Fprivacy" });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/privacy");
    expect(response.cookies[0]).toMatch(/^lng=/);

    const root = await callRoute(rootLoader, { cookie: response.cookies[0] });
    expect(root.data.language).toBe("cy");
  });

  it("never redirects to another site", async () => {
    const response = await callRoute(loader, { path: "/language?to=cy&returnTo=https%3A%2F%2Fevil.example" });
    expect(response.location).toBe("/");
  });

  it("ignores a language it does not support", async () => {
    const response = await callRoute(loader, { path: "/language?to=fr&returnTo=%2F" });
    expect(response.cookies).toEqual([]);
  });

  it("follows Accept-Language when nobody has chosen, then falls back to English", async () => {
    const welsh = await callRoute(rootLoader, { headers: { "Accept-Language": "cy,en;q=0.5" } });
    expect(welsh.data.language).toBe("cy");
    const other = await callRoute(rootLoader, { headers: { "Accept-Language": "fr" } });
    expect(other.data.language).toBe("en-GB");
  });
});
