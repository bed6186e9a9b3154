import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** NHS.UK pagination that keeps the page's other query parameters. */
export function Pagination({ page, pageCount, search }: { page: number; pageCount: number; search: string }) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  const href = (target: number) => {
    const params = new URLSearchParams(search);
    params.set("page", String(target));
    return `?${params}`;
  };
  return (
    <nav className="nhsuk-pagination" role="navigation" aria-label={t("manage.pagination.page", { page, pageCount })}>
      <ul className="nhsuk-list nhsuk-pagination__list">
        {page > 1 ? (
          <li className="nhsuk-pagination-item--previous">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={href(page - 1)}>
              <span className="nhsuk-pagination__title">{t("manage.pagination.previous")}</span>
            </Link>
          </li>
        ) : null}
        {page < pageCount ? (
          <li className="nhsuk-pagination-item--next">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={href(page + 1)}>
              <span className="nhsuk-pagination__title">{t("manage.pagination.next")}</span>
            </Link>
          </li>
        ) : null}
      </ul>
      <p className="nhsuk-body-s">{t("manage.pagination.page", { page, pageCount })}</p>
    </nav>
  );
}
