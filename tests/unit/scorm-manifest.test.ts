import { describe, expect, it } from "vitest";
import { scormManifest } from "~/scorm/manifest.server";

describe("scormManifest", () => {
  it("is SCORM 1.2 with one SCO listing every file once", () => {
    const xml = scormManifest({
      identifier: "spotting-phishing en",
      title: "Spotting <phishing>",
      launch: "index.html",
      files: ["index.html", "page-1.html", "assets/player.js"],
      masteryScore: 80,
    });
    const doc = new DOMParser().parseFromString(xml, "application/xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    expect(doc.getElementsByTagName("schema")[0].textContent).toBe("ADL SCORM");
    expect(doc.getElementsByTagName("schemaversion")[0].textContent).toBe("1.2");
    const resources = doc.getElementsByTagName("resource");
    expect(resources).toHaveLength(1);
    expect(resources[0].getAttribute("adlcp:scormtype")).toBe("sco");
    expect(resources[0].getAttribute("href")).toBe("index.html");
    const files = [...doc.getElementsByTagName("file")].map((f) => f.getAttribute("href"));
    expect(files).toEqual(["index.html", "page-1.html", "assets/player.js"]);
    expect(doc.getElementsByTagName("title")[0].textContent).toBe("Spotting <phishing>");
    expect(doc.getElementsByTagName("adlcp:masteryscore")[0].textContent).toBe("80");
    expect(doc.documentElement.getAttribute("identifier")).toBe("spotting-phishing-en");
  });
});
