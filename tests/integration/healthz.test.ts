import { describe, expect, it } from "vitest";
import { loader } from "~/routes/healthz";

describe("GET /healthz", () => {
  it("answers 200 when the database is reachable", async () => {
    const response = loader();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
  });
});
