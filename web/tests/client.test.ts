import { describe, expect, it } from "vitest";

import { ApiError, createApi } from "../src/api/client";
import { BASE, FakeCrm, TOKEN, lead } from "./fakeCrm";

function client(crm: FakeCrm, token: string | null = TOKEN) {
  return createApi({ baseUrl: `${BASE}/`, getToken: async () => token, fetch: crm.fetch });
}

describe("CRM API client", () => {
  it("sends the bearer token and only the query parameters that have a value", async () => {
    const crm = new FakeCrm();
    await client(crm).leads({ status: "hot", source: undefined, q: "", sort: "name", order: "asc", limit: 10 });
    const [sent] = crm.sent("GET", "/leads");
    expect(sent?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(Object.fromEntries(sent?.query ?? [])).toEqual({ status: "hot", sort: "name", order: "asc", limit: "10" });
  });

  it("escapes a phone lead id in the path and sends a JSON body", async () => {
    const crm = new FakeCrm();
    crm.leads.push(lead("+972501234567"));
    const updated = await client(crm).updateLead("+972501234567", { status_id: "hot" });
    expect(updated.status_id).toBe("hot");
    expect(crm.requests.at(-1)).toMatchObject({ method: "PATCH", path: "/leads/%2B972501234567", body: { status_id: "hot" } });
  });

  it("turns a refusal into an ApiError carrying the API's Hebrew sentence", async () => {
    const crm = new FakeCrm();
    crm.leads.push(lead("+972501234567", { status_id: "hot" }));
    const error = await client(crm).deleteStatus("hot").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).messageHe).toBe("יש לבחור לאן להעביר את הלידים");
    expect((error as ApiError).body?.field).toBe("move_to");
  });

  it("sends no Authorization header when signed out, and the 401 comes back as an ApiError", async () => {
    const crm = new FakeCrm();
    const error = await client(crm, null).me().catch((e: unknown) => e);
    expect(crm.requests[0]?.authorization).toBeNull();
    expect((error as ApiError).status).toBe(401);
  });

  it("asks for appointments in an ISO range", async () => {
    const crm = new FakeCrm();
    await client(crm).appointments(new Date("2026-11-21T22:00:00Z"), new Date("2026-11-28T22:00:00Z"));
    const [sent] = crm.sent("GET", "/appointments");
    expect(sent?.query.get("start")).toBe("2026-11-21T22:00:00.000Z");
    expect(sent?.query.get("end")).toBe("2026-11-28T22:00:00.000Z");
    expect(sent?.query.get("include_cancelled")).toBe("false");
  });
});
