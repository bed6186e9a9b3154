import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { SLUG_PATTERN } from "./schemas.server";

/**
 * `npm run content:new -- <slug> "<title>"`: a module folder that passes the check as it stands,
 * with text for the author to replace: module.md, one lesson page and a three-question quiz.yaml,
 * and with `welsh` the Welsh files beside them, marked as awaiting review.
 */

export interface NewModuleOptions {
  dir: string;
  slug: string;
  title: string;
  welsh?: boolean;
  today?: string;
}

function frontmatter(data: Record<string, unknown>): string {
  return `---\n${stringify(data, { lineWidth: 0 })}---\n`;
}

/** The next free `order`: after every module already in the folder. */
function nextOrder(dir: string): number {
  let highest = 0;
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    if (!entry.isDirectory()) continue;
    const text = fs.existsSync(path.join(dir, entry.name, "module.md")) ? fs.readFileSync(path.join(dir, entry.name, "module.md"), "utf8") : "";
    const order = Number(/^order:\s*(\d+)/m.exec(text)?.[1] ?? 0);
    highest = Math.max(highest, order);
  }
  return highest + 1;
}

function quiz(language: "en" | "cy") {
  const words = language === "en" ? { q: "Question", o: "Option", right: "The right answer.", wrong: "A wrong answer.", why: "Say why." } : { q: "Cwestiwn", o: "Opsiwn", right: "Yr ateb cywir.", wrong: "Ateb anghywir.", why: "Dywedwch pam." };
  return {
    // A bank holds at least 2.5 times what an attempt draws: raise the draw as the bank grows.
    ...(language === "en" ? { passMark: 80, questionsPerAttempt: 1 } : {}),
    questions: [1, 2, 3].map((n) => ({
      id: `question-${n}`,
      outcome: "first-outcome",
      text: `${words.q} ${n}: replace this text.`,
      options: [
        { id: "a", text: words.right, correct: true, explanation: words.why },
        { id: "b", text: words.wrong, explanation: words.why },
      ],
    })),
  };
}

/** Writes the new module's files; returns their paths. Refuses a bad slug or a folder that exists. */
export function createModule({ dir, slug, title, welsh = false, today = new Date().toISOString().slice(0, 10) }: NewModuleOptions): string[] {
  if (!SLUG_PATTERN.test(slug)) throw new Error(`"${slug}" cannot be a module's address: use lower-case words joined by hyphens, like spotting-vishing.`);
  if (!title.trim()) throw new Error("Give the module a title.");
  const target = path.join(dir, slug);
  if (fs.existsSync(target)) throw new Error(`${target} already exists.`);
  const files: Record<string, string> = {
    "module.md": frontmatter({
      title,
      summary: "One sentence on what staff learn: replace this text.",
      order: nextOrder(dir),
      minutes: 10,
      version: "1.0.0",
      versionDate: today,
      lastReviewed: today,
      audience: "All health and care staff",
      outcomes: [{ id: "first-outcome", text: "What a learner can do afterwards: replace this text." }],
      sources: [{ title: "NCSC: replace with the guidance this module is based on", url: "https://www.ncsc.gov.uk/" }],
    }),
    "01-introduction.mdx": `${frontmatter({ title: "Introduction", outcomes: ["first-outcome"] })}\nWrite the lesson here in Markdown. See content/README.md for the components you can use.\n\n<Inset>A key point to remember.</Inset>\n`,
    "quiz.yaml": stringify(quiz("en"), { lineWidth: 0 }),
  };
  if (welsh) {
    files["module.cy.md"] = frontmatter({
      title: `${title} (Cymraeg)`,
      summary: "Un frawddeg am yr hyn y mae staff yn ei ddysgu.",
      outcomes: [{ id: "first-outcome", text: "Beth y gall dysgwr ei wneud wedyn." }],
      translation: { status: "awaiting-review", note: "Stub from npm run content:new: translate every line." },
    });
    files["01-introduction.cy.mdx"] = `${frontmatter({ title: "Cyflwyniad" })}\nYsgrifennwch y wers yma.\n`;
    files["quiz.cy.yaml"] = stringify(quiz("cy"), { lineWidth: 0 });
  }
  fs.mkdirSync(target, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    fs.writeFileSync(path.join(target, name), text);
    return path.join(target, name);
  });
}
