import { describe, expect, it } from "vitest";
import { compileLesson } from "~/content/compile.server";

/** The rules only a parsed lesson shows, checked on small lessons written here. */
async function findings(body: string) {
  const compiled = await compileLesson(`---\n\n---\n\n${body}\n`, process.cwd());
  return compiled.findings.map((f) => `${f.line}: ${f.severity}: ${f.message}`);
}

describe("lesson rules", () => {
  it("accepts the components used as documented", async () => {
    expect(
      await findings(
        '## Part\n\n<Warning>Careful.</Warning>\n\n<DoDont dont={["Share it"]} />\n\n<Scenario setting="office">What now?<Answer>Report it.</Answer></Scenario>\n\nAn <abbr title="information technology">IT</abbr> team.',
      ),
    ).toEqual([]);
  });

  it("refuses a top-level heading and warns about a skipped level", async () => {
    expect(await findings("# Title again\n\n## Part\n\n#### Too deep")).toEqual([
      expect.stringMatching(/^5: error: Start headings at `##`/),
      expect.stringMatching(/^9: warning: This heading jumps from level 2 to level 4: use ###/),
    ]);
  });

  it("refuses imports, inline styles, event handlers and HTML blocks", async () => {
    const found = await findings('import x from "./x.js"\n\n<span style={{ color: "red" }}>Red</span>\n\n<strong onClick="alert(1)">Hi</strong>\n\n<iframe src="https://example.com" />');
    expect(found).toEqual([
      expect.stringMatching(/^5: error: Imports and exports are not allowed/),
      expect.stringMatching(/^7: error: <span> has a style attribute/),
      expect.stringMatching(/^9: error: <strong> has an event handler \(onClick\)/),
      expect.stringMatching(/^11: error: HTML element <iframe> is not allowed/),
    ]);
  });

  it("checks component props and where components may be used", async () => {
    const found = await findings(
      '<Scenario setting="moon-base">Where?</Scenario>\n\n<Answer>Alone.</Answer>\n\nA <Flag reason="Loose">flag</Flag>.\n\n<DoDont colour="red" />\n\n<MockEmail from="Bank" address="help@bank.co.uk" subject="Hi">Hello</MockEmail>',
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^5: error: <Scenario>: `setting` must be one of: acute-ward, .* \(found "moon-base"\)/),
        expect.stringMatching(/^5: error: <Scenario> needs exactly one <Answer> \(found 0\)/),
        expect.stringMatching(/^7: error: <Answer> must be inside a <Scenario>/),
        expect.stringMatching(/^9: error: <Flag> must be inside a <MockEmail> or <MockText>/),
        expect.stringMatching(/^11: error: <DoDont> has no prop `colour`/),
        expect.stringMatching(/^13: warning: <MockEmail> address "help@bank.co.uk" is not a \.example address/),
      ]),
    );
  });

  it("reports where a lesson does not compile, with a hint", async () => {
    expect(await findings("Costs {about 5} pounds.")).toEqual([expect.stringMatching(/^5: error: The lesson does not compile: .*write \\\{ or &lt;/)]);
  });
});
