import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { Appointment } from "../src/api/client";
import { AppointmentsPage } from "../src/pages/AppointmentsPage";
import { FakeCrm, lead } from "./fakeCrm";
import { renderWithApi } from "./render";

function appointment(id: string, start: string, end: string, leadId = "+972501234567"): Appointment {
  return {
    id,
    lead_id: leadId,
    agent_id: "agent-1",
    start,
    end,
    status: "scheduled",
    notes: null,
    source: "voice",
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
  };
}

function crmWithWeek(): FakeCrm {
  const crm = new FakeCrm();
  crm.leads.push(lead("+972501234567", { name: "דנה כהן" }));
  crm.appointments.push(
    appointment("a-sun", "2026-11-22T08:00:00Z", "2026-11-22T08:30:00Z"), // Sunday 10:00
    appointment("a-sat-night", "2026-11-28T22:30:00Z", "2026-11-28T23:00:00Z"), // next Sunday 00:30
    appointment("a-thu", "2026-11-26T21:30:00Z", "2026-11-26T22:00:00Z", "+972529999999"), // Thursday 23:30
  );
  return crm;
}

describe("appointments week", () => {
  it("asks for Sunday 00:00 to the next Sunday 00:00 in Israel and files meetings under their Israel day", async () => {
    const { crm } = renderWithApi(<AppointmentsPage week={null} now={new Date("2026-11-25T12:00:00Z")} />, crmWithWeek());
    const sunday = await screen.findByTestId("day-2026-11-22");
    await waitFor(() => expect(within(sunday).getByText("דנה כהן")).toBeTruthy());
    const [sent] = crm.sent("GET", "/appointments");
    expect(sent?.query.get("start")).toBe("2026-11-21T22:00:00.000Z");
    expect(sent?.query.get("end")).toBe("2026-11-28T22:00:00.000Z");
    expect(within(sunday).getByText("10:00–10:30").getAttribute("dir")).toBe("ltr");
    const thursday = screen.getByTestId("day-2026-11-26");
    expect(within(thursday).getByText("23:30–00:00")).toBeTruthy();
    // A lead the API cannot find still shows by its phone.
    expect(within(thursday).getByText("+972529999999")).toBeTruthy();
    expect(screen.queryByText("00:30–01:00")).toBeNull();
    expect(screen.getByRole("link", { name: "השבוע הבא" }).getAttribute("href")).toBe("#/appointments?week=2026-11-29");
  });

  it("shows the chosen week", async () => {
    renderWithApi(<AppointmentsPage week={{ year: 2026, month: 11, day: 29 }} />, crmWithWeek());
    const sunday = await screen.findByTestId("day-2026-11-29");
    await waitFor(() => expect(within(sunday).getByText("00:30–01:00")).toBeTruthy());
  });

  it("cancels a meeting after asking", async () => {
    vi.spyOn(window, "confirm").mockReturnValue(true);
    const { crm } = renderWithApi(<AppointmentsPage week={{ year: 2026, month: 11, day: 22 }} />, crmWithWeek());
    const sunday = await screen.findByTestId("day-2026-11-22");
    fireEvent.click(await within(sunday).findByRole("button", { name: "ביטול פגישה" }));
    await waitFor(() => expect(within(sunday).getByText(/בוטלה/)).toBeTruthy());
    expect(crm.sent("POST", "/appointments/a-sun/cancel")).toHaveLength(1);
  });
});
