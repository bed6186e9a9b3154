import { ALLOWED_HTML_ELEMENTS, COMPONENT_PROPS, describeIssue, LESSON_COMPONENT_NAMES, type LessonComponentName } from "./schemas.server";

/**
 * A remark plugin run inside mdx-bundler's compile. It checks what only the parsed lesson shows
 * (components and their props, headings, images, imports), collects links and images for the
 * checks that need every module, and adds the props the static components need: a heading
 * level that follows the page's outline, and the numbers and reasons of each message's flags.
 * Its source is part of the compile cache key, so editing it recompiles every lesson.
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

export interface LessonAnalysis {
  findings: LessonFinding[];
  links: LessonReference[];
  images: LessonReference[];
}

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

const NOT_STATIC = Symbol("not static");

/** The value of a JSX expression an author wrote, when it is plain data (text, numbers, lists). */
function evaluate(node: EstreeNode | null | undefined): unknown {
  if (!node) return NOT_STATIC;
  switch (node.type) {
    case "Literal":
      return node.value;
    case "TemplateLiteral": {
      const quasis = node.quasis as { value: { cooked: string } }[];
      return (node.expressions as unknown[]).length === 0 ? quasis.map((q) => q.value.cooked).join("") : NOT_STATIC;
    }
    case "ArrayExpression": {
      const items = (node.elements as (EstreeNode | null)[]).map(evaluate);
      return items.includes(NOT_STATIC) ? NOT_STATIC : items;
    }
    case "UnaryExpression": {
      const inner = evaluate(node.argument as EstreeNode);
      return node.operator === "-" && typeof inner === "number" ? -inner : NOT_STATIC;
    }
    default:
      return NOT_STATIC;
  }
}

function attributeValue(attribute: JsxAttribute): unknown {
  if (attribute.value === null || attribute.value === undefined) return true;
  if (typeof attribute.value === "string") return attribute.value;
  const program = attribute.value.data?.estree as { body?: { type: string; expression?: EstreeNode }[] } | undefined;
  const statement = program?.body?.[0];
  return statement?.type === "ExpressionStatement" ? evaluate(statement.expression) : NOT_STATIC;
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
const isComponent = (name: string | null | undefined): name is LessonComponentName => !!name && (LESSON_COMPONENT_NAMES as string[]).includes(name);

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

    const checkAttributes = (node: MdNode, label: string): Record<string, unknown> => {
      const props: Record<string, unknown> = {};
      for (const attribute of node.attributes ?? []) {
        if (attribute.type === "mdxJsxExpressionAttribute" || !attribute.name) {
          report(node, `${label} uses a spread attribute ({...}): write each prop out.`);
          continue;
        }
        if (attribute.name === "style") {
          report(node, `${label} has a style attribute: inline styles are blocked by the site's security policy. Use a lesson component instead.`);
          continue;
        }
        if (/^on[A-Z]/i.test(attribute.name)) {
          report(node, `${label} has an event handler (${attribute.name}): lessons are static pages without scripts.`);
          continue;
        }
        const value = attributeValue(attribute);
        if (value === NOT_STATIC) report(node, `${label} prop \`${attribute.name}\` must be plain text or a list of text, like ${attribute.name}={["First", "Second"]}.`);
        else props[attribute.name] = value;
      }
      return props;
    };

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
      if (node.type === "link" || node.type === "definition") analysis.links.push({ url: node.url ?? "", ...at(node) });
      if (node.type === "image") {
        analysis.images.push({ url: node.url ?? "", ...at(node) });
        if (!node.alt?.trim()) report(node, `The image \`${node.url}\` has no alt text: say what it shows, like ![A fake payroll email](${node.url}), or use <Figure alt="...">.`);
      }
      if (isJsx(node)) {
        const name = node.name;
        if (isComponent(name)) {
          const props = checkAttributes(node, `<${name}>`);
          const parsed = COMPONENT_PROPS[name].safeParse(props);
          if (!parsed.success) {
            for (const issue of parsed.error.issues) {
              if (issue.code === "unrecognized_keys") {
                const known = Object.keys(COMPONENT_PROPS[name].shape ?? {});
                report(node, `<${name}> has no prop ${issue.keys.map((k) => `\`${k}\``).join(", ")}.${known.length ? ` It takes: ${known.join(", ")}.` : ""}`);
              } else if (name === "Figure" && issue.path[0] === "alt") {
                report(node, `<Figure> needs alt text that says what the image shows: alt="...".`);
              } else report(node, `<${name}>: ${describeIssue(issue, props)}`);
            }
          }
          const inside = (names: string[]) => ancestors.some((a) => isJsx(a) && names.includes(a.name ?? ""));
          if (name === "Answer" && !inside(["Scenario"])) report(node, "<Answer> must be inside a <Scenario>.");
          if (name === "Flag" && !inside(["MockEmail", "MockText"])) report(node, "<Flag> must be inside a <MockEmail> or <MockText>.");
          if (name === "Scenario") {
            const answers = descendants(node, (n) => isJsx(n) && n.name === "Answer").length;
            if (answers !== 1) report(node, `<Scenario> needs exactly one <Answer> (found ${answers}).`);
          }
          if (name === "Figure" && typeof props.src === "string") analysis.images.push({ url: props.src, ...at(node) });
          if (name === "MockEmail" && typeof props.address === "string" && !/\.example>?$/i.test(props.address.trim())) {
            report(node, `<MockEmail> address "${props.address}" is not a .example address: made-up messages must not use real addresses.`, "warning");
          }
          if (name === "MockText" && typeof props.from === "string" && /^[+\d][\d\s]{7,}$/.test(props.from.trim()) && !/^(\+44\s?7700|07700)\s?900\d{3}$/.test(props.from.trim())) {
            report(node, `<MockText> number "${props.from}" is not one of Ofcom's drama numbers (07700 900000 to 07700 900999).`, "warning");
          }
          if (name === "Warning" || name === "Scenario" || name === "DoDont") setAttribute(node, "headingLevel", Math.min(lastHeadingDepth + 1, 6));
        } else if (name && /^[a-z]/.test(name) && ALLOWED_HTML_ELEMENTS.has(name)) {
          checkAttributes(node, `<${name}>`);
        } else if (name && /^[a-z]/.test(name)) {
          report(node, `HTML element <${name}> is not allowed in lessons: use Markdown or one of the lesson components (${LESSON_COMPONENT_NAMES.join(", ")}).`);
        } else if (name) {
          report(node, `Unknown component <${name}>. Lessons can use: ${LESSON_COMPONENT_NAMES.join(", ")}.`);
        }
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

    // Imports and exports the author wrote (the frontmatter export added by mdx-bundler has no position).
    tree.children = (tree.children ?? []).filter((node) => {
      if (node.type !== "mdxjsEsm" || !node.position) return true;
      report(node, "Imports and exports are not allowed in lessons: the lesson components need no import.");
      return false;
    });
    visit(tree, []);
  };
}
