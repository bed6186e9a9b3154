import ExcelJS from "exceljs";
import type { TFunction } from "i18next";
import type { z } from "zod";
import type { OrganisationKind } from "@db/enums";
import { organisations } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { ContentLanguage } from "~/content/types";
import { db } from "~/db.server";
import { todayIso } from "~/utils/dates";
import { addProvenance, csvLine, translatorFor, type ExportResult, type ProvenanceRow } from "./exports.server";
import { combinedStatus, moduleInfo, nationalFigures, sharedPeopleRows } from "./figures.server";
import { ALL_MODULES } from "./person-rows.server";
import { ALL } from "./filter-values";
import { MIN_PEOPLE, ROW_COUNTS, hiddenLabel, missingPercentLabel, suppressRow, type RowCount } from "./suppression";
import type { AnalystQuerySchema } from "./queries.server";
import { EMPTY_TALLY, addTally, meetsTarget, percent, type Tally, type TrainingStatus } from "./status";

/**
 * The national and regional view: every organisation's figures side by side, or rolled up by parent
 * (ICB or region). Counts only, from the counters: no person's name is ever read here.
 */

export interface AnalystRow extends Tally {
  code: string;
  name: string;
  kind: OrganisationKind | null;
  parentName: string | null;
  organisations: number;
  target: number;
  percent: number | null;
  meetsTarget: boolean | null;
}

type AnalystQuery = z.infer<typeof AnalystQuerySchema>;
type ShownRow = Omit<AnalystRow, RowCount> & ReturnType<typeof shownFigures>;

export function analystFigures(query: AnalystQuery, language: ContentLanguage, today = todayIso()) {
  const national = nationalFigures(today);
  const modules = moduleInfo(language);
  const module = query.module && query.module !== ALL ? modules.find((m) => m.slug === query.module) : undefined;
  const moduleId = module?.id ?? ALL_MODULES;
  const orgs = db()
    .select({
      id: organisations.id,
      code: organisations.code,
      name: organisations.name,
      kind: organisations.kind,
      parentId: organisations.parentId,
      target: organisations.complianceTarget,
    })
    .from(organisations)
    .all();
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const figures = new Map(national.filter((n) => n.moduleId === moduleId).map((n) => [n.organisationId, n]));
  const regions = orgs
    .filter((o) => orgs.some((c) => c.parentId === o.id))
    .map((o) => ({ id: o.id, name: o.name }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const chosen = orgs.filter(
    (o) =>
      figures.has(o.id) &&
      (query.kind === undefined || o.kind === query.kind) &&
      (query.region === undefined || o.parentId === query.region),
  );
  let rows: AnalystRow[];
  if (query.view === "parents") {
    const groups = new Map<number | null, { tally: Tally; count: number; meeting: number }>();
    for (const o of chosen) {
      const g = groups.get(o.parentId) ?? { tally: EMPTY_TALLY, count: 0, meeting: 0 };
      const tally = figures.get(o.id)!;
      groups.set(o.parentId, {
        tally: addTally(g.tally, tally),
        count: g.count + 1,
        meeting: g.meeting + (meetsTarget(tally, o.target) ? 1 : 0),
      });
    }
    // A person in two member organisations of one parent is counted once: take out each of their
    // statuses and put back one (combinedStatus).
    const chosenParent = new Map(chosen.map((o) => [o.id, o.parentId]));
    const shared = new Map<string, { parentId: number | null; statuses: TrainingStatus[] }>();
    for (const r of sharedPeopleRows(moduleId, today)) {
      if (!chosenParent.has(r.organisationId)) continue;
      const parentId = chosenParent.get(r.organisationId)!;
      const key = `${parentId}/${r.userId}`;
      const found = shared.get(key) ?? { parentId, statuses: [] };
      found.statuses.push(r.status);
      shared.set(key, found);
    }
    for (const { parentId, statuses } of shared.values()) {
      if (statuses.length < 2) continue;
      const g = groups.get(parentId)!;
      let tally = g.tally;
      for (const s of statuses) tally = addTally(tally, statusTally(s, -1));
      g.tally = addTally(tally, statusTally(combinedStatus(statuses), 1));
    }
    rows = [...groups.entries()].map(([parentId, g]) => {
      const parent = parentId === null ? undefined : byId.get(parentId);
      return {
        code: parent?.code ?? "",
        name: parent?.name ?? "",
        kind: parent?.kind ?? null,
        parentName: null,
        organisations: g.count,
        target: 95,
        ...pick(g.tally),
        percent: percent(g.tally),
        meetsTarget: g.count === 0 ? null : g.meeting === g.count,
      };
    });
  } else {
    rows = chosen.map((o) => {
      const tally = figures.get(o.id)!;
      return {
        code: o.code,
        name: o.name,
        kind: o.kind,
        parentName: o.parentId === null ? null : (byId.get(o.parentId)?.name ?? null),
        organisations: 1,
        target: o.target,
        ...pick(tally),
        percent: percent(tally),
        meetsTarget: meetsTarget(tally, o.target),
      };
    });
  }
  const totalTally = rows.reduce((sum, r) => addTally(sum, r), EMPTY_TALLY);
  const shownRows = rows.map((r) => ({ ...r, ...shownFigures(r) }));
  // Sorted by the figures as shown, so the order says nothing of the hidden ones.
  const direction = query.dir === "desc" ? -1 : 1;
  const shown = (n: number | null) => n ?? -1;
  const compare: Record<AnalystQuery["sort"], (a: ShownRow, b: ShownRow) => number> = {
    name: (a, b) => a.name.localeCompare(b.name),
    code: (a, b) => a.code.localeCompare(b.code),
    percent: (a, b) => shown(a.percent) - shown(b.percent),
    counted: (a, b) => shown(a.counted) - shown(b.counted),
    people: (a, b) => shown(a.people) - shown(b.people),
    overdue: (a, b) => shown(a.overdue) - shown(b.overdue),
  };
  shownRows.sort((a, b) => direction * compare[query.sort](a, b) || a.name.localeCompare(b.name));
  // The total less the rows it shows would give a row's only hidden figure in a column: withhold it too.
  const oneHidden = ROW_COUNTS.filter((k) => shownRows.filter((r) => r[k] === null).length === 1);
  const total = shownFigures({ ...totalTally, percent: percent(totalTally) }, oneHidden);
  return {
    today,
    filters: {
      module: module?.slug ?? ALL,
      kind: query.kind ?? null,
      region: query.region ?? null,
      view: query.view,
      sort: query.sort,
      dir: query.dir,
    },
    options: { modules: modules.map((m) => ({ slug: m.slug, title: m.title })), regions },
    moduleTitle: module?.title ?? null,
    rows: shownRows,
    total,
  };
}

export type ShownFigures = Record<RowCount, number | null> & { percent: number | null; withheld: RowCount[] };

/**
 * The counts and percentage as shown (suppressRow): a count from 1 to 4 people is null ("fewer than
 * 5"), and so is a count listed in withheld ("not shown") that would let one be worked out. The
 * percentage shows only beside both its figures: with the people counted it would give the number in
 * date, and with the number in date the people counted.
 */
function shownFigures(r: Tally & { percent: number | null }, alsoWithhold: RowCount[] = []): ShownFigures {
  const { counts, withheld } = suppressRow(
    {
      people: r.people,
      newStarters: r.newStarters,
      counted: r.people - r.newStarters,
      inDate: r.compliant + r.dueSoon,
      compliant: r.compliant,
      dueSoon: r.dueSoon,
      overdue: r.overdue,
      notStarted: r.notStarted,
    },
    alsoWithhold,
  );
  return {
    ...counts,
    percent: counts.counted === null || counts.inDate === null || counts.counted < MIN_PEOPLE ? null : r.percent,
    withheld,
  };
}

const TALLY_FIELD: Record<TrainingStatus, keyof Tally> = {
  compliant: "compliant",
  "due-soon": "dueSoon",
  overdue: "overdue",
  "not-started": "notStarted",
  "new-starter": "newStarters",
};

/** One person with a status, as a tally (sign -1 takes them out). */
function statusTally(status: TrainingStatus, sign: 1 | -1): Tally {
  return { ...EMPTY_TALLY, people: sign, [TALLY_FIELD[status]]: sign };
}

function pick(t: Tally): Tally {
  return {
    people: t.people,
    compliant: t.compliant,
    dueSoon: t.dueSoon,
    overdue: t.overdue,
    notStarted: t.notStarted,
    newStarters: t.newStarters,
  };
}

export type AnalystData = ReturnType<typeof analystFigures>;

function columns(t: TFunction, view: AnalystQuery["view"]): string[] {
  return [
    view === "parents" ? t("compliance.analyst.parent") : t("compliance.analyst.organisation"),
    t("compliance.analyst.code"),
    t("compliance.analyst.kind"),
    ...(view === "parents" ? [t("compliance.analyst.organisations")] : [t("compliance.analyst.parent")]),
    t("compliance.exports.columns.people"),
    t("compliance.statuses.new-starter"),
    t("compliance.exports.columns.counted"),
    t("compliance.exports.columns.inDate"),
    t("compliance.exports.columns.percent"),
    t("compliance.exports.columns.meetsTarget"),
    t("compliance.statuses.overdue"),
    t("compliance.statuses.due-soon"),
    t("compliance.statuses.not-started"),
  ];
}

function values(r: AnalystData["rows"][number], t: TFunction, view: AnalystQuery["view"]): (string | number)[] {
  const n = (field: RowCount) => r[field] ?? hiddenLabel(r, field, t);
  return [
    r.name || t("compliance.analyst.noParent"),
    r.code,
    r.kind ? t(`compliance.kinds.${r.kind}`) : "",
    view === "parents" ? r.organisations : (r.parentName ?? ""),
    n("people"),
    n("newStarters"),
    n("counted"),
    n("inDate"),
    r.percent ?? missingPercentLabel(r, t),
    r.meetsTarget === null ? "" : r.meetsTarget ? t("compliance.exports.yes") : t("compliance.exports.no"),
    n("overdue"),
    n("dueSoon"),
    n("notStarted"),
  ];
}

/** The analyst table as CSV, XLSX or JSON, recorded in the audit trail with who and when printed on it. */
export async function analystExport(
  data: AnalystData,
  format: "csv" | "xlsx" | "json",
  language: ContentLanguage,
  by: { userId: string; description: string },
  now = new Date(),
): Promise<ExportResult> {
  recordAudit({
    action: "export-downloaded",
    actorUserId: by.userId,
    details: { export: "national", format, via: "web", by: by.description, filters: data.filters },
  });
  const t = await translatorFor(language);
  const title = `${t("compliance.analyst.exportTitle")}: ${data.moduleTitle ?? t("compliance.allRequired")}`;
  const provenance: ProvenanceRow[] = [
    [t("compliance.exports.figuresFor"), data.today, "date"],
    [
      t("compliance.exports.filters"),
      [
        data.moduleTitle ? t("compliance.exports.filterModule", { value: data.moduleTitle }) : null,
        data.filters.kind ? t(`compliance.kinds.${data.filters.kind}`) : null,
        data.filters.region !== null
          ? (data.options.regions.find((r) => r.id === data.filters.region)?.name ?? "")
          : null,
        data.filters.view === "parents" ? t("compliance.analyst.parentsNote") : null,
      ]
        .filter(Boolean)
        .join("; ") || t("compliance.analyst.everyOrganisation"),
    ],
    ["", `${t("compliance.exports.suppressed")} ${t("compliance.analyst.withheldNote")}`],
    [t("compliance.exports.exportedBy"), by.description],
    [t("compliance.exports.exportedAt"), now.toISOString(), "date-time"],
  ];
  const fileName = `cyber-basics-national-${data.filters.module}${data.filters.kind ? `-${data.filters.kind}` : ""}${data.filters.region !== null ? `-region-${data.filters.region}` : ""}-${data.filters.view}-${data.today}.${format}`;
  const view = data.filters.view;
  let body: string | Uint8Array;
  if (format === "csv") {
    body =
      "\uFEFF" +
      csvLine([title]) +
      provenance.map(([label, value]) => csvLine([label, value])).join("") +
      "\r\n" +
      csvLine(columns(t, view)) +
      data.rows.map((r) => csvLine(values(r, t, view))).join("");
  } else if (format === "json") {
    body =
      JSON.stringify(
        {
          title,
          figuresFor: data.today,
          exportedBy: by.description,
          exportedAt: now.toISOString(),
          filters: data.filters,
          rows: data.rows,
        },
        null,
        2,
      ) + "\n";
  } else {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(t("compliance.analyst.sheet"));
    addProvenance(sheet, { title, rows: provenance });
    sheet.addRow(columns(t, view)).font = { bold: true };
    for (const r of data.rows) sheet.addRow(values(r, t, view));
    // Column 2 holds the figures' date and the export time: wide enough that Excel does not show ####.
    sheet.columns.forEach((column, i) => (column.width = i === 0 ? 40 : i === 1 ? 24 : 14));
    body = new Uint8Array(await workbook.xlsx.writeBuffer());
  }
  const contentType = {
    csv: "text/csv; charset=utf-8",
    json: "application/json; charset=utf-8",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  }[format];
  return {
    fileName,
    contentType,
    body: (async function* () {
      yield body;
    })(),
  };
}
