import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AppLink } from "~/components/app-link";
import { requireUser } from "~/auth/session.server";
import { getLessonPage } from "~/content/catalogue.server";
import { fillLocalContacts, NO_CONTACTS } from "~/content/local-contacts.server";
import { lessonStylesHref } from "~/content/lesson-styles";
import { getLanguage } from "~/i18n/i18n.server";
import { requireModule } from "~/learning/module-page.server";
import { recordPageView } from "~/learning/progress.server";
import { WelshNotice } from "~/learning/welsh-notice";
import { learnerOrganisation } from "~/organisations/local-contacts.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: lessonStylesHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.page.title} - ${data.moduleTitle} - Cyber Basics` : "Cyber Basics" },
];

const LESSON_ELEMENT_ID = "lesson-content";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  const module = requireModule(params.module, language);
  const number = /^\d{1,3}$/.test(params.page ?? "") ? Number(params.page) : NaN;
  const found = getLessonPage(module.slug, number, language);
  if (!found) throw new Response("Not found", { status: 404 });
  recordPageView(user.id, module.slug, found.number);
  const { html: englandHtml, htmlWales, localContacts, ...rest } = found;
  // Only pages with nation blocks or local contacts need the learner's organisation.
  const organisation = htmlWales !== undefined || localContacts ? learnerOrganisation(user.id) : null;
  const nationHtml = organisation?.country === "wales" && htmlWales !== undefined ? htmlWales : englandHtml;
  const html = localContacts ? fillLocalContacts(nationHtml, organisation ?? NO_CONTACTS, found.language) : nationHtml;
  const page: Omit<typeof found, "html" | "htmlWales" | "localContacts"> & { html?: string } = rest;
  if (context.documentRequest) {
    // The lesson is already in the page's HTML: keep it out of the hydration data (which would
    // send it a second time, JSON-escaped) while the server still renders it. The browser reads
    // it back from the page (see useLessonHtml).
    Object.defineProperty(page, "html", { value: html, enumerable: false });
  } else {
    page.html = html;
  }
  return {
    page,
    slug: module.slug,
    moduleTitle: module.title,
    language,
    awaitingReview: module.translationStatus === "awaiting-review",
  };
}

/** The lesson's HTML: from the loader data, or, when hydrating a page that arrived with it, from the page itself. */
function useLessonHtml(html: string | undefined): string {
  const [fromPage] = useState(
    () =>
      html ?? (typeof document === "undefined" ? "" : (document.getElementById(LESSON_ELEMENT_ID)?.innerHTML ?? "")),
  );
  return html ?? fromPage;
}

export default function LessonPage() {
  const { t } = useTranslation();
  const { page, slug, moduleTitle, language, awaitingReview } = useLoaderData<typeof loader>();
  const html = useLessonHtml(page.html);
  const base = `/learn/${slug}`;
  const isLast = page.number === page.pageCount;
  const pageOf = t("learning.lesson.pageOf", { number: page.number, count: page.pageCount });
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <WelshNotice pageLanguage={language} isFallback={page.isFallback} awaitingReview={awaitingReview} />
        <p className="nhsuk-caption-l" lang={page.language}>
          {moduleTitle} <span className="nhsuk-u-visually-hidden">-</span>
        </p>
        <h1 lang={page.language}>{page.title}</h1>
        <p className="nhsuk-body-s">{pageOf}</p>
        <div
          id={LESSON_ELEMENT_ID}
          className="app-lesson"
          lang={page.language}
          dangerouslySetInnerHTML={{ __html: html }}
        />
        <nav className="nhsuk-pagination" role="navigation" aria-label={pageOf}>
          <ul className="nhsuk-list nhsuk-pagination__list">
            {page.number > 1 ? (
              <li className="nhsuk-pagination-item--previous">
                <AppLink
                  className="nhsuk-pagination__link nhsuk-pagination__link--prev"
                  to={`${base}/${page.number - 1}`}
                >
                  <span className="nhsuk-pagination__title">{t("learning.lesson.previous")}</span>
                </AppLink>
              </li>
            ) : null}
            <li className="nhsuk-pagination-item--next">
              <AppLink
                className="nhsuk-pagination__link nhsuk-pagination__link--next"
                to={isLast ? `${base}/quiz` : `${base}/${page.number + 1}`}
              >
                <span className="nhsuk-pagination__title">
                  {isLast ? t("learning.lesson.toQuiz") : t("learning.lesson.next")}
                </span>
              </AppLink>
            </li>
          </ul>
        </nav>
        <p>
          <AppLink to={base}>{t("learning.lesson.contents")}</AppLink>
        </p>
      </div>
    </div>
  );
}
