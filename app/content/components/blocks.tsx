import { Children, isValidElement, type ElementType, type ReactNode } from "react";

const BLOCK_ELEMENTS = new Set(["p", "ul", "ol", "table", "div", "figure", "details", "blockquote", "pre", "hr", "h2", "h3", "h4", "h5", "h6", "section"]);
const blockComponents = new Set<unknown>();

/** Marks a lesson component as rendering a block, so `asBlocks` does not wrap it in a paragraph. */
export function registerBlock(component: ElementType) {
  blockComponents.add(component);
}

function isBlock(node: ReactNode): boolean {
  if (!isValidElement(node)) return false;
  return typeof node.type === "string" ? BLOCK_ELEMENTS.has(node.type) : blockComponents.has(node.type);
}

/**
 * MDX gives a component written on one line (`<Inset>Stop and check.</Inset>`) bare text, and one
 * written over several lines paragraphs. Either way the HTML should hold paragraphs: runs of
 * inline content are wrapped in one.
 */
export function asBlocks(children: ReactNode): ReactNode {
  const blocks: ReactNode[] = [];
  let run: ReactNode[] = [];
  const endRun = () => {
    if (run.some((item) => !(typeof item === "string" && item.trim() === ""))) blocks.push(<p key={`p${blocks.length}`}>{run}</p>);
    run = [];
  };
  for (const item of Children.toArray(children)) {
    if (isBlock(item)) {
      endRun();
      blocks.push(item);
    } else run.push(item);
  }
  endRun();
  return blocks.length > 0 ? blocks : null;
}

export function Heading({ level, className, children }: { level?: number; className?: string; children: ReactNode }) {
  const Tag = `h${Math.min(Math.max(level ?? 2, 2), 6)}` as "h2";
  return <Tag className={className}>{children}</Tag>;
}
