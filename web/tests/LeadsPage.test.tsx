import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { LeadsPage } from "../src/pages/LeadsPage";
import { FakeCrm, lead } from "./fakeCrm";
import { renderWithApi } from "./render";

function crmWith(count: number): FakeCrm {
  const crm = new FakeCrm();
  for (let i = 0; i < count; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    crm.leads.push(
      lead(`+9725012345${String(i).padStart(2, "0")}`, {
        name: i === 0 ? "דנה כהן" : `ליד ${i}`,
        status_id: i % 3 === 0 ? "hot" : "new",
        sources: i % 2 ? ["whatsapp"] : ["voice"],
        created_at: `2026-10-${day}T09:${String(i).padStart(2, "0")}:00Z`,
      }),
    );
  }
  return crm;
}

const rows = () => screen.getAllByRole("row").slice(1);

describe("leads list", () => {
  it("shows each lead with its phone and times left-to-right inside the RTL table", async () => {
    renderWithApi(<LeadsPage />, crmWith(1));
    const table = await screen.findByRole("table");
    const row = (await within(table).findByText("דנה כהן")).closest("tr") as HTMLElement;
    const phone = within(row).getByText("050-1234500");
    expect(phone.tagName).toBe("BDI");
    expect(phone.getAttribute("dir")).toBe("ltr");
    // 09:00 UTC on 1 October is 12:00 in Israel (summer time).
    const created = within(row).getByText(/12:00/);
    expect(created.tagName).toBe("BDI");
    expect(within(row).getByText("חם")).toBeTruthy();
    expect(within(row).getByRole("link", { name: "דנה כהן" }).getAttribute("href")).toBe("#/leads/%2B972501234500");
  });

  it("loads the next page with the cursor and appends it", async () => {
    const { crm } = renderWithApi(<LeadsPage />, crmWith(30));
    await waitFor(() => expect(rows()).toHaveLength(25));
    fireEvent.click(screen.getByRole("button", { name: "טעינת עוד" }));
    await waitFor(() => expect(rows()).toHaveLength(30));
    expect(crm.sent("GET", "/leads").at(-1)?.query.get("cursor")).toBe("25");
    expect(screen.queryByRole("button", { name: "טעינת עוד" })).toBeNull();
  });

  it("filters by status and source and starts again from the first page", async () => {
    const { crm } = renderWithApi(<LeadsPage />, crmWith(12));
    await waitFor(() => expect(rows()).toHaveLength(12));
    fireEvent.change(screen.getByLabelText(/סטטוס/), { target: { value: "hot" } });
    await waitFor(() => expect(rows()).toHaveLength(4));
    fireEvent.change(screen.getByLabelText(/מקור/), { target: { value: "whatsapp" } });
    await waitFor(() => expect(rows()).toHaveLength(2)); // leads 3 and 9
    const last = crm.sent("GET", "/leads").at(-1);
    expect(last?.query.get("status")).toBe("hot");
    expect(last?.query.get("source")).toBe("whatsapp");
    expect(last?.query.has("cursor")).toBe(false);
  });

  it("searches by name or phone, and asks for two characters at least", async () => {
    const { crm } = renderWithApi(<LeadsPage />, crmWith(12));
    await waitFor(() => expect(rows()).toHaveLength(12));
    const box = screen.getByRole("searchbox");
    fireEvent.change(box, { target: { value: "ד" } });
    fireEvent.click(screen.getByRole("button", { name: "חיפוש" }));
    expect(screen.getByText("יש להקליד לפחות 2 תווים")).toBeTruthy();
    fireEvent.change(box, { target: { value: "דנה" } });
    fireEvent.click(screen.getByRole("button", { name: "חיפוש" }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(crm.sent("GET", "/leads").at(-1)?.query.get("q")).toBe("דנה");
    fireEvent.change(box, { target: { value: "050-1234511" } });
    fireEvent.click(screen.getByRole("button", { name: "חיפוש" }));
    await waitFor(() => expect(within(screen.getByRole("table")).getByText("ליד 11")).toBeTruthy());
    expect(rows()).toHaveLength(1);
  });

  it("sorts by the chosen field and order", async () => {
    const { crm } = renderWithApi(<LeadsPage />, crmWith(3));
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.change(screen.getByLabelText(/מיון/), { target: { value: "name:asc" } });
    await waitFor(() => expect(crm.sent("GET", "/leads").at(-1)?.query.get("sort")).toBe("name"));
    expect(crm.sent("GET", "/leads").at(-1)?.query.get("order")).toBe("asc");
    await waitFor(() => expect(within(rows()[0]!).queryByText("דנה כהן")).toBeTruthy());
  });

  it("shows the API's Hebrew sentence when the list is refused", async () => {
    renderWithApi(<LeadsPage />, crmWith(1), "expired-token");
    expect((await screen.findByRole("alert")).textContent).toBe("יש להתחבר מחדש");
  });
});

describe("leads on a phone", () => {
  it("shows each lead as a card too (the table is for wide screens), linking to the lead", async () => {
    renderWithApi(<LeadsPage />, crmWith(2));
    const cards = await screen.findByRole("list", { name: "לידים" });
    await waitFor(() => expect(within(cards).getAllByRole("listitem")).toHaveLength(2));
    const card = within(cards).getAllByRole("link")[1]!;
    expect(card.getAttribute("href")).toBe("#/leads/%2B972501234500");
    expect(within(card).getByText("050-1234500").getAttribute("dir")).toBe("ltr");
    expect(within(card).getByText("חם")).toBeTruthy();
  });
});

describe("leads list address", () => {
  it("keeps the filters in the address, so coming back restores them", async () => {
    window.location.hash = "#/leads?status=hot&sort=name:asc";
    const { crm } = renderWithApi(<LeadsPage />, crmWith(6));
    await waitFor(() => expect(rows()).toHaveLength(2));
    const first = crm.sent("GET", "/leads")[0];
    expect(first?.query.get("status")).toBe("hot");
    expect(first?.query.get("sort")).toBe("name");
    expect((screen.getByLabelText(/סטטוס/) as HTMLSelectElement).value).toBe("hot");
    fireEvent.change(screen.getByLabelText(/מקור/), { target: { value: "voice" } });
    await waitFor(() => expect(window.location.hash).toBe("#/leads?status=hot&source=voice&sort=name%3Aasc"));
  });
});
