import { LineCounter, parseDocument, isNode } from "yaml";
import type { z } from "zod";
import { describeIssue } from "./schemas.server";

/** One thing wrong with a module, where it is, and why. */
export interface Problem {
  severity: "error" | "warning";
  /** Relative to the current folder, so editors can open it. */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export type PathKey = string | number;

export interface YamlSource {
  data: unknown;
  /** The line of the value at `path`, or of the nearest enclosing field when it is missing. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** Problems with the YAML itself: syntax errors and repeated keys. */
  problems: Problem[];
}

/** Reads YAML keeping line numbers; `firstLine` is the file line the YAML text starts on. */
export function parseYamlSource(text: string, file: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const toFileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const problems: Problem[] = doc.errors.map((error) => ({
    severity: "error",
    file,
    line: toFileLine(error.pos[0]),
    column: lineCounter.linePos(error.pos[0]).col,
    message: `The YAML cannot be read: ${error.message.split("\n")[0]}.${/compact mappings|Implicit map keys/i.test(error.message) ? " Put text that contains a colon and a space in quotes." : ""}`,
  }));
  return {
    data: problems.length > 0 ? undefined : doc.toJS(),
    problems,
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as PathKey[], true);
        if (isNode(node) && node.range) return toFileLine(node.range[0]);
      }
      return firstLine;
    },
  };
}

export interface Frontmatter {
  yaml: string;
  /** File line of the first YAML line (the line after the opening `---`). */
  firstLine: number;
  /** The file with the YAML lines blanked, so the MDX compiler's line numbers still match the file. */
  blanked: string;
}

/** Splits `---` frontmatter from a Markdown/MDX file; null when the file does not start with it. */
export function splitFrontmatter(source: string): Frontmatter | null {
  const lines = source.split("\n");
  if (lines[0]?.trim() !== "---") return null;
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (close < 0) return null;
  const yaml = lines.slice(1, close).join("\n");
  const blanked = [lines[0], ...lines.slice(1, close).map(() => ""), ...lines.slice(close)].join("\n");
  return { yaml, firstLine: 2, blanked };
}

/** Reads a file as text with Unix line ends and no byte-order mark. */
export function normaliseText(raw: string): string {
  return raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** Checks YAML data against a schema, turning each issue into a problem on its line. */
export function validateYaml<T>(
  schema: z.ZodType<T>,
  source: YamlSource,
  file: string,
  knownFields?: string[],
  nameField?: (data: unknown) => (path: PropertyKey[]) => string,
): { value: T | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const data = source.data ?? {};
  if (knownFields && data !== null && typeof data === "object" && !Array.isArray(data)) {
    for (const key of Object.keys(data)) {
      if (!knownFields.includes(key)) {
        problems.push({ severity: "warning", file, line: source.lineOf([key]), message: `Unknown field \`${key}\` is ignored. Is it misspelt?` });
      }
    }
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { value: parsed.data, problems };
  for (const issue of parsed.error.issues) {
    problems.push({ severity: "error", file, line: source.lineOf(issue.path), message: describeIssue(issue, data, nameField?.(data)) });
  }
  return { value: undefined, problems };
}
