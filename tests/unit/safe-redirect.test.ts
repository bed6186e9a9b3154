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
  ])("%s goes to %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
