import { describe, expect, it } from "vitest";
import cy from "~/i18n/locales/cy.json";
import en from "~/i18n/locales/en-GB.json";

function keysOf(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keysOf(value, prefix ? `${prefix}.${key}` : key));
}

function interpolationsOf(node: unknown, key: string): string[] {
  const value = key.split(".").reduce<unknown>((n, part) => (n as Record<string, unknown>)[part], node);
  return [...String(value).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
}

describe("translations", () => {
  const english = keysOf(en);
  const welsh = keysOf(cy);

  it("has every English key in Welsh", () => {
    expect(english.filter((k) => !welsh.includes(k))).toEqual([]);
  });

  it("has no Welsh key that English lacks", () => {
    expect(welsh.filter((k) => !english.includes(k))).toEqual([]);
  });

  it("uses the same {{placeholders}} in both languages", () => {
    const mismatched = english.filter((k) => interpolationsOf(en, k).join() !== interpolationsOf(cy, k).join());
    expect(mismatched).toEqual([]);
  });

  it("has no empty strings", () => {
    const empty = [...english.map((k) => ["en-GB", k, en] as const), ...welsh.map((k) => ["cy", k, cy] as const)]
      .filter(([, k, res]) => interpolationsOf(res, k).length === 0 && String(k.split(".").reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], res)).trim() === "")
      .map(([lng, k]) => `${lng}:${k}`);
    expect(empty).toEqual([]);
  });
});
