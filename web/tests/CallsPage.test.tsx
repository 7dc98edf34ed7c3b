import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { CallDetail } from "../src/api/client";
import { CallPage, CallsPage } from "../src/pages/CallsPage";
import { FakeCrm } from "./fakeCrm";
import { renderWithApi } from "./render";

function crmWithCall(recordingUrl: string | null): FakeCrm {
  const crm = new FakeCrm();
  const detail: CallDetail = {
    call: {
      call_sid: "CA1",
      from_phone: "+972501234567",
      from_phone_display: "050-1234567",
      to_phone: "+97231234567",
      to_phone_display: "03-1234567",
      lead_id: "+972501234567",
      direction: "inbound",
      status: "completed",
      duration_seconds: 95,
      started_at: "2026-11-24T09:00:00Z",
      answered_at: "2026-11-24T09:00:02Z",
      ended_at: "2026-11-24T09:01:37Z",
      summary: "מחפשת 4 חדרים בחיפה",
      recording: { available: recordingUrl !== null, url: recordingUrl, status: "completed", duration_seconds: 95, purged_at: recordingUrl ? null : "2026-11-26T09:00:00Z" },
    },
    turns: [
      { id: "t1", role: "leah", text: "שלום, כאן לאה. איך אפשר לעזור?", interrupted: false, created_at: "2026-11-24T09:00:03Z" },
      { id: "t2", role: "caller", text: "אני מחפשת דירה", interrupted: false, created_at: "2026-11-24T09:00:08Z" },
      { id: "t3", role: "leah", text: "בשמחה! באיזו עיר", interrupted: true, created_at: "2026-11-24T09:00:12Z" },
    ],
  };
  crm.calls.set("CA1", detail);
  return crm;
}

describe("calls", () => {
  it("lists calls with the caller's number in the one phone format, left-to-right, a Hebrew state and the duration", async () => {
    renderWithApi(<CallsPage />, crmWithCall(null));
    const row = (await screen.findByText("050-1234567")).closest("li") as HTMLElement;
    expect(within(row).getByText("050-1234567").getAttribute("dir")).toBe("ltr");
    expect(within(row).getByText("הסתיימה")).toBeTruthy();
    expect(within(row).getByText("1:35")).toBeTruthy();
    expect(within(row).getByRole("link").getAttribute("href")).toBe("#/calls/CA1");
  });

  it("shows the transcript in order, marks the interrupted turn, and plays the recording from a signed link", async () => {
    const { container, crm } = renderWithApi(<CallPage callSid="CA1" />, crmWithCall("https://example.test/rec.mp3"));
    const turns = await screen.findAllByRole("listitem");
    expect(turns.map((t) => t.textContent)).toEqual([
      "לאה: שלום, כאן לאה. איך אפשר לעזור?",
      "הלקוח/ה: אני מחפשת דירה",
      "לאה: בשמחה! באיזו עיר (נקטע)",
    ]);
    expect(container.querySelector("audio")).toBeNull(); // nothing is fetched until someone listens
    fireEvent.click(screen.getByRole("button", { name: "השמעת ההקלטה" }));
    await waitFor(() => expect(container.querySelector("audio")?.getAttribute("src")).toBe("https://example.test/rec.mp3?signature=abc"));
    expect(crm.sent("GET", "/calls/CA1/recording")).toHaveLength(1);
    expect(screen.getByRole("link", { name: "לכרטיס הליד" }).getAttribute("href")).toBe("#/leads/%2B972501234567");
  });

  it("says when the recording was purged", async () => {
    renderWithApi(<CallPage callSid="CA1" />, crmWithCall(null));
    expect(await screen.findByText("ההקלטה נמחקה לפי מדיניות השמירה")).toBeTruthy();
  });
});
