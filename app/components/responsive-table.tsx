import type { ReactNode } from "react";

/**
 * A cell of an NHS.UK responsive table (`nhsuk-table-responsive`): on a narrow screen the table
 * stacks, and each cell shows its column heading beside the value (hidden from screen readers, which
 * read the real header).
 */
export function ResponsiveCell({ heading, children }: { heading: string; children?: ReactNode }) {
  return (
    <td className="nhsuk-table__cell">
      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
        {heading}{" "}
      </span>
      {children}
    </td>
  );
}
