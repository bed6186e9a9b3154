import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { STAFF_GROUPS } from "@db/enums";
import { Select } from "~/components/forms";
import { ALL } from "./filter-values";
import { formatNumber } from "~/utils/format-date";

export function ModuleName({ title }: { title: string | null }) {
  const { t } = useTranslation();
  return <>{title ?? t("compliance.allRequired")}</>;
}

/** The module filter: one module, or all required training. */
export function ModuleFilter({
  modules,
  defaultValue,
}: {
  modules: { slug: string; title: string }[];
  defaultValue: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      name="module"
      label={t("compliance.filters.module")}
      defaultValue={defaultValue}
      options={[
        { value: ALL, label: t("compliance.allRequired") },
        ...modules.map((m) => ({ value: m.slug, label: m.title })),
      ]}
    />
  );
}

/** The staff-group filter: one group, or all of them. */
export function StaffGroupFilter({ defaultValue }: { defaultValue: string | null | undefined }) {
  const { t } = useTranslation();
  return (
    <Select
      name="group"
      label={t("compliance.filters.group")}
      defaultValue={defaultValue ?? ""}
      options={[
        { value: "", label: t("compliance.filters.allGroups") },
        ...STAFF_GROUPS.map((g) => ({ value: g, label: t(`auth.staffGroups.${g}`) })),
      ]}
    />
  );
}

/** A count that links to the people behind it (the link's name says which people). */
export function StatusCount({ count, to, label }: { count: number; to: string; label: string }) {
  const text = formatNumber(count);
  if (count === 0) return <>{text}</>;
  return (
    <Link to={to} aria-label={`${text}: ${label}`}>
      {text}
    </Link>
  );
}

/** One status tag for learners and managers alike (the same words and colours). */
export { StatusTag } from "~/learning/status-tag";

/** The definitions behind every figure, on every page that shows figures. */
export function HowWeCount() {
  const { t } = useTranslation();
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{t("compliance.howWeCount.title")}</span>
      </summary>
      <div className="nhsuk-details__text">
        <ul>
          <li>{t("compliance.howWeCount.module")}</li>
          <li>{t("compliance.howWeCount.inDate")}</li>
          <li>{t("compliance.howWeCount.newStarters")}</li>
          <li>{t("compliance.howWeCount.once")}</li>
          <li>{t("compliance.howWeCount.leavers")}</li>
          <li>{t("compliance.howWeCount.all")}</li>
          <li>{t("compliance.howWeCount.retake")}</li>
          <li>{t("compliance.howWeCount.rounding")}</li>
          <li>{t("compliance.howWeCount.suppression")}</li>
        </ul>
      </div>
    </details>
  );
}

/** A column heading that sorts the table by its column; `direction` is how it is sorted now, if it is. */
export function SortHeader({
  label,
  to,
  direction,
  numeric = false,
  date = false,
}: {
  label: string;
  to: string;
  direction: "asc" | "desc" | null;
  numeric?: boolean;
  /** A column of dates: "earliest first" rather than "A to Z". */
  date?: boolean;
}) {
  const kind = numeric ? "number" : date ? "date" : "text";
  const { t } = useTranslation();
  return (
    <th
      scope="col"
      className={`nhsuk-table__header${numeric ? " app-numeric" : ""}`}
      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none"}
    >
      <Link to={to}>
        {label}
        <span className="nhsuk-u-visually-hidden">
          {" "}
          {t(`compliance.staff.sort.${kind}.${direction === "asc" ? "desc" : "asc"}`)}
        </span>
      </Link>
    </th>
  );
}
