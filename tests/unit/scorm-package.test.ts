import { describe, expect, it } from "vitest";
import { packageNhsukCss } from "~/scorm/assets.server";
import { unlinkOutsideLinks } from "~/scorm/package.server";

describe("SCORM package contents", () => {
  it("keeps email and phone links and turns links to the app or other sites into their text", () => {
    const html =
      '<p>See <a href="/learn/reporting-incidents">Reporting incidents</a>, <a href="https://www.ncsc.gov.uk/x">the <strong>NCSC</strong></a>, ' +
      '<a href="mailto:report@phishing.gov.uk">report@phishing.gov.uk</a>, <a href="tel:01632960123">01632 960 123</a> and <a href="#top">top</a>.</p>';
    expect(unlinkOutsideLinks(html)).toBe(
      '<p>See Reporting incidents, the <strong>NCSC</strong>, <a href="mailto:report@phishing.gov.uk">report@phishing.gov.uk</a>, ' +
        '<a href="tel:01632960123">01632 960 123</a> and <a href="#top">top</a>.</p>',
    );
  });

  it("takes nhsuk-frontend's CSS without outside fonts and with its images beside it", () => {
    const css =
      "@font-face{font-family:Frutiger;src:url(https://assets.nhs.uk/fonts/x.woff2)}" +
      ".a{background:url(/assets/images/nhsuk-icon-cross.svg)}.b{mask:url('/assets/images/nhsuk-icon-arrow-up.svg')}";
    expect(packageNhsukCss(css)).toEqual({
      css: ".a{background:url(images/nhsuk-icon-cross.svg)}.b{mask:url(images/nhsuk-icon-arrow-up.svg)}",
      images: ["nhsuk-icon-arrow-up.svg", "nhsuk-icon-cross.svg"],
    });
    expect(() => packageNhsukCss(".c{background:url(https://example.org/x.png)}")).toThrow(/another site/);
  });
});
