import type { ReactNode } from "react";

/**
 * An NHS.UK table that scrolls sideways on its own on a narrow screen, named by its caption so a
 * keyboard or screen-reader user can find and scroll the region. Children are the head and body.
 */
export function ScrollingTable({
  captionId,
  caption,
  smallCaption = false,
  children,
}: {
  captionId: string;
  caption: ReactNode;
  smallCaption?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="app-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="nhsuk-table">
        <caption
          className={smallCaption ? "nhsuk-table__caption nhsuk-table__caption--s" : "nhsuk-table__caption"}
          id={captionId}
        >
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
