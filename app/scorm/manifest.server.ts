/** imsmanifest.xml for a SCORM 1.2 package with one SCO that launches `launch` and lists every file. */
export interface ManifestInput {
  identifier: string;
  title: string;
  launch: string;
  files: string[];
  /** The pass mark (0-100): an LMS that judges lesson_status from the score uses the same one. */
  masteryScore?: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function scormManifest({ identifier, title, launch, files, masteryScore }: ManifestInput): string {
  const id = identifier.replace(/[^A-Za-z0-9_.-]/g, "-");
  const fileLines = [...new Set([launch, ...files])]
    .map((file) => `      <file href="${escapeXml(file)}"/>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${id}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-${id}">
    <organization identifier="org-${id}">
      <title>${escapeXml(title)}</title>
      <item identifier="item-${id}" identifierref="res-${id}">
        <title>${escapeXml(title)}</title>${masteryScore === undefined ? "" : `\n        <adlcp:masteryscore>${masteryScore}</adlcp:masteryscore>`}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-${id}" type="webcontent" adlcp:scormtype="sco" href="${escapeXml(launch)}">
${fileLines}
    </resource>
  </resources>
</manifest>
`;
}
