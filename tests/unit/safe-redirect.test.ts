import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/utils/safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/my-training", "/my-training"],
    ["/learn/phishing?page=2", "/learn/phishing?page=2"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/ok\nSet-Cookie: x", "/"],
    ["", "/"],
    [null, "/"],
    ["/modules?q=Wiśniewski", "/modules?q=Wi%C5%9Bniewski"],
    ["/.//evil.example", "/"],
  ])("%s goes to %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it("returns something a Location header can hold", () => {
    expect(() => new Headers({ Location: safeRedirect("/modules?q=Wiśniewski#Łódź") })).not.toThrow();
  });
});
