import type { ReactNode } from "react";
import { asBlocks, registerBlock } from "./blocks";
import { fill, useLesson } from "./lesson-context";

/**
 * Made-up messages that teach the warning signs. Each <Flag> is highlighted and numbered, and
 * its reason listed under the message. The numbers and reasons come from the build (the
 * lesson analysis adds `number` and `warningSigns`), so the HTML needs no script.
 */

export function Flag({ number, children }: { reason?: string; number?: number; children?: ReactNode }) {
  const { labels } = useLesson();
  return (
    <mark className="app-flag">
      {children}
      <span className="app-flag__number">
        <span className="nhsuk-u-visually-hidden"> ({fill(labels.warningSign, { number: number ?? "" })})</span>
        <span aria-hidden="true">{number}</span>
      </span>
    </mark>
  );
}

function WarningSigns({ reasons }: { reasons?: string[] }) {
  const { labels } = useLesson();
  if (!reasons?.length) return null;
  return (
    <div className="app-mock-message__signs">
      <p className="app-mock-message__signs-heading">{labels.warningSigns}</p>
      <ol className="nhsuk-list nhsuk-list--number">
        {reasons.map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
      </ol>
    </div>
  );
}

function Header({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-mock-message__header">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function MockEmail({
  from,
  address,
  subject,
  date,
  warningSigns,
  children,
}: {
  from: string;
  address: string;
  subject: string;
  date?: string;
  warningSigns?: string[];
  children?: ReactNode;
}) {
  const { labels } = useLesson();
  return (
    <figure className="app-mock-message app-mock-message--email">
      <figcaption className="app-mock-message__label">
        {labels.exampleEmail}
        <span className="nhsuk-u-visually-hidden">. {labels.madeUp}</span>
      </figcaption>
      <dl className="app-mock-message__headers">
        <Header label={labels.from}>
          {from} <span className="app-mock-message__address">&lt;{address}&gt;</span>
        </Header>
        <Header label={labels.subject}>{subject}</Header>
        {date ? <Header label={labels.date}>{date}</Header> : null}
      </dl>
      <div className="app-mock-message__body">{asBlocks(children)}</div>
      <WarningSigns reasons={warningSigns} />
    </figure>
  );
}
registerBlock(MockEmail);

export function MockText({ from, date, warningSigns, children }: { from: string; date?: string; warningSigns?: string[]; children?: ReactNode }) {
  const { labels } = useLesson();
  return (
    <figure className="app-mock-message app-mock-message--text">
      <figcaption className="app-mock-message__label">
        {labels.exampleText}
        <span className="nhsuk-u-visually-hidden">. {labels.madeUp}</span>
      </figcaption>
      <dl className="app-mock-message__headers">
        <Header label={labels.from}>{from}</Header>
        {date ? <Header label={labels.date}>{date}</Header> : null}
      </dl>
      <div className="app-mock-message__body app-mock-message__bubble">{asBlocks(children)}</div>
      <WarningSigns reasons={warningSigns} />
    </figure>
  );
}
registerBlock(MockText);
