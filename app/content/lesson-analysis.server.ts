import { attributeValue as dataValue, type LessonFinding, type LessonValidation } from "./lesson-validation.server";
import { ALLOWED_HTML_ELEMENTS } from "./schemas.server";

/**
 * A remark plugin run inside mdx-bundler's compile, only on lessons lesson-validation.server.ts
 * passed (so every element and prop here is allowed and every value is data). It checks the
 * page's outline and where components sit, and adds the props the static components need: a
 * heading level that follows the page's outline, and the numbers and reasons of each message's
 * flags. Its source is part of the compile cache key, so editing it recompiles every lesson.
 */

export type LessonAnalysis = LessonValidation;
export type { LessonFinding };

interface Point {
  line: number;
  column: number;
}

interface MdNode {
  type: string;
  name?: string | null;
  depth?: number;
  url?: string;
  alt?: string | null;
  attributes?: JsxAttribute[];
  children?: MdNode[];
  position?: { start: Point };
}

interface EstreeNode {
  type: string;
  [key: string]: unknown;
}

interface JsxAttribute {
  type: "mdxJsxAttribute" | "mdxJsxExpressionAttribute";
  name?: string;
  value?: string | null | { type: "mdxJsxAttributeValueExpression"; value: string; data?: { estree?: EstreeNode } };
}

function attributeValue(attribute: JsxAttribute): unknown {
  return dataValue(attribute as Parameters<typeof dataValue>[0]);
}

function literal(value: unknown): EstreeNode {
  if (Array.isArray(value)) return { type: "ArrayExpression", elements: value.map(literal) };
  return { type: "Literal", value, raw: JSON.stringify(value) };
}

/** Sets a prop on a JSX element as if the author had written `name={value}`. */
function setAttribute(node: MdNode, name: string, value: unknown) {
  const attributes = (node.attributes ?? []).filter((a) => a.name !== name);
  attributes.push({
    type: "mdxJsxAttribute",
    name,
    value: {
      type: "mdxJsxAttributeValueExpression",
      value: JSON.stringify(value),
      data: { estree: { type: "Program", sourceType: "module", body: [{ type: "ExpressionStatement", expression: literal(value) }] } },
    },
  });
  node.attributes = attributes;
}

const isJsx = (node: MdNode) => node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";

function descendants(node: MdNode, match: (n: MdNode) => boolean, found: MdNode[] = []): MdNode[] {
  for (const child of node.children ?? []) {
    if (match(child)) found.push(child);
    descendants(child, match, found);
  }
  return found;
}

export function lessonAnalysis(analysis: LessonAnalysis) {
  return () => (tree: MdNode) => {
    let lastHeadingDepth = 1;
    const at = (node: MdNode) => ({ line: node.position?.start.line, column: node.position?.start.column });
    const report = (node: MdNode, message: string, severity: LessonFinding["severity"] = "error") => analysis.findings.push({ severity, ...at(node), message });

    const propsOf = (node: MdNode): Record<string, unknown> =>
      Object.fromEntries((node.attributes ?? []).filter((a) => a.name).map((a) => [a.name!, attributeValue(a)]));

    const INLINE_COMPONENTS = new Set(["Flag", ...ALLOWED_HTML_ELEMENTS]);
    /** A <Flag> (or <strong>...) on a line of its own is a paragraph of its own, not a bare inline element. */
    const wrapInlineBlocks = (node: MdNode) => {
      if (!node.children || node.type === "paragraph") return;
      node.children = node.children.map((child) =>
        child.type === "mdxJsxFlowElement" && INLINE_COMPONENTS.has(child.name ?? "")
          ? { type: "paragraph", position: child.position, children: [{ ...child, type: "mdxJsxTextElement" }] }
          : child,
      );
    };

    const visit = (node: MdNode, ancestors: MdNode[]) => {
      wrapInlineBlocks(node);
      if (node.type === "heading" && node.depth) {
        if (node.depth === 1) report(node, "Start headings at `##`: the page title from the frontmatter is the page's only top-level heading.");
        else if (node.depth > lastHeadingDepth + 1) report(node, `This heading jumps from level ${lastHeadingDepth} to level ${node.depth}: use ${"#".repeat(lastHeadingDepth + 1)}.`, "warning");
        lastHeadingDepth = Math.max(node.depth, 2);
      }
      if (node.type === "image" && !node.alt?.trim()) {
        report(node, `The image \`${node.url}\` has no alt text: say what it shows, like ![A fake payroll email](${node.url}), or use <Figure alt="...">.`);
      }
      if (isJsx(node)) {
        const name = node.name;
        const props = propsOf(node);
        const inside = (names: string[]) => ancestors.some((a) => isJsx(a) && names.includes(a.name ?? ""));
        if (name === "Answer" && !inside(["Scenario"])) report(node, "<Answer> must be inside a <Scenario>.");
        if (name === "Flag" && !inside(["MockEmail", "MockText"])) report(node, "<Flag> must be inside a <MockEmail> or <MockText>.");
        if (name === "Scenario") {
          const answers = descendants(node, (n) => isJsx(n) && n.name === "Answer").length;
          if (answers !== 1) report(node, `<Scenario> needs exactly one <Answer> (found ${answers}).`);
        }
        if (name === "MockEmail" && typeof props.address === "string" && !/\.example>?$/i.test(props.address.trim())) {
          report(node, `<MockEmail> address "${props.address}" is not a .example address: made-up messages must not use real addresses.`, "warning");
        }
        if (name === "MockText" && typeof props.from === "string" && /^[+\d][\d\s]{7,}$/.test(props.from.trim()) && !/^(\+44\s?7700|07700)\s?900\d{3}$/.test(props.from.trim())) {
          report(node, `<MockText> number "${props.from}" is not one of Ofcom's drama numbers (07700 900000 to 07700 900999).`, "warning");
        }
        if (name === "Warning" || name === "Scenario" || name === "DoDont") setAttribute(node, "headingLevel", Math.min(lastHeadingDepth + 1, 6));
      }
      for (const child of node.children ?? []) visit(child, [...ancestors, node]);
      // After the flags themselves were checked: number them and list their reasons on the message.
      if (isJsx(node) && (node.name === "MockEmail" || node.name === "MockText")) {
        const flags = descendants(node, (n) => isJsx(n) && n.name === "Flag");
        flags.forEach((flag, i) => setAttribute(flag, "number", i + 1));
        const reasons = flags.map((flag) => attributeValue(flag.attributes?.find((a) => a.name === "reason") ?? { type: "mdxJsxAttribute" }));
        setAttribute(node, "warningSigns", reasons.map((r) => (typeof r === "string" ? r : "")));
      }
    };

    visit(tree, []);
  };
}
