import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { LeadPage, changesOf } from "../src/pages/LeadPage";
import { FakeCrm, lead } from "./fakeCrm";
import { renderWithApi } from "./render";

const ID = "+972501234567";

function crmWithLead(): FakeCrm {
  const crm = new FakeCrm();
  crm.leads.push(lead(ID, { name: "דנה כהן", city: "חיפה", rooms: 4, budget: 2500000, deal_type: "buy" }));
  crm.timeline.set(ID, [
    { kind: "appointment", at: "2026-11-26T08:00:00Z", id: "a1", title: "scheduled" },
    { kind: "message", at: "2026-11-24T09:05:00Z", id: "m1", title: "שלום, אני מחפשת דירת 4 חדרים", channel: "whatsapp", role: "caller" },
    { kind: "call", at: "2026-11-24T09:00:00Z", id: "CA1", title: "completed · 95s", channel: "voice", call_sid: "CA1" },
  ]);
  return crm;
}

describe("lead detail", () => {
  it("changes the status and shows the new one", async () => {
    const { crm } = renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    const picker = await screen.findByLabelText("שינוי סטטוס");
    await waitFor(() => expect(within(picker).getAllByRole("option")).toHaveLength(3));
    fireEvent.change(picker, { target: { value: "hot" } });
    expect(await screen.findByText("הסטטוס עודכן")).toBeTruthy();
    expect(crm.sent("PATCH", `/leads/${encodeURIComponent(ID)}`).map((r) => r.body)).toEqual([{ status_id: "hot" }]);
    expect(crm.leads[0]?.status_id).toBe("hot");
    expect((picker as HTMLSelectElement).value).toBe("hot");
  });

  it("saves only the fields that were edited; an emptied field is cleared", async () => {
    const { crm } = renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    const form = await screen.findByRole("form", { name: "פרטים" });
    fireEvent.change(within(form).getByLabelText("עיר"), { target: { value: "  תל אביב " } });
    fireEvent.change(within(form).getByLabelText("חדרים"), { target: { value: "4.5" } });
    fireEvent.change(within(form).getByLabelText("שם"), { target: { value: "" } });
    fireEvent.click(within(form).getByRole("button", { name: "שמירה" }));
    await within(form).findByText("נשמר");
    expect(crm.sent("PATCH", `/leads/${encodeURIComponent(ID)}`).map((r) => r.body)).toEqual([
      { name: null, city: "תל אביב", rooms: 4.5 },
    ]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("ללא שם");
  });

  it("shows the timeline newest first with Israel times, Hebrew call states and a link to the call", async () => {
    renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    const items = await screen.findAllByRole("listitem");
    const timeline = items.filter((li) => li.closest("ol.timeline"));
    expect(timeline).toHaveLength(3);
    expect(timeline[0]?.textContent).toContain("פגישה");
    expect(timeline[0]?.textContent).toContain("נקבעה");
    expect(within(timeline[0]!).getByText(/10:00/).getAttribute("dir")).toBe("ltr");
    expect(timeline[1]?.textContent).toContain("הלקוח/ה");
    const callLink = within(timeline[2]!).getByRole("link");
    expect(callLink.getAttribute("href")).toBe("#/calls/CA1");
    expect(callLink.textContent).toBe("הסתיימה · 95 שנ׳");
  });

  it("refuses a number field that holds no number, sending nothing", async () => {
    const { crm } = renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    const form = await screen.findByRole("form", { name: "פרטים" });
    fireEvent.change(within(form).getByLabelText("חדרים"), { target: { value: "ארבעה" } });
    fireEvent.click(within(form).getByRole("button", { name: "שמירה" }));
    expect((await within(form).findByRole("alert")).textContent).toBe('בשדה "חדרים" צריך להיות מספר');
    expect(crm.sent("PATCH", `/leads/${encodeURIComponent(ID)}`)).toHaveLength(0);
    expect(crm.leads[0]?.rooms).toBe(4);
  });

  it("adds a note", async () => {
    const { crm } = renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    fireEvent.change(await screen.findByLabelText("הוספת הערה"), { target: { value: "לחזור אחרי החגים" } });
    fireEvent.click(screen.getByRole("button", { name: "הוספת הערה" }));
    expect(await screen.findByText("לחזור אחרי החגים")).toBeTruthy();
    expect(crm.leads[0]?.notes).toEqual(["לחזור אחרי החגים"]);
  });

  it("says the lead was not found, in Hebrew", async () => {
    renderWithApi(<LeadPage leadId="+972509999999" />, crmWithLead());
    expect((await screen.findByRole("alert")).textContent).toBe("לא נמצא");
  });
});

describe("changesOf", () => {
  it("reads a budget typed with separators and the shekel sign", () => {
    const before = lead(ID, { budget: 100 });
    const draft = { name: "", city: "", area: "", timing: "", email: "", deal_type: "", property_type: "", rooms: "", budget: "₪2,500,000" };
    expect(changesOf(before, draft)).toEqual({ budget: 2500000 });
  });
});
