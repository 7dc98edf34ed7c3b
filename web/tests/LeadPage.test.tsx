import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { LeadPage, changesOf } from "../src/pages/LeadPage";
import { FakeCrm, lead } from "./fakeCrm";
import { renderWithApi } from "./render";

const ID = "+972501234567";
const ITEM = { channel: null, role: null, call_sid: null, author_uid: null, author_name: null, duration_seconds: null, has_recording: false, summary: null, start: null, end: null, agent_id: null };

function crmWithLead(): FakeCrm {
  const crm = new FakeCrm();
  crm.leads.push(lead(ID, { name: "דנה כהן", city: "חיפה", rooms: 4, budget: 2500000, deal_type: "buy" }));
  crm.timeline.set(ID, [
    { ...ITEM, kind: "call", at: "2026-11-24T09:00:00Z", id: "CA1", title: "completed", channel: "voice", call_sid: "CA1", duration_seconds: 95, has_recording: true },
    { ...ITEM, kind: "message", at: "2026-11-24T09:05:00Z", id: "m1", title: "שלום, אני מחפשת דירת 4 חדרים", channel: "whatsapp", role: "caller" },
    { ...ITEM, kind: "appointment", at: "2026-11-26T08:00:00Z", id: "a1", title: "scheduled", start: "2026-11-26T08:00:00Z", end: "2026-11-26T08:30:00Z" },
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

  it("shows one conversation oldest first, in bubbles, with Israel times, Hebrew call states and a link to the call", async () => {
    renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    const timeline = await screen.findByRole("list", { name: "היסטוריה" });
    const items = within(timeline).getAllByRole("listitem");
    expect(items.map((li) => li.dataset.kind)).toEqual(["call", "message", "appointment"]);
    const callLink = within(items[0]!).getByRole("link", { name: "פרטי השיחה" });
    expect(callLink.getAttribute("href")).toBe("#/calls/CA1");
    expect(items[0]?.textContent).toContain("הסתיימה");
    expect(within(items[0]!).getByText("1:35").getAttribute("dir")).toBe("ltr");
    // The customer's bubble sits on the start side; Leah's and staff's on the end side.
    expect(items[1]?.textContent).toContain("הלקוח/ה");
    expect(items[1]?.className).toContain("justify-start");
    expect(items[2]?.textContent).toContain("נקבעה");
    expect(within(items[2]!).getByText(/26\.11\.2026, 10:00/).getAttribute("dir")).toBe("ltr");
  });

  it("refuses a number field that holds no number, sending nothing, with the error at the field", async () => {
    const { crm } = renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    const form = await screen.findByRole("form", { name: "פרטים" });
    const rooms = within(form).getByLabelText("חדרים");
    fireEvent.change(rooms, { target: { value: "ארבעה" } });
    fireEvent.click(within(form).getByRole("button", { name: "שמירה" }));
    const error = await within(form).findByText("חדרים: צריך להיות מספר");
    expect(rooms.getAttribute("aria-invalid")).toBe("true");
    expect(rooms.getAttribute("aria-describedby")).toContain(error.id);
    fireEvent.change(rooms, { target: { value: "25" } });
    fireEvent.click(within(form).getByRole("button", { name: "שמירה" }));
    expect(await within(form).findByText("חדרים: עד 20")).toBeTruthy();
    expect(crm.sent("PATCH", `/leads/${encodeURIComponent(ID)}`)).toHaveLength(0);
    expect(crm.leads[0]?.rooms).toBe(4);
  });

  it("adds a note, which shows in the timeline with its author", async () => {
    const { crm } = renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    fireEvent.change(await screen.findByLabelText("טקסט ההערה"), { target: { value: "לחזור אחרי החגים" } });
    fireEvent.click(screen.getByRole("button", { name: "הוספת הערה" }));
    const timeline = await screen.findByRole("list", { name: "היסטוריה" });
    await waitFor(() => expect(within(timeline).getByText("לחזור אחרי החגים")).toBeTruthy());
    expect(within(timeline).getByText(/הערה · דנה/)).toBeTruthy();
    expect(crm.sent("POST", `/leads/${encodeURIComponent(ID)}/notes`).map((r) => r.body)).toEqual([{ text: "לחזור אחרי החגים" }]);
  });

  it("assigns the lead to an agent and adds a tag", async () => {
    const { crm } = renderWithApi(<LeadPage leadId={ID} />, crmWithLead());
    const agent = await screen.findByLabelText("סוכן/ת מטפל/ת");
    await waitFor(() => expect(within(agent).getAllByRole("option")).toHaveLength(3));
    fireEvent.change(agent, { target: { value: "agent-2" } });
    await waitFor(() => expect(crm.leads[0]?.assigned_agent_id).toBe("agent-2"));
    fireEvent.change(screen.getByLabelText("תגית חדשה"), { target: { value: "משקיע" } });
    fireEvent.click(screen.getByRole("button", { name: "הוספה" }));
    await waitFor(() => expect(crm.leads[0]?.tags).toEqual(["משקיע"]));
    expect(await screen.findByRole("button", { name: "הסרת התגית משקיע" })).toBeTruthy();
  });

  it("says the lead was not found, in Hebrew", async () => {
    renderWithApi(<LeadPage leadId="+972509999999" />, crmWithLead());
    expect((await screen.findByRole("alert")).textContent).toBe("לא נמצא");
  });
});

describe("changesOf", () => {
  it("reads a budget typed with separators and the shekel sign", () => {
    const before = lead(ID, { budget: 100 });
    const draft = { phone: ID, name: "", city: "", area: "", timing: "", email: "", deal_type: "", property_type: "", rooms: "", budget: "₪2,500,000" };
    expect(changesOf(before, draft)).toEqual({ budget: 2500000 });
  });
});
