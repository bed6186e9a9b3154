import { describe, expect, it } from "vitest";
import { pageI18n } from "~/i18n/page-instances.server";

describe("pageI18n", () => {
  it("gives each call with values its own answer, in each language, however often asked", () => {
    for (let round = 0; round < 2; round++) {
      const english = pageI18n("en-GB").getFixedT("en-GB");
      const welsh = pageI18n("cy").getFixedT("cy");
      expect(english("learning.lesson.pageOf", { number: 2, count: 7 })).toBe("Page 2 of 7");
      expect(english("learning.lesson.pageOf", { number: 3, count: 7 })).toBe("Page 3 of 7");
      expect(english("learning.lesson.pageOf", { number: "3", count: 7 })).toBe("Page 3 of 7");
      expect(welsh("learning.lesson.pageOf", { number: 2, count: 7 })).toBe("Tudalen 2 o 7");
      expect(english("learning.lesson.next")).not.toBe(welsh("learning.lesson.next"));
    }
  });
});
