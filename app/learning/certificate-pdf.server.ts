import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { TFunction } from "i18next";
import { certificateFacts, type CertificateView } from "./certificate-facts";

const require = createRequire(import.meta.url);
// DejaVu covers Welsh letters such as ŵ and ŷ, which PDF's built-in fonts do not.
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const REGULAR = path.join(fontDir, "DejaVuSans.ttf");
const BOLD = path.join(fontDir, "DejaVuSans-Bold.ttf");
const NHS_BLUE = "#005eb8";

/** The certificate as an A4 PDF, with the same facts as the printable page. */
export function certificatePdf(
  certificate: CertificateView,
  verifyUrl: string,
  language: string,
  t: TFunction,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: `${t("learning.certificate.title")}: ${certificate.moduleTitle}`, Author: "Cyber Basics" },
    lang: language,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.rect(0, 0, doc.page.width, 12).fill(NHS_BLUE);
  doc.fillColor("#212b32").font(BOLD).fontSize(12).text(t("service.name"), { align: "right" });
  doc.moveDown(3);
  doc.font(BOLD).fontSize(28).fillColor(NHS_BLUE).text(t("learning.certificate.title"), { align: "center" });
  doc.moveDown(1.5);
  doc.font(REGULAR).fontSize(14).fillColor("#212b32").text(t("learning.certificate.awardedTo"), { align: "center" });
  doc.moveDown(0.5);
  doc.font(BOLD).fontSize(24).text(certificate.name, { align: "center" });
  doc.moveDown(0.5);
  doc.font(REGULAR).fontSize(14).text(t("learning.certificate.completed"), { align: "center" });
  doc.moveDown(2);

  for (const [label, value] of certificateFacts(certificate, t, language)) {
    doc.font(BOLD).fontSize(12).text(label, { continued: true }).font(REGULAR).text(`  ${value}`);
    doc.moveDown(0.4);
  }
  doc.moveDown(2);
  doc
    .font(REGULAR)
    .fontSize(11)
    .fillColor("#4c6272")
    .text(t("learning.certificate.checkAt", { url: verifyUrl }), { align: "center" });
  doc.end();
  return done;
}
