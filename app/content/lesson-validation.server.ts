import { describeIssue, LESSON_ELEMENTS, LESSON_ELEMENT_NAMES, type LessonElementName } from "./schemas.server";

/**
 * The one gate every lesson passes before anything compiles or runs it: `content:check` and the
 * build both call validateLesson and compile only a lesson it found nothing wrong with. It parses
 * the MDX to a syntax tree (the remark-mdx parser mdx-bundler itself uses) and refuses everything
 * that is code rather than data: `{...}` expressions, imports and exports, elements and props that
 * are not in LESSON_ELEMENTS, attribute values other than quoted text, numbers or a list of quoted
 * text, and addresses other than https:, mailto:, tel: and this site's own paths.
 */

export interface LessonFinding {
  severity: "error" | "warning";
  line?: number;
  column?: number;
  message: string;
}

export interface LessonReference {
  url: string;
  line?: number;
  column?: number;
}

export interface LessonValidation {
  findings: LessonFinding[];
  links: LessonReference[];
  images: LessonReference[];
}

interface Point {
  line: number;
  column: number;
}

interface EstreeNode {
  type: string;
  [key: string]: unknown;
}

interface JsxAttribute {
  type: "mdxJsxAttribute" | "mdxJsxExpressionAttribute";
  name?: string;
  value?: string | null | { type: "mdxJsxAttributeValueExpression"; value: string; data?: { estree?: EstreeNode } };
  position?: { start: Point };
}

interface MdNode {
  type: string;
  name?: string | null;
  url?: string;
  attributes?: JsxAttribute[];
  children?: MdNode[];
  position?: { start: Point };
}

const NOT_DATA = Symbol("not data");

/** The value of an attribute when it is data: quoted text, a number, or a list of quoted text. */
export function attributeValue(attribute: JsxAttribute): unknown {
  if (attribute.value === null || attribute.value === undefined) return NOT_DATA;
  if (typeof attribute.value === "string") return attribute.value;
  const program = attribute.value.data?.estree as { body?: { type: string; expression?: EstreeNode }[] } | undefined;
  if (program?.body?.length !== 1 || program.body[0].type !== "ExpressionStatement") return NOT_DATA;
  const expression = program.body[0].expression!;
  const literal = (node: EstreeNode | null) => node?.type === "Literal" && (typeof node.value === "string" || typeof node.value === "number");
  if (literal(expression)) return expression.value;
  if (expression.type === "ArrayExpression") {
    const items = expression.elements as (EstreeNode | null)[];
    if (items.every((item) => item?.type === "Literal" && typeof item.value === "string")) return items.map((item) => item!.value);
  }
  return NOT_DATA;
}

export const isNotData = (value: unknown) => value === NOT_DATA;

const ALLOWED_SCHEMES = new Set(["https", "mailto", "tel"]);

/** Why an address may not appear in a lesson, or null when it may. */
export function refuseAddress(raw: string): string | null {
  // Browsers ignore tabs, line breaks and leading control characters in an address: so must we.
  // eslint-disable-next-line no-control-regex
  const url = raw.replace(/[\u0000-\u0020\u007f]/g, "");
  if (url === "" || url.startsWith("#")) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme) return ALLOWED_SCHEMES.has(scheme) ? null : `uses \`${scheme}:\`: lessons may only link to https:, mailto: and tel: addresses and to pages of this site (/...)`;
  if (/^[/\\][/\\]/.test(url)) return "starts with // and would go to another site: write the full https:// address";
  return null;
}

/** Pulls the position out of a parser message when the parser gave it only in its text, "(3:1-3:8)". */
function parserPosition(error: { line?: number; column?: number; reason?: string; message?: string }): { line?: number; column?: number } {
  if (error.line) return { line: error.line, column: error.column };
  const found = /\((\d+):(\d+)(?:-\d+:\d+)?\)/.exec(error.reason ?? error.message ?? "");
  return found ? { line: Number(found[1]), column: Number(found[2]) } : {};
}

const HINTS: [RegExp, string][] = [
  [/acorn|expression|closing brace/i, "In a lesson a `{` or `<` in ordinary text starts code: write \\{ or &lt; for the character itself."],
  [/closing slash|closing tag|end-tag|Unexpected closing/i, "Check that every component opened is closed, like <Inset>...</Inset>, or closes itself, like <Figure ... />."],
  [/lazy line|indent/i, "Component tags and their content need blank lines around Markdown blocks."],
];

type Parse = (source: string) => MdNode;
let parser: Promise<Parse> | undefined;

/** remark-parse + remark-mdx + remark-gfm: the tree mdx-bundler would build, without compiling anything. */
function loadParser(): Promise<Parse> {
  parser ??= (async () => {
    const [{ unified }, { default: remarkParse }, { default: remarkMdx }, { default: remarkGfm }] = await Promise.all([
      import("unified"),
      import("remark-parse"),
      import("remark-mdx"),
      import("remark-gfm"),
    ]);
    const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm);
    return (source: string) => processor.runSync(processor.parse(source)) as unknown as MdNode;
  })();
  return parser;
}

const isJsx = (node: MdNode) => node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";
const isElement = (name: string): name is LessonElementName => Object.hasOwn(LESSON_ELEMENTS, name);

/**
 * Checks one lesson's source (frontmatter blanked, so line numbers match the file). Nothing in the
 * source is compiled or run. Also collects the links and images for the checks that need every module.
 */
export async function validateLesson(source: string): Promise<LessonValidation> {
  const result: LessonValidation = { findings: [], links: [], images: [] };
  const parse = await loadParser();
  let tree: MdNode;
  try {
    tree = parse(source);
  } catch (error) {
    const e = error as { reason?: string; message?: string; line?: number; column?: number };
    const reason = (e.reason ?? e.message ?? String(error)).replace(/\s*\(\d+:\d+(?:-\d+:\d+)?\)$/, "").replace(/\.$/, "");
    const hint = HINTS.find(([pattern]) => pattern.test(reason))?.[1];
    result.findings.push({ severity: "error", ...parserPosition(e), message: `The lesson cannot be read: ${reason}.${hint ? ` ${hint}` : ""}` });
    return result;
  }

  const at = (node: { position?: { start: Point } }) => ({ line: node.position?.start.line, column: node.position?.start.column });
  const refuse = (node: { position?: { start: Point } }, message: string) => result.findings.push({ severity: "error", ...at(node), message });
  const checkAddress = (node: MdNode, url: string, what: string) => {
    const reason = refuseAddress(url);
    if (reason) refuse(node, `${what} \`${url}\` ${reason}.`);
  };

  const checkElement = (node: MdNode) => {
    const name = node.name;
    if (!name) return refuse(node, "Fragments (<>...</>) are not allowed in lessons: write the content without them.");
    if (!isElement(name)) {
      const components = LESSON_ELEMENT_NAMES.filter((n) => /^[A-Z]/.test(n)).join(", ");
      return refuse(
        node,
        /^[a-z]/.test(name)
          ? `HTML element <${name}> is not allowed in lessons: use Markdown or one of the lesson components (${components}).`
          : `Unknown component <${name}>. Lessons can use: ${components}.`,
      );
    }
    const element: { props: (typeof LESSON_ELEMENTS)[typeof name]["props"]; urls?: readonly string[] } = LESSON_ELEMENTS[name];
    const known = Object.keys(element.props.shape);
    const props: Record<string, unknown> = {};
    const refusedBefore = result.findings.length;
    for (const attribute of node.attributes ?? []) {
      const where = attribute.position ? attribute : node;
      if (attribute.type === "mdxJsxExpressionAttribute" || !attribute.name) {
        refuse(where, `<${name}> has a {...} attribute: that is code, and lessons cannot run code. Write each prop out, like name="text".`);
        continue;
      }
      if (!known.includes(attribute.name)) {
        refuse(where, `<${name}> has no prop \`${attribute.name}\`.${known.length ? ` It takes: ${known.join(", ")}.` : " It takes none."}`);
        continue;
      }
      const value = attributeValue(attribute);
      if (value === NOT_DATA) {
        refuse(where, `<${name}> prop \`${attribute.name}\` must be text in quotes, like ${attribute.name}="...", or a list of text, like ${attribute.name}={["First", "Second"]}: anything else is code, and lessons cannot run code.`);
        continue;
      }
      if (typeof value === "string" && element.urls?.includes(attribute.name)) checkAddress(node, value, `<${name}> \`${attribute.name}\``);
      props[attribute.name] = value;
    }
    // A prop already refused would only be reported again as missing.
    const parsed = result.findings.length === refusedBefore ? element.props.safeParse(props) : null;
    if (parsed && !parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") continue;
        if (name === "Figure" && issue.path[0] === "alt") refuse(node, `<Figure> needs alt text that says what the image shows: alt="...".`);
        else refuse(node, `<${name}>: ${describeIssue(issue, props)}`);
      }
    }
    if (name === "Figure" && typeof props.src === "string") result.images.push({ url: props.src, ...at(node) });
  };

  const visit = (node: MdNode) => {
    switch (node.type) {
      case "mdxjsEsm":
        refuse(node, "Imports and exports are not allowed in lessons: the lesson components need no import, and lessons cannot run code.");
        return;
      case "mdxFlowExpression":
      case "mdxTextExpression":
        refuse(node, "`{...}` is code, and lessons cannot run code. For a brace in the text write \\{.");
        return;
      case "link":
      case "definition":
        checkAddress(node, node.url ?? "", "The link");
        result.links.push({ url: node.url ?? "", ...at(node) });
        break;
      case "image":
        checkAddress(node, node.url ?? "", "The image");
        result.images.push({ url: node.url ?? "", ...at(node) });
        break;
      default:
        if (isJsx(node)) checkElement(node);
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  return result;
}
