import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const AREAS = ["data-security-awareness", "the-law", "threats", "breaches-incidents", "good-poor-practice"];
const modulesDir = path.resolve("content/modules");

function level1AreasBySlug(): Map<string, string[]> {
  return new Map(
    fs.readdirSync(modulesDir).map((slug) => {
      const frontmatter = fs.readFileSync(path.join(modulesDir, slug, "module.md"), "utf8").split(/^---$/m)[1];
      return [slug, (parse(frontmatter) as { level1Areas: string[] }).level1Areas];
    }),
  );
}

function tableInReadme(): Map<string, string[]> {
  const readme = fs.readFileSync(path.resolve("content/README.md"), "utf8");
  const rows = readme.split("\n").filter((line) => /^\| .* \| `[a-z-]+` \| /.test(line));
  return new Map(
    rows.map((row) => [
      row.match(/`([a-z-]+)`/)![1],
      [...row.matchAll(/\(modules\/([a-z-]+)\)/g)].map((m) => m[1]).sort(),
    ]),
  );
}

describe("Data Security Awareness Level 1 coverage", () => {
  it("every Level 1 area is taught by at least one module", () => {
    const taught = new Set([...level1AreasBySlug().values()].flat());
    expect(AREAS.filter((area) => !taught.has(area))).toEqual([]);
  });

  it("the table in content/README.md matches what the modules say they teach", () => {
    const modules = level1AreasBySlug();
    const table = tableInReadme();
    expect([...table.keys()].sort()).toEqual([...AREAS].sort());
    for (const area of AREAS) {
      const expected = [...modules]
        .filter(([, areas]) => areas.includes(area))
        .map(([slug]) => slug)
        .sort();
      expect(table.get(area), area).toEqual(expected);
    }
  });
});
