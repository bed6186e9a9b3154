import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { checkContent, formatCoverage } from "~/content/check.server";

const FIXTURES = "tests/fixtures/content";
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "cb-content-cache-"));
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

interface Expected {
  file: string;
  line: number;
  message: RegExp;
}

/** One folder per kind of broken module; each should fail with exactly these errors. */
const BROKEN: [string, Expected[]][] = [
  ["missing-frontmatter-field", [{ file: "module.md", line: 2, message: /`minutes` is missing/ }]],
  ["invalid-frontmatter-field", [{ file: "module.md", line: 6, message: /`version` must be major\.minor\.patch/ }]],
  [
    "no-correct-answer",
    [{ file: "quiz.yaml", line: 19, message: /Question `second` has no option marked `correct: true`/ }],
  ],
  [
    "duplicate-question-ids",
    [{ file: "quiz.yaml", line: 15, message: /Question id `first` is used twice \(first on line 4\)/ }],
  ],
  [
    "duplicate-option-ids",
    [{ file: "quiz.yaml", line: 12, message: /Question `first`: option id `a` is used twice \(first on line 8\)/ }],
  ],
  [
    "option-without-explanation",
    [{ file: "quiz.yaml", line: 12, message: /`explanation` of question `first`, option `b` is missing/ }],
  ],
  [
    "untested-outcome",
    [{ file: "module.md", line: 14, message: /Learning outcome `report-it` is not tested by any question/ }],
  ],
  [
    "unknown-outcome",
    [
      {
        file: "quiz.yaml",
        line: 16,
        message: /Question `second` tests outcome `report-it-now`, which module\.md does not list/,
      },
      { file: "module.md", line: 14, message: /Learning outcome `report-it` is not tested/ },
    ],
  ],
  ["figure-without-alt", [{ file: "01-only-page.mdx", line: 9, message: /<Figure> needs alt text/ }]],
  [
    "markdown-image-without-alt",
    [{ file: "01-only-page.mdx", line: 9, message: /The image `lock\.png` has no alt text/ }],
  ],
  [
    "link-to-missing-module",
    [
      {
        file: "01-only-page.mdx",
        line: 9,
        message: /`\/learn\/no-such-module` goes to a module `no-such-module` that does not exist/,
      },
    ],
  ],
  [
    "link-to-missing-page",
    [{ file: "01-only-page.mdx", line: 9, message: /goes to page 3 of `sample-module`, which has 1 page\./ }],
  ],
  [
    "mdx-does-not-compile",
    [{ file: "01-only-page.mdx", line: 9, message: /cannot be read: Expected a closing tag for `<Inset>`/ }],
  ],
  ["unknown-component", [{ file: "01-only-page.mdx", line: 9, message: /Unknown component <Video>/ }]],
  [
    "welsh-quiz-differs",
    [
      { file: "quiz.cy.yaml", line: 5, message: /Question `first` tests `report-it` here but `spot-signs` in English/ },
      { file: "quiz.cy.yaml", line: 19, message: /option `a` is not marked correct here but is in English/ },
      { file: "quiz.cy.yaml", line: 24, message: /option `b` is marked correct here but not in English/ },
    ],
  ],
  [
    "welsh-outcomes-differ",
    [{ file: "module.cy.md", line: 7, message: /expected spot-signs, report-it; found spot-signs, report-suspicious/ }],
  ],
  [
    "too-many-questions-per-attempt",
    [{ file: "quiz.yaml", line: 2, message: /`questionsPerAttempt` is 5 but the bank has only 2 questions/ }],
  ],
  ["pass-mark-out-of-range", [{ file: "quiz.yaml", line: 1, message: /`passMark` must be at least 1/ }]],
  [
    "unknown-option-fields",
    [
      {
        file: "quiz.yaml",
        line: 15,
        message: /^Unknown field `answer` in question `first`, option `b`\. Did you mean `correct`\?$/,
      },
      {
        file: "quiz.yaml",
        line: 16,
        message: /^Unknown field `why` in question `first`, option `b`\. Did you mean `explanation`\?$/,
      },
    ],
  ],
  [
    "unknown-question-field",
    [
      {
        file: "quiz.yaml",
        line: 7,
        message: /^Unknown field `hint` in question `first`\. The fields here are: id, outcome, text, options\.$/,
      },
    ],
  ],
  [
    "unknown-frontmatter-field",
    [{ file: "module.md", line: 9, message: /^Unknown field `audiance`\. Did you mean `audience`\?$/ }],
  ],
  [
    "yaml-colon-in-text",
    [
      {
        file: "quiz.yaml",
        line: 17,
        message:
          /^The YAML cannot be read: Nested mappings are not allowed in compact mappings\. Text that contains a colon and a space must be in quotes\.$/,
      },
    ],
  ],
  [
    "yaml-indented-field",
    [
      {
        file: "module.md",
        line: 4,
        message: /^The YAML cannot be read: Nested mappings are not allowed in compact mappings\.$/,
      },
    ],
  ],
  [
    "yaml-bad-indent",
    [{ file: "quiz.yaml", line: 17, message: /^The YAML cannot be read: Sequence item without - indicator\.$/ }],
  ],
  [
    "welsh-question-missing",
    [{ file: "quiz.cy.yaml", line: 4, message: /^Question `second` is missing from quiz\.cy\.yaml\.$/ }],
  ],
  [
    "link-to-missing-route",
    [{ file: "01-only-page.mdx", line: 9, message: /^The link `\/moduls` goes to a page this site does not have\.$/ }],
  ],
  [
    "link-to-mistyped-quiz",
    [
      {
        file: "01-only-page.mdx",
        line: 9,
        message:
          /^The link `\/learn\/sample-module\/quizz` is not a page of `sample-module`: .*the quiz is \/learn\/sample-module\/quiz\.$/,
      },
    ],
  ],
  [
    "version-leading-zero",
    [{ file: "module.md", line: 6, message: /`version` must be major\.minor\.patch without leading zeros/ }],
  ],
];

describe("content check", () => {
  it("finds nothing wrong with the valid module", async () => {
    const result = await checkContent({ dir: `${FIXTURES}/valid`, cacheDir });
    expect(result.problems).toEqual([]);
    expect(result.modules.map((m) => m.slug)).toEqual(["password-basics"]);
  });

  it("has a fixture for every kind of problem listed here, and no other", () => {
    expect(fs.readdirSync(`${FIXTURES}/invalid`).sort()).toEqual(BROKEN.map(([kind]) => kind).sort());
  });

  it.each(BROKEN)("reports %s with its file, line and reason", async (kind, expected) => {
    const dir = `${FIXTURES}/invalid/${kind}`;
    const result = await checkContent({ dir, cacheDir });
    const errors = result.problems.filter((p) => p.severity === "error");
    expect(errors).toHaveLength(expected.length);
    for (const { file, line, message } of expected) {
      expect(errors).toContainEqual(
        expect.objectContaining({
          file: path.join(dir, "sample-module", file),
          line,
          message: expect.stringMatching(message),
        }),
      );
    }
  });

  it("shows which parts of each module are in Welsh", async () => {
    const result = await checkContent({ dir: `${FIXTURES}/valid`, cacheDir });
    expect(formatCoverage(result.modules)).toMatch(/^password-basics\s+yes\s+1:yes 2:no\s+yes\s+awaiting-review$/m);
  });
});

describe("npm run content:check", () => {
  const run = promisify(execFile);
  const tsx = path.resolve("node_modules/.bin/tsx");

  it("exits 1 and prints file:line: reason for a broken module", async () => {
    const dir = `${FIXTURES}/invalid/no-correct-answer`;
    const failure = await run(tsx, ["scripts/check-content.ts", "--dir", dir]).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(
      `${dir}/sample-module/quiz.yaml:19: error: Question \`second\` has no option marked \`correct: true\`.`,
    );
    expect(failure?.stdout).toMatch(/1 module checked: 1 error, \d+ warnings?\./);
  });

  it("exits 0 for valid content and prints the Welsh coverage", async () => {
    const { stdout } = await run(tsx, ["scripts/check-content.ts", "--dir", `${FIXTURES}/valid`]);
    expect(stdout).toContain("0 errors");
    expect(stdout).toContain("Welsh translation coverage");
  });
});

describe("quiz bank rules", () => {
  function moduleWith(quiz: string, pages: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cb-bank-"));
    const module = path.join(dir, "sample-module");
    fs.mkdirSync(module);
    for (const name of ["module.md", "01-only-page.mdx"])
      fs.copyFileSync(`${FIXTURES}/invalid/figure-without-alt/sample-module/${name}`, path.join(module, name));
    fs.writeFileSync(
      path.join(module, "01-only-page.mdx"),
      pages["01-only-page.mdx"] ?? "---\ntitle: Only page\noutcomes: [spot-signs, report-it]\n---\n\nText.\n",
    );
    fs.writeFileSync(path.join(module, "quiz.yaml"), quiz);
    return { dir, file: path.join(module, "quiz.yaml") };
  }
  const question = (id: string, outcome: string) =>
    `  - id: ${id}\n    outcome: ${outcome}\n    text: What do you do?\n    options:\n      - id: a\n        text: Report it\n        correct: true\n        explanation: Right.\n      - id: b\n        text: Ignore it\n        explanation: Wrong.\n`;
  const bank = (perAttempt: number, outcomes: string[]) =>
    `passMark: 80\nquestionsPerAttempt: ${perAttempt}\nquestions:\n${outcomes.map((o, i) => question(`q${i + 1}`, o)).join("")}`;

  it("refuses a bank smaller than 2.5 times the questions drawn", async () => {
    const { dir, file } = moduleWith(
      bank(4, [
        "spot-signs",
        "spot-signs",
        "report-it",
        "report-it",
        "spot-signs",
        "report-it",
        "spot-signs",
        "report-it",
        "report-it",
      ]),
    );
    const result = await checkContent({ dir, cacheDir });
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([
      expect.objectContaining({
        file: path.relative(process.cwd(), file),
        line: 4,
        message: expect.stringMatching(/has 9 questions but needs at least 10 \(2\.5 × the 4 drawn\)/),
      }),
    ]);
  });

  it("refuses a bank where an outcome has too few questions to fill its share of an attempt", async () => {
    const { dir } = moduleWith(
      bank(4, [
        "spot-signs",
        "spot-signs",
        "spot-signs",
        "spot-signs",
        "spot-signs",
        "spot-signs",
        "spot-signs",
        "spot-signs",
        "spot-signs",
        "report-it",
      ]),
    );
    const result = await checkContent({ dir, cacheDir });
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([
      expect.objectContaining({
        line: 104,
        message: expect.stringMatching(
          /Outcome `report-it` has 1 question; an attempt can draw 2 for it \(4 questions over 2 outcomes\), so it needs at least 2/,
        ),
      }),
    ]);
  });

  it("refuses a draw too small to test every outcome, and accepts a balanced bank", async () => {
    const small = moduleWith(bank(1, ["spot-signs", "report-it", "spot-signs"]));
    expect((await checkContent({ dir: small.dir, cacheDir })).problems.filter((p) => p.severity === "error")).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringMatching(/`questionsPerAttempt` is 1 but module\.md lists 2 learning outcomes/),
      }),
    ]);
    const balanced = moduleWith(bank(2, ["spot-signs", "report-it", "spot-signs", "report-it", "spot-signs"]));
    expect((await checkContent({ dir: balanced.dir, cacheDir })).problems).toEqual([]);
  });

  it("refuses a wrong option's explanation that gives the right answer away, by phrase or by quoting it", async () => {
    const balanced = bank(2, ["spot-signs", "report-it", "spot-signs", "report-it", "spot-signs"]);
    const phrase = moduleWith(
      balanced.replace("explanation: Wrong.", "explanation: No. The correct answer is to tell someone."),
    );
    const quoted = moduleWith(
      balanced
        .replaceAll("text: Report it", "text: Report it to the service desk")
        .replace("explanation: Wrong.", "explanation: Ignoring it helps nobody. Report it to the service desk today."),
    );
    const errors = async (dir: string) =>
      (await checkContent({ dir, cacheDir })).problems
        .filter((p) => p.severity === "error")
        .map((p) => [p.line, p.message]);
    expect(await errors(phrase.dir)).toEqual([
      [14, expect.stringMatching(/wrong option `b` in question `q1` points to the right answer/)],
    ]);
    expect(await errors(quoted.dir)).toEqual([
      [14, expect.stringMatching(/wrong option `b` in question `q1` quotes the right option's text/)],
    ]);
  });

  it("checks the outcomes a page says it teaches, and warns about an outcome no page teaches", async () => {
    const { dir } = moduleWith(bank(2, ["spot-signs", "report-it", "spot-signs", "report-it", "spot-signs"]), {
      "01-only-page.mdx": "---\ntitle: Only page\noutcomes: [spot-signs, report-it-now]\n---\n\nText.\n",
    });
    const result = await checkContent({ dir, cacheDir });
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: "error",
        line: 3,
        message: expect.stringMatching(/The page teaches outcome `report-it-now`, which module\.md does not list/),
      }),
      expect.objectContaining({
        severity: "warning",
        message: expect.stringMatching(/Learning outcome `report-it` is in no lesson page's `outcomes`/),
      }),
    ]);
  });
});

describe("Welsh terminology", () => {
  const base = `${FIXTURES}/terminology`;

  it("refuses an avoided word in Welsh content and Welsh UI strings, with its file, line and column", async () => {
    const result = await checkContent({ dir: `${base}/modules`, cacheDir, welshLocalesDir: `${base}/locales-cy` });
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([
      {
        severity: "error",
        file: `${base}/modules/password-basics/01-choosing-a-password.cy.mdx`,
        line: 21,
        column: 5,
        message: `"Ffishio" is not the agreed Welsh for "phishing": use "gwe-rwydo" (${base}/welsh-terminology.yaml; it avoids "ffishio").`,
      },
      {
        severity: "error",
        file: `${base}/locales-cy/common.json`,
        line: 4,
        column: 24,
        message: `"Cyber Basics" is not the agreed Welsh for "Cyber Basics": use "Hanfodion Seiber" (${base}/welsh-terminology.yaml; it avoids "Cyber Basics").`,
      },
    ]);
  });

  it("refuses a terminology list that is not in the agreed format", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cb-terms-"));
    fs.mkdirSync(path.join(dir, "modules"));
    fs.writeFileSync(
      path.join(dir, "welsh-terminology.yaml"),
      "- en: phishing\n  cy: gwe-rwydo\n- en: phishing\n  welsh: gwe-rwydo\n",
    );
    const result = await checkContent({ dir: path.join(dir, "modules"), cacheDir });
    expect(result.errorCount).toBeGreaterThan(0);
    expect(result.problems.map((p) => p.message).join("\n")).toMatch(/`\[1\]\.cy` is missing|unknown field/i);
  });

  it("finds no avoided word in the real Welsh UI strings", async () => {
    const { checkWelshTerminology, welshLocaleFiles } = await import("~/content/check-welsh-terminology.server");
    const terms = [{ en: "Cyber Basics", cy: "Hanfodion Seiber", avoid: ["Cyber Basics"] }];
    expect(checkWelshTerminology(terms, welshLocaleFiles("app/i18n/locales/cy"), "terms.yaml")).toEqual([]);
  });
});
