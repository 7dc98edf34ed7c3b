import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { formatIsraeliDate, parseIsraeliDate } from "../src/components/DateInput";
import { contrastOnWhite, formatPhone, readableOn, whatsappHref, telHref } from "../src/format";
import { checkDraft, emptyDraft } from "../src/leads/leadForm";
import { LeadNewPage } from "../src/pages/LeadNewPage";
import { FakeCrm, lead } from "./fakeCrm";
import { renderWithApi } from "./render";

describe("one phone format", () => {
  it("shows Israeli numbers as dialled at home, whatever the spelling", () => {
    expect(formatPhone("+972501234567")).toBe("050-1234567");
    expect(formatPhone("972501234567")).toBe("050-1234567");
    expect(formatPhone("whatsapp:+972501234567")).toBe("050-1234567");
    expect(formatPhone("+97235551234")).toBe("03-5551234");
    expect(formatPhone("+97237630000")).toBe("03-7630000");
    expect(formatPhone("+972771234567")).toBe("077-1234567");
    expect(formatPhone("+14155550100")).toBe("+14155550100");
  });

  it("links to calling and WhatsApp with the international number", () => {
    expect(telHref("050-1234567")).toBe("tel:+972501234567");
    expect(whatsappHref("+972501234567")).toBe("https://wa.me/972501234567");
  });
});

describe("days typed the Israeli way", () => {
  it("reads day.month.year (any separator, two-digit years) and refuses days that do not exist", () => {
    expect(parseIsraeliDate("05.03.2030")).toEqual({ year: 2030, month: 3, day: 5 });
    expect(parseIsraeliDate("5/3/30")).toEqual({ year: 2030, month: 3, day: 5 });
    expect(parseIsraeliDate("31.11.2026")).toBeNull();
    expect(parseIsraeliDate("29.02.2028")).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsraeliDate("2030-03-05")).toBeNull();
    expect(formatIsraeliDate({ year: 2030, month: 3, day: 5 })).toBe("05.03.2030");
  });
});

describe("status colours", () => {
  it("darkens a light status colour until its text passes WCAG AA on white", () => {
    for (const color of ["#f59e0b", "#22c55e", "#64748b", "#2563eb", "#fde047"]) {
      const shown = readableOn(color);
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(shown.slice(i, i + 2), 16)) as [number, number, number];
      expect(contrastOnWhite(r, g, b)).toBeGreaterThanOrEqual(4.5);
    }
    expect(readableOn("#1e3a8a")).toBe("#1e3a8a"); // already dark enough: unchanged
  });
});

describe("lead form checks", () => {
  it("names each field in Hebrew with its limit", () => {
    const errors = checkDraft({ ...emptyDraft(), phone: "12", rooms: "21", budget: "1.5", email: "a@b" }, true);
    expect(errors).toEqual({
      phone: "טלפון: מספר ישראלי, למשל 050-1234567",
      rooms: "חדרים: עד 20",
      budget: "תקציב: מספר שלם של שקלים, 0 או יותר",
      email: "אימייל: כתובת לא תקינה",
    });
    expect(checkDraft({ ...emptyDraft(), rooms: "3.3" }, false).rooms).toBe("חדרים: במספרים שלמים או בחצאים (למשל 3.5)");
    expect(checkDraft({ ...emptyDraft(), phone: "" }, true).phone).toBe("טלפון: שדה חובה");
    expect(checkDraft({ ...emptyDraft(), phone: "050-1234567", rooms: "3.5", budget: "₪2,500,000" }, true)).toEqual({});
  });
});

describe("new lead", () => {
  it("shows errors at the fields and sends nothing, then creates the lead", async () => {
    const { crm } = renderWithApi(<LeadNewPage />, new FakeCrm(), undefined, "/leads/new");
    const form = await screen.findByRole("form", { name: "ליד חדש" });
    fireEvent.change(within(form).getByLabelText("חדרים"), { target: { value: "25" } });
    fireEvent.click(within(form).getByRole("button", { name: "יצירת ליד" }));
    expect(await within(form).findByText("טלפון: שדה חובה")).toBeTruthy();
    expect(within(form).getByText("חדרים: עד 20")).toBeTruthy();
    expect(within(form).getByLabelText("חדרים").getAttribute("aria-invalid")).toBe("true");
    expect(crm.sent("POST", "/leads")).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText("טלפון"), { target: { value: "052-7654321" } });
    fireEvent.change(within(form).getByLabelText("חדרים"), { target: { value: "4" } });
    fireEvent.change(within(form).getByLabelText("שם"), { target: { value: "רון" } });
    fireEvent.click(within(form).getByRole("button", { name: "יצירת ליד" }));
    await waitFor(() => expect(window.location.hash).toBe("#/leads/%2B972527654321"));
    expect(crm.sent("POST", "/leads").map((r) => r.body)).toEqual([{ phone: "052-7654321", name: "רון", rooms: 4 }]);
  });

  it("links to the existing lead when the phone is taken", async () => {
    const crm = new FakeCrm();
    crm.leads.push(lead("+972527654321", { name: "קיים" }));
    renderWithApi(<LeadNewPage />, crm, undefined, "/leads/new");
    const form = await screen.findByRole("form", { name: "ליד חדש" });
    fireEvent.change(within(form).getByLabelText("טלפון"), { target: { value: "0527654321" } });
    fireEvent.click(within(form).getByRole("button", { name: "יצירת ליד" }));
    const link = await within(form).findByRole("link", { name: "לכרטיס הקיים" });
    expect(link.getAttribute("href")).toBe("#/leads/%2B972527654321");
  });
});
