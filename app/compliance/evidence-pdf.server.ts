import { MIN_PEOPLE } from "./suppression";
import { createRequire } from "node:module";
import path from "node:path";
import type { TFunction } from "i18next";
import PDFDocument from "pdfkit";
import type { EvidenceData } from "./evidence.server";
import { formatDate, formatMonth, formatNumber, formatPercent } from "./format";

const require = createRequire(import.meta.url);
// DejaVu has the Welsh letters (ŵ, ŷ) that PDF's built-in fonts lack.
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const REGULAR = path.join(fontDir, "DejaVuSans.ttf");
const BOLD = path.join(fontDir, "DejaVuSans-Bold.ttf");
const NHS_BLUE = "#005eb8";
const TEXT = "#212b32";
const GREY = "#768692";

type Doc = InstanceType<typeof PDFDocument>;

function table(doc: Doc, headers: string[], rows: string[][], widths: number[]): void {
  const x0 = doc.page.margins.left;
  const pad = 3;
  const fontSize = 8;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, shade: boolean) => {
    const h = rowHeight(cells, font);
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawRow(headers, BOLD, true);
    }
    const y = doc.y;
    if (shade)
      doc
        .rect(
          x0,
          y,
          widths.reduce((a, b) => a + b, 0),
          h,
        )
        .fill("#f0f4f5");
    let x = x0;
    doc.fillColor(TEXT).font(font).fontSize(fontSize);
    cells.forEach((c, i) => {
      doc.text(c, x + pad, y + pad, { width: widths[i] - 2 * pad, align: i === 0 ? "left" : "right" });
      x += widths[i];
    });
    doc
      .moveTo(x0, y + h)
      .lineTo(x, y + h)
      .lineWidth(0.5)
      .strokeColor(GREY)
      .stroke();
    doc.x = x0;
    doc.y = y + h;
  };
  drawRow(headers, BOLD, true);
  for (const r of rows) drawRow(r, REGULAR, false);
  doc.moveDown(1);
}

function heading(doc: Doc, text: string, size = 14): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5).font(BOLD).fontSize(size).fillColor(NHS_BLUE).text(text).moveDown(0.3);
  doc.font(REGULAR).fontSize(9).fillColor(TEXT);
}

function paragraph(doc: Doc, text: string): void {
  doc.x = doc.page.margins.left;
  doc.font(REGULAR).fontSize(9).fillColor(TEXT).text(text).moveDown(0.4);
}

/** The evidence pack as an A4 landscape PDF: the same sections and figures as the printable page. */
export function evidencePdf(
  evidence: EvidenceData,
  t: TFunction,
  language: string,
  prepared: { by: string; at: string },
): Promise<Buffer> {
  const title = `${t("compliance.evidence.title")}: ${evidence.organisation.name}`;
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 40,
    info: { Title: title, Author: "Cyber Basics" },
    lang: language,
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const pct = (f: { percent: number | null; compliant: number; counted: number }) =>
    f.percent === null
      ? t("compliance.nobodyCounted")
      : `${formatPercent(f.percent, language)} (${formatNumber(f.compliant, language)}/${formatNumber(f.counted, language)})`;
  const columnTitles = evidence.columns.map((c) => c.title ?? t("compliance.allRequired"));
  const matrixWidths = (n: number) => [width * 0.28, ...Array.from({ length: n }, () => (width * 0.72) / n)];

  doc.rect(0, 0, doc.page.width, 10).fill(NHS_BLUE);
  doc.font(BOLD).fontSize(18).fillColor(NHS_BLUE).text(title, doc.page.margins.left, 30);
  paragraph(
    doc,
    t("compliance.evidence.lede", {
      organisation: `${evidence.organisation.name} (${evidence.organisation.code})`,
      date: formatDate(evidence.date, language),
    }),
  );
  paragraph(
    doc,
    t("compliance.evidence.purpose", { date: formatDate(evidence.date, language), target: evidence.target }),
  );
  if (evidence.pastDate)
    paragraph(doc, t("compliance.evidence.pastDate", { date: formatDate(evidence.date, language) }));

  heading(doc, t("compliance.evidence.needs.title"));
  paragraph(doc, t("compliance.evidence.needs.intro"));
  table(
    doc,
    [t("compliance.columns.group"), t("compliance.evidence.needs.people"), ...evidence.modules.map((m) => m.title)],
    evidence.needs.map((n) => [
      t(`auth.staffGroups.${n.group}`),
      formatNumber(n.people, language),
      ...n.modules.map((m) =>
        m.required
          ? t("compliance.evidence.needs.every", { days: m.renewalDays, grace: m.graceDays })
          : t("compliance.evidence.needs.notRequired"),
      ),
    ]),
    [width * 0.16, width * 0.08, ...evidence.modules.map(() => (width * 0.76) / Math.max(1, evidence.modules.length))],
  );
  if (evidence.optionalModules.length > 0)
    paragraph(doc, t("compliance.evidence.needs.optionalModules", { modules: evidence.optionalModules.join("; ") }));

  heading(doc, t("compliance.evidence.delivery.title"));
  paragraph(
    doc,
    t("compliance.evidence.delivery.intro", { date: formatDate(evidence.date, language), target: evidence.target }),
  );
  table(
    doc,
    [
      t("compliance.columns.module"),
      t("compliance.columns.share"),
      t("compliance.exports.columns.meetsTarget"),
      t("compliance.statuses.new-starter"),
    ],
    evidence.delivery.map((d, i) => [
      columnTitles[i],
      pct(d.figure),
      d.figure.meetsTarget === null
        ? ""
        : d.figure.meetsTarget
          ? t("compliance.exports.yes")
          : t("compliance.exports.no"),
      formatNumber(d.figure.inGrace, language),
    ]),
    [width * 0.4, width * 0.25, width * 0.15, width * 0.2],
  );
  heading(doc, t("compliance.evidence.delivery.byUnit"), 11);
  table(
    doc,
    [t("compliance.columns.unit"), ...columnTitles],
    evidence.byUnit.map((u) => [u.name ?? t("compliance.noUnit"), ...u.figures.map(pct)]),
    matrixWidths(columnTitles.length),
  );
  heading(doc, t("compliance.evidence.delivery.byGroup"), 11);
  table(
    doc,
    [t("compliance.columns.group"), ...columnTitles],
    evidence.byGroup.map((g) => [t(`auth.staffGroups.${g.group}`), ...g.figures.map(pct)]),
    matrixWidths(columnTitles.length),
  );

  heading(doc, t("compliance.evidence.evaluation.title"));
  paragraph(doc, t("compliance.evidence.evaluation.intro"));
  heading(doc, t("compliance.evidence.evaluation.trend"), 11);
  table(
    doc,
    [t("compliance.trend.month"), ...columnTitles],
    evidence.trend.map((p) => [formatMonth(p.month, language), ...p.figures.map(pct)]),
    matrixWidths(columnTitles.length),
  );
  heading(doc, t("compliance.evidence.evaluation.outcomes"), 11);
  if (evidence.outcomes.length === 0) paragraph(doc, t("compliance.outcomes.empty"));
  for (const m of evidence.outcomes) {
    paragraph(
      doc,
      `${m.title}: ${t("compliance.outcomes.people", { formatted: m.people < MIN_PEOPLE ? t("compliance.outcomes.tooFew") : formatNumber(m.people, language) })} ${t("compliance.exports.suppressed")}`,
    );
    const groups = m.groups.map((g) =>
      g.group === "other" ? t("compliance.outcomes.otherGroups") : t(`auth.staffGroups.${g.group}`),
    );
    const value = (c: { percent: number | null; answers: number }) =>
      c.percent === null ? t("compliance.outcomes.tooFew") : `${formatPercent(c.percent, language)} (${c.answers})`;
    table(
      doc,
      [t("compliance.outcomes.outcome"), t("compliance.outcomes.allStaff"), ...groups],
      m.outcomes.map((o) => [o.text, value(o.all), ...o.byGroup.map(value)]),
      [width * 0.34, ...Array.from({ length: groups.length + 1 }, () => (width * 0.66) / (groups.length + 1))],
    );
  }

  heading(doc, t("compliance.evidence.dspt.title"));
  paragraph(doc, t("compliance.evidence.dspt.assertion"));
  paragraph(doc, t("compliance.evidence.dspt.older", { target: evidence.target }));
  paragraph(doc, t("compliance.evidence.dspt.check"));
  heading(doc, t("compliance.howWeCount.title"), 11);
  for (const key of [
    "module",
    "inDate",
    "newStarters",
    "once",
    "leavers",
    "all",
    "retake",
    "rounding",
    "suppression",
    "pastDates",
  ])
    paragraph(doc, `• ${t(`compliance.howWeCount.${key}`)}`);
  paragraph(doc, t("compliance.evidence.preparedBy", { by: prepared.by, at: prepared.at }));
  doc.end();
  return done;
}
