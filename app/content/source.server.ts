import { LineCounter, parseDocument, isNode } from "yaml";
import type { z } from "zod";
import { describeIssue, knownKeysAt, suggestField } from "./schemas.server";

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
  // Only the first error: once the parser is lost, what follows is a cascade of the same mistake.
  const problems: Problem[] = doc.errors.slice(0, 1).map((error) => {
    // The parser may point at the line break or indentation before the token it stopped at.
    let offset = error.pos[0];
    // Text that runs on to an indented `key: value` line: the mistake is on that line, not the one above.
    if (error.code === "BLOCK_AS_IMPLICIT_KEY" || error.code === "MULTILINE_IMPLICIT_KEY") {
      const colon = /:(\s|$)/.exec(text.slice(offset));
      const before = colon ? text.slice(offset, offset + colon.index) : "";
      if (before.includes("\n")) offset += before.lastIndexOf("\n");
    }
    while (offset < text.length && /\s/.test(text[offset])) offset++;
    const { line, col } = lineCounter.linePos(Math.min(offset, text.length));
    const sourceLine = text.split("\n")[line - 1] ?? "";
    const colonInValue = /^\s*(?:-\s+)?[^:#'"]+:\s+[^'"].*:\s/.test(sourceLine);
    return {
      severity: "error",
      file,
      line: line + firstLine - 1,
      column: col,
      message: `The YAML cannot be read: ${error.message.split("\n")[0].replace(/\.$/, "")}.${colonInValue ? " Text that contains a colon and a space must be in quotes." : ""}`,
    };
  });
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
  // A misspelt field is reported once, as unknown, not again as the field it should have been.
  const suggested = new Set<string>();
  if (knownFields && data !== null && typeof data === "object" && !Array.isArray(data)) {
    for (const key of Object.keys(data)) {
      if (!knownFields.includes(key)) {
        const hint = suggestField(key, knownFields);
        const meant = /^Did you mean `(.+)`\?$/.exec(hint)?.[1];
        if (meant) suggested.add(meant);
        problems.push({ severity: "error", file, line: source.lineOf([key]), message: `Unknown field \`${key}\`. ${hint}`.trim() });
      }
    }
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { value: parsed.data, problems };
  for (const issue of parsed.error.issues) {
    if (issue.code === "invalid_type" && issue.path.length === 1 && suggested.has(String(issue.path[0]))) continue;
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, issue.path);
      const where = issue.path.length > 0 ? ` in ${nameField ? nameField(data)(issue.path).replace(/^Q/, "q") : `\`${issue.path.join(".")}\``}` : "";
      for (const key of issue.keys) {
        problems.push({ severity: "error", file, line: source.lineOf([...issue.path, key]), message: `Unknown field \`${key}\`${where}. ${suggestField(key, known)}`.trim() });
      }
      continue;
    }
    problems.push({ severity: "error", file, line: source.lineOf(issue.path), message: describeIssue(issue, data, nameField?.(data)) });
  }
  return { value: undefined, problems };
}
