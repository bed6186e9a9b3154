import { describe, expect, it } from "vitest";
import { COLUMN_SYNONYMS, columnOfHeader, mapHeaders, type Column } from "~/staff-import/columns";
import { ESR_STAFF_GROUP_NAMES, STAFF_GROUP_SHORT_FORMS, staffGroupFromText } from "~/staff-import/staff-groups";

const entries = (Object.entries(COLUMN_SYNONYMS) as Array<[Column, readonly string[]]>).flatMap(([column, names]) =>
  names.map((name) => [name, column] as const),
);

describe("staff list headers", () => {
  it.each(entries)("%s is the %s column, in any case, spacing and punctuation", (name, column) => {
    expect(columnOfHeader(name)).toBe(column);
    expect(columnOfHeader(` ${name.toUpperCase().replace(/ /g, "_")} `)).toBe(column);
    expect(columnOfHeader(name.toLowerCase().replace(/ /g, "-"))).toBe(column);
    expect(columnOfHeader(name.replace(/ /g, "."))).toBe(column);
  });

  it("never takes an assignment number for an employee number", () => {
    expect(mapHeaders(["Assignment Number", "Employee Number", "Email"])).toMatchObject({
      assignmentNumber: 0,
      employeeNumber: 1,
      email: 2,
    });
    expect(mapHeaders(["Assignment Number"]).employeeNumber).toBeUndefined();
  });
});

const groups = (Object.keys(ESR_STAFF_GROUP_NAMES) as Array<keyof typeof ESR_STAFF_GROUP_NAMES>).flatMap((id) =>
  [id, ESR_STAFF_GROUP_NAMES[id], ...STAFF_GROUP_SHORT_FORMS[id]].map((name) => [name, id] as const),
);

describe("staff groups", () => {
  it.each(groups)("%s is %s", (name, id) => {
    expect(staffGroupFromText(name)).toBe(id);
    expect(staffGroupFromText(name.toUpperCase())).toBe(id);
  });

  it("knows no others", () => {
    expect(staffGroupFromText("Volunteers")).toBeNull();
  });
});
