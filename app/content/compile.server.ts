import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleMDX } from "mdx-bundler";
import { lessonAnalysis, type LessonAnalysis, type LessonFinding } from "./lesson-analysis.server";
import { validateLesson } from "./lesson-validation.server";

/** What one MDX lesson file compiles to: code for getMDXComponent, plus what the analysis found. */
export interface CompiledLesson extends LessonAnalysis {
  /** null when the file does not compile; the reason is among the findings. */
  code: string | null;
}

/** A package's version as Node would resolve it from `fromDir` (the package may not export package.json). */
function packageVersion(name: string, fromDir: string): { version: string; dir: string } {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", name, "package.json");
    if (fs.existsSync(file)) return { version: (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version, dir: path.dirname(file) };
    if (dir === path.dirname(dir)) return { version: "unknown", dir: fromDir };
  }
}

let compilerVersion: string | undefined;

/**
 * Changes whenever compiled output could: the pipeline's own rules (this file and the analysis
 * plugin) or the versions of the compilers. Part of every cache key.
 */
export function getCompilerVersion(): string {
  if (!compilerVersion) {
    const hash = crypto.createHash("sha256");
    for (const file of ["./compile.server.ts", "./lesson-analysis.server.ts", "./lesson-validation.server.ts", "./schemas.server.ts"]) {
      hash.update(fs.readFileSync(fileURLToPath(new URL(file, import.meta.url))));
    }
    const here = path.dirname(fileURLToPath(import.meta.url));
    const mdxBundler = packageVersion("mdx-bundler", here);
    const mdxEsbuild = packageVersion("@mdx-js/esbuild", mdxBundler.dir);
    const versions = [
      `mdx-bundler@${mdxBundler.version}`,
      `@mdx-js/mdx@${packageVersion("@mdx-js/mdx", mdxEsbuild.dir).version}`,
      `esbuild@${packageVersion("esbuild", mdxBundler.dir).version}`,
      `remark-gfm@${packageVersion("remark-gfm", here).version}`,
    ];
    compilerVersion = `${versions.join(" ")} rules@${hash.digest("hex").slice(0, 12)}`;
  }
  return compilerVersion;
}

interface EsbuildMessage {
  text: string;
  location?: { line: number; column: number } | null;
  detail?: { cause?: MdxMessage } & MdxMessage;
}

interface MdxMessage {
  reason?: string;
  line?: number;
  column?: number;
  cause?: MdxMessage;
}

const HINTS: [RegExp, string][] = [
  [/Could not parse expression with acorn|Unexpected character/i, "In MDX a `{` or `<` in ordinary text starts code: write \\{ or &lt; for the character itself."],
  [/Unexpected closing slash|Expected a closing tag|Unexpected closing tag/i, "Check that every component opened is closed, like <Inset>...</Inset>, or closes itself, like <Figure ... />."],
  [/Unexpected lazy line|indent/i, "Component tags and their content need blank lines around Markdown blocks."],
];

/** The reasons an MDX compile failed, each with the line and column esbuild or MDX gave. */
function describeCompileError(error: unknown): LessonFinding[] {
  const errors = (error as { errors?: EsbuildMessage[] }).errors;
  if (!errors?.length) return [{ severity: "error", message: `The lesson does not compile: ${error instanceof Error ? error.message : String(error)}` }];
  return errors.map((e) => {
    const cause = e.detail?.cause ?? e.detail;
    const reason = cause?.reason ?? e.text.split("\n").pop()?.trim() ?? e.text;
    const hint = HINTS.find(([pattern]) => pattern.test(reason))?.[1];
    return {
      severity: "error",
      line: cause?.line ?? e.location?.line,
      column: cause?.column ?? (e.location ? e.location.column + 1 : undefined),
      message: `The lesson does not compile: ${reason}.${hint ? ` ${hint}` : ""}`,
    };
  });
}

/**
 * Validates one lesson and, only when validation refuses nothing, compiles it. `source` is the file
 * with its frontmatter blanked (the frontmatter is read and checked separately), so line numbers
 * match the file.
 */
export async function compileLesson(source: string, moduleDir: string): Promise<CompiledLesson> {
  const validation = await validateLesson(source);
  if (validation.findings.some((f) => f.severity === "error")) return { ...validation, code: null };
  const analysis: LessonAnalysis = { findings: [...validation.findings], links: validation.links, images: validation.images };
  const { default: remarkGfm } = await import("remark-gfm");
  try {
    const result = await bundleMDX({
      source,
      cwd: path.resolve(moduleDir),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, lessonAnalysis(analysis)];
        // Cell alignment as an attribute, not a style attribute that the CSP would block.
        (options as { tableCellAlignToStyle?: boolean }).tableCellAlignToStyle = false;
        return options;
      },
      esbuildOptions(options) {
        options.logLevel = "silent";
        return options;
      },
    });
    return { ...analysis, code: result.code };
  } catch (error) {
    return { ...analysis, findings: [...analysis.findings, ...describeCompileError(error)], code: null };
  }
}
