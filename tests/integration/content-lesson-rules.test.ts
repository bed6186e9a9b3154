import { describe, expect, it } from "vitest";
import { compileLesson } from "~/content/compile.server";
import { renderLesson } from "~/content/render.server";

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

  it("refuses imports, inline styles, event handlers and HTML blocks, all in one pass", async () => {
    const found = await findings(
      'import x from "./x.js"\n\n<span style={{ color: "red" }}>Red</span>\n\n<strong onClick="alert(1)">Hi</strong>\n\n<iframe src="https://example.com" />',
    );
    expect(found).toEqual([
      expect.stringMatching(/^5: error: Imports and exports are not allowed/),
      expect.stringMatching(/^7: error: <span> has no prop `style`/),
      expect.stringMatching(/^9: error: <strong> has no prop `onClick`/),
      expect.stringMatching(/^11: error: HTML element <iframe> is not allowed/),
    ]);
  });

  it("refuses every expression, and accepts only quoted text, numbers and lists of quoted text as values", async () => {
    expect(await findings("Home is {process.env.HOME}.\n\n{1 + 1}")).toEqual([
      expect.stringMatching(/^5: error: `\{\.\.\.\}` is code/),
      expect.stringMatching(/^7: error: `\{\.\.\.\}` is code/),
    ]);
    expect(await findings('<Warning heading={"Quoted"}>A.</Warning>\n\n<DoDont do={["One", "Two"]} />')).toEqual([]);
    expect(await findings("<DoDont do={[process.env.HOME]} />")).toEqual([
      expect.stringMatching(/^5: error: <DoDont> prop `do` must be text in quotes/),
    ]);
  });

  it("accepts https, mailto, tel, site paths and fragments, and refuses every other address", async () => {
    expect(
      await findings("[a](https://www.nhs.uk) [b](mailto:dpo@nhs.example) [c](tel:111) [d](#top) [e](/learn/x)"),
    ).toEqual([]);
    expect(
      await findings("[a](JavaScript:alert(1)) [b](vbscript:x) [c](ftp://x.example) [d](/\\evil.example)"),
    ).toEqual([
      expect.stringMatching(/^5: error: The link `JavaScript:alert\(1\)` uses `javascript:`/),
      expect.stringMatching(/^5: error: The link `vbscript:x` uses `vbscript:`/),
      expect.stringMatching(/^5: error: The link `ftp:\/\/x\.example` uses `ftp:`/),
      expect.stringMatching(/^5: error: The link `\/\\evil\.example` starts with \/\/ and would go to another site/),
    ]);
  });

  it("checks component props and where components may be used", async () => {
    const found = await findings(
      '<Scenario setting="moon-base">Where?<Answer>Here.</Answer></Scenario>\n\n<DoDont colour="red" />',
    );
    expect(found).toEqual([
      expect.stringMatching(/^5: error: <Scenario>: `setting` must be one of: acute-ward, .* \(found "moon-base"\)/),
      expect.stringMatching(/^7: error: <DoDont> has no prop `colour`/),
    ]);
    const placed = await findings(
      '<Scenario setting="office">Where?</Scenario>\n\n<Answer>Alone.</Answer>\n\nA <Flag reason="Loose">flag</Flag>.\n\n<MockEmail from="Bank" address="help@bank.co.uk" subject="Hi">Hello</MockEmail>',
    );
    expect(placed).toEqual([
      expect.stringMatching(/^5: error: <Scenario> needs exactly one <Answer> \(found 0\)/),
      expect.stringMatching(/^7: error: <Answer> must be inside a <Scenario>/),
      expect.stringMatching(/^9: error: <Flag> must be inside a <MockEmail> or <MockText>/),
      expect.stringMatching(/^11: warning: <MockEmail> address "help@bank.co.uk" is not a \.example address/),
    ]);
  });

  it("reports where a lesson cannot be read, with the parser's reason and a hint", async () => {
    expect(await findings("Costs {about 5} pounds.")).toEqual([
      expect.stringMatching(
        /^5: error: The lesson cannot be read: Could not parse expression with acorn\. .*write \\\{ or &lt;/,
      ),
    ]);
  });

  it("allows a Markdown quotation and shows it in the NHS inset text style", async () => {
    const compiled = await compileLesson("---\n\n---\n\n> Never share your password.\n", process.cwd());
    expect(compiled.findings).toEqual([]);
    expect(renderLesson(compiled.code!, "sample", "en-GB")).toContain(
      '<blockquote class="nhsuk-inset-text app-quote">\n<p>Never share your password.</p>\n</blockquote>',
    );
  });
});
