import { Heading, registerBlock } from "./blocks";
import { useLesson } from "./lesson-context";

const TICK = "M11.4 17.5a2 2 0 0 1-2.7.1h-.1L4 12.8a1.5 1.5 0 0 1 2.1-2L10 14.7l8.1-8.1a1.5 1.5 0 1 1 2.2 2l-8.9 9Z";
const CROSS =
  "M17 18.5c-.4 0-.8-.1-1.1-.4l-10-10c-.6-.6-.6-1.6 0-2.1.6-.6 1.5-.6 2.1 0l10 10c.6.6.6 1.5 0 2.1-.3.3-.6.4-1 .4z M7 18.5c-.4 0-.8-.1-1.1-.4-.6-.6-.6-1.5 0-2.1l10-10c.6-.6 1.5-.6 2.1 0 .6.6.6 1.5 0 2.1l-10 10c-.3.3-.6.4-1 .4z";

function Icon({ kind }: { kind: "tick" | "cross" }) {
  return (
    <svg className={`nhsuk-icon nhsuk-icon--${kind}`} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d={kind === "tick" ? TICK : CROSS} />
    </svg>
  );
}

function List({ kind, heading, items, headingLevel }: { kind: "tick" | "cross"; heading: string; items: string[]; headingLevel?: number }) {
  return (
    <div className="nhsuk-do-dont-list">
      <Heading level={headingLevel} className="nhsuk-do-dont-list__label">
        {heading}
      </Heading>
      {/* role="list" keeps the list announced as one in Safari, which drops it when list-style is none. */}
      <ul className={`nhsuk-list nhsuk-list--${kind}`} role="list">
        {items.map((item, i) => (
          <li key={i}>
            <Icon kind={kind} />
            {item}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A do and a don't list (NHS do and don't list). */
export function DoDont({ do: dos, dont, headingLevel }: { do?: string[]; dont?: string[]; headingLevel?: number }) {
  const { labels } = useLesson();
  return (
    <>
      {dos?.length ? <List kind="tick" heading={labels.do} items={dos} headingLevel={headingLevel} /> : null}
      {dont?.length ? <List kind="cross" heading={labels.dont} items={dont} headingLevel={headingLevel} /> : null}
    </>
  );
}
registerBlock(DoDont);
