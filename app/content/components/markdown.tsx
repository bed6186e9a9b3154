import type { ComponentPropsWithoutRef } from "react";
import { moduleFileUrl, useLesson } from "./lesson-context";

/** Markdown's own elements with NHS.UK classes. Tables keep alignment as a class, not a style. */

const ALIGN_CLASSES: Record<string, string> = { left: " nhsuk-u-text-align-left", center: " nhsuk-u-text-align-centre", right: " nhsuk-u-text-align-right" };
const alignClass = (align: string | undefined) => (align ? (ALIGN_CLASSES[align] ?? "") : "");

export const markdownComponents = {
  // A Markdown quotation (`> ...`) keeps its meaning and takes the NHS inset text style.
  blockquote: (props: ComponentPropsWithoutRef<"blockquote">) => <blockquote className="nhsuk-inset-text app-quote" {...props} />,
  table: (props: ComponentPropsWithoutRef<"table">) => <table className="nhsuk-table" {...props} />,
  thead: (props: ComponentPropsWithoutRef<"thead">) => <thead className="nhsuk-table__head" {...props} />,
  tbody: (props: ComponentPropsWithoutRef<"tbody">) => <tbody className="nhsuk-table__body" {...props} />,
  tr: (props: ComponentPropsWithoutRef<"tr">) => <tr className="nhsuk-table__row" {...props} />,
  th: ({ align, ...props }: ComponentPropsWithoutRef<"th">) => (
    <th className={`nhsuk-table__header${alignClass(align)}`} scope="col" {...props} />
  ),
  td: ({ align, ...props }: ComponentPropsWithoutRef<"td">) => (
    <td className={`nhsuk-table__cell${alignClass(align)}`} {...props} />
  ),
  img: function Image({ src, alt }: ComponentPropsWithoutRef<"img">) {
    const { slug } = useLesson();
    return <img src={moduleFileUrl(slug, src ?? "")} alt={alt ?? ""} />;
  },
};
