import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Appointment } from "../src/api/client";
import { CalendarPage } from "../src/pages/CalendarPage";
import { FakeCrm } from "./fakeCrm";
import { renderWithApi } from "./render";

function appointment(id: string, start: string, end: string, extra: Partial<Appointment> = {}): Appointment {
  return {
    id,
    lead_id: "+972501234567",
    lead_name: "דנה כהן",
    lead_phone_display: "050-1234567",
    lead_status_id: "meeting",
    agent_id: "agent-1",
    agent_name: "נציג/ה",
    start,
    end,
    status: "scheduled",
    notes: null,
    source: "voice",
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    ...extra,
  };
}

function crmWithWeek(): FakeCrm {
  const crm = new FakeCrm();
  crm.appointments.push(
    appointment("a-sun", "2026-11-22T08:00:00Z", "2026-11-22T08:30:00Z"), // Sunday 10:00
    appointment("a-sat-night", "2026-11-28T22:30:00Z", "2026-11-28T23:00:00Z"), // next Sunday 00:30
    appointment("a-thu", "2026-11-26T21:30:00Z", "2026-11-26T22:00:00Z", {
      lead_id: "+972529999999",
      lead_name: null,
      lead_phone_display: null,
      agent_id: "agent-2",
      agent_name: "יוסי",
    }), // Thursday 23:30
  );
  return crm;
}

const NOW = new Date("2026-11-25T12:00:00Z");

describe("calendar", () => {
  it("asks for Sunday 00:00 to the next Sunday 00:00 in Israel and files meetings under their Israel day, with their agent", async () => {
    const { crm } = renderWithApi(<CalendarPage now={NOW} />, crmWithWeek(), undefined, "/calendar");
    const sunday = await screen.findByTestId("day-2026-11-22");
    await waitFor(() => expect(within(sunday).getByRole("link", { name: "דנה כהן" })).toBeTruthy());
    const [sent] = crm.sent("GET", "/appointments");
    expect(sent?.query.get("start")).toBe("2026-11-21T22:00:00.000Z");
    expect(sent?.query.get("end")).toBe("2026-11-28T22:00:00.000Z");
    expect(within(sunday).getByText("10:00–10:30").getAttribute("dir")).toBe("ltr");
    expect(within(sunday).getByText(/עם נציג\/ה/)).toBeTruthy();
    const thursday = screen.getByTestId("day-2026-11-26");
    expect(within(thursday).getByText("23:30–00:00")).toBeTruthy();
    // A lead with no name shows by its phone, in the one phone format.
    expect(within(thursday).getByRole("link", { name: "052-9999999" })).toBeTruthy();
    expect(within(thursday).getByText(/עם יוסי/)).toBeTruthy();
    expect(screen.queryByText("00:30–01:00")).toBeNull();
  });

  it("shows one agent's meetings, and one day", async () => {
    const { crm } = renderWithApi(<CalendarPage now={NOW} />, crmWithWeek(), undefined, "/calendar?view=day&date=2026-11-26&agent=agent-2");
    const thursday = await screen.findByTestId("day-2026-11-26");
    await waitFor(() => expect(within(thursday).getByText("23:30–00:00")).toBeTruthy());
    expect(screen.queryByTestId("day-2026-11-22")).toBeNull();
    const [sent] = crm.sent("GET", "/appointments");
    expect(sent?.query.get("agent_id")).toBe("agent-2");
    expect(sent?.query.get("start")).toBe("2026-11-25T22:00:00.000Z");
    expect(sent?.query.get("end")).toBe("2026-11-26T22:00:00.000Z");
  });

  it("cancels a meeting after asking", async () => {
    const { crm } = renderWithApi(<CalendarPage now={NOW} />, crmWithWeek(), undefined, "/calendar?date=2026-11-22");
    const sunday = await screen.findByTestId("day-2026-11-22");
    fireEvent.click(await within(sunday).findByRole("button", { name: /ביטול פגישה/ }));
    fireEvent.click(within(sunday).getByRole("button", { name: "כן, לבטל" }));
    await waitFor(() => expect(within(sunday).getByText(/בוטלה/)).toBeTruthy());
    expect(crm.sent("POST", "/appointments/a-sun/cancel")).toHaveLength(1);
  });

  it("moves a meeting to another Israel day (typed day.month.year) and time and agent, keeping its length", async () => {
    const { crm } = renderWithApi(<CalendarPage now={NOW} />, crmWithWeek(), undefined, "/calendar?date=2026-11-22");
    const sunday = await screen.findByTestId("day-2026-11-22");
    fireEvent.click(await within(sunday).findByRole("button", { name: /הזזה/ }));
    const form = within(sunday).getByRole("form", { name: "הזזה" });
    fireEvent.change(within(form).getByLabelText("תאריך"), { target: { value: "31.11.2026" } });
    fireEvent.click(within(form).getByRole("button", { name: "שמירת המועד" }));
    expect(await within(form).findByText("תאריך: יום.חודש.שנה, למשל 05.03.2030")).toBeTruthy();
    expect(crm.sent("PATCH", "/appointments/a-sun")).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText("תאריך"), { target: { value: "24.11.2026" } });
    fireEvent.change(within(form).getByLabelText("שעה"), { target: { value: "15:30" } });
    fireEvent.change(within(form).getByLabelText("סוכן/ת"), { target: { value: "agent-2" } });
    fireEvent.click(within(form).getByRole("button", { name: "שמירת המועד" }));
    await waitFor(() => expect(crm.sent("PATCH", "/appointments/a-sun")).toHaveLength(1));
    expect(crm.sent("PATCH", "/appointments/a-sun")[0]?.body).toEqual({
      start: "2026-11-24T13:30:00.000Z",
      end: "2026-11-24T14:00:00.000Z",
      agent_id: "agent-2",
    });
    await waitFor(() => expect(within(screen.getByTestId("day-2026-11-24")).getByText("15:30–16:00")).toBeTruthy());
  });
});
