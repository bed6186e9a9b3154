import { describe, expect, it } from "vitest";
import { localeFiles } from "~/i18n/resources";

function keysOf(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keysOf(value, prefix ? `${prefix}.${key}` : key));
}

function valueAt(node: unknown, key: string): string {
  return String(key.split(".").reduce<unknown>((n, part) => (n as Record<string, unknown>)[part], node));
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{(\w+)\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join();

describe.each(Object.keys(localeFiles["en-GB"]) as Array<keyof (typeof localeFiles)["en-GB"]>)(
  "translations: %s",
  (area) => {
    const en = localeFiles["en-GB"][area];
    const cy = localeFiles.cy[area];
    const english = keysOf(en);
    const welsh = keysOf(cy);

    it("has every English key in Welsh", () => {
      expect(english.filter((k) => !welsh.includes(k))).toEqual([]);
    });

    it("has no Welsh key that English lacks", () => {
      expect(welsh.filter((k) => !english.includes(k))).toEqual([]);
    });

    it("uses the same {{placeholders}} in both languages", () => {
      expect(english.filter((k) => placeholders(valueAt(en, k)) !== placeholders(valueAt(cy, k)))).toEqual([]);
    });

    it("has no empty strings", () => {
      const empty = [...english.map((k) => valueAt(en, k)), ...welsh.map((k) => valueAt(cy, k))].filter(
        (v) => v.trim() === "",
      );
      expect(empty).toEqual([]);
    });
  },
);

describe("locale files", () => {
  it("each own distinct top-level keys, so merging them loses nothing", () => {
    const tops = Object.values(localeFiles["en-GB"]).flatMap((file) => Object.keys(file));
    expect(tops.length).toBe(new Set(tops).size);
  });
});
