import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { PromptsPage } from "../src/pages/PromptsPage";
import { SettingsPage } from "../src/pages/SettingsPage";
import { FakeCrm } from "./fakeCrm";
import { renderWithApi } from "./render";

describe("prompts", () => {
  it("lists versions newest first, diffs one against the active version, and activates it", async () => {
    const { crm } = renderWithApi(<PromptsPage />);
    const cards = await screen.findAllByRole("listitem");
    expect(cards.map((c) => c.querySelector("span")?.textContent)).toEqual(["גרסה 2", "גרסה 1"]);
    expect(within(cards[1]!).getByText("פעילה")).toBeTruthy();

    fireEvent.click(within(cards[0]!).getByRole("button", { name: "השוואה לפעילה" }));
    const added = await screen.findByText("+ענו בקצרה ובחום.");
    expect(added.dataset.change).toBe("add");
    expect(added.getAttribute("dir")).toBe("auto");
    expect(screen.getByText("-ענו בקצרה.").dataset.change).toBe("del");

    fireEvent.click(within(cards[0]!).getByRole("button", { name: "הפעלה" }));
    await waitFor(() => expect(crm.prompts.find((p) => p.active)?.id).toBe("voice-v2"));
    await waitFor(() => expect(within(screen.getAllByRole("listitem")[0]!).queryByText("פעילה")).toBeTruthy());
  });

  it("saves a new version for the chosen channel", async () => {
    const { crm } = renderWithApi(<PromptsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "וואטסאפ" }));
    fireEvent.change(screen.getByLabelText("גרסה חדשה"), { target: { value: "את לאה בוואטסאפ." } });
    fireEvent.click(screen.getByRole("button", { name: "שמירת גרסה" }));
    await waitFor(() => expect(crm.sent("POST", "/prompts")).toHaveLength(1));
    expect(crm.sent("POST", "/prompts")[0]?.body).toEqual({ channel: "whatsapp", text: "את לאה בוואטסאפ." });
    expect(await screen.findByText(/גרסה/, { selector: "li span" })).toBeTruthy();
  });
});

describe("business settings", () => {
  it("edits meeting length, greeting and one day's hours, keeping the others", async () => {
    const { crm } = renderWithApi(<SettingsPage />);
    fireEvent.change(await screen.findByLabelText("אורך פגישה (דקות)"), { target: { value: "45" } });
    fireEvent.change(screen.getByLabelText("פתיח של לאה"), { target: { value: "שלום, כאן לאה" } });
    fireEvent.change(screen.getByLabelText("שישי סגירה"), { target: { value: "14:00" } });
    fireEvent.click(screen.getByRole("button", { name: "שמירה" }));
    await screen.findByText("נשמר");
    const sent = crm.sent("PATCH", "/settings")[0]?.body as Record<string, unknown>;
    expect(sent.meeting_minutes).toBe(45);
    expect(sent.greeting).toBe("שלום, כאן לאה");
    const hours = sent.hours as Record<string, unknown>;
    expect(hours.fri).toEqual([{ open: "09:00", close: "14:00" }]);
    expect(hours.sun).toEqual([{ open: "09:00", close: "18:00" }]);
    expect(hours.sat).toEqual([]);
  });
});

describe("business settings checks", () => {
  it("names the day whose closing is not after its opening, and refuses letters in the meeting length, sending nothing", async () => {
    const { crm } = renderWithApi(<SettingsPage />);
    fireEvent.change(await screen.findByLabelText("אורך פגישה (דקות)"), { target: { value: "30ד" } });
    fireEvent.change(screen.getByLabelText("שישי סגירה"), { target: { value: "08:00" } });
    fireEvent.click(screen.getByRole("button", { name: "שמירה" }));
    expect(await screen.findByText("שעת הסגירה ביום שישי חייבת להיות אחרי הפתיחה")).toBeTruthy();
    expect(screen.getByText("אורך פגישה: מספר שלם של דקות")).toBeTruthy();
    expect(screen.getByLabelText("אורך פגישה (דקות)").getAttribute("aria-invalid")).toBe("true");
    expect(crm.sent("PATCH", "/settings")).toHaveLength(0);
  });

  it("shows the API's Hebrew sentence for an hours field at that day's row", async () => {
    const crm = new FakeCrm();
    crm.refuseSettings = { field: "hours.sun.0.open", message_he: "שעת הפתיחה ביום ראשון אינה תקינה" };
    renderWithApi(<SettingsPage />, crm);
    fireEvent.click(await screen.findByRole("button", { name: "שמירה" }));
    const sunday = screen.getByRole("group", { name: "ראשון" });
    expect(await within(sunday).findByText("שעת הפתיחה ביום ראשון אינה תקינה")).toBeTruthy();
  });
});

describe("agents in the business settings", () => {
  it("renames an agent, sets one inactive and adds one; sends the whole list only when it changed", async () => {
    const { crm } = renderWithApi(<SettingsPage />);
    fireEvent.change(await screen.findByLabelText("אורך פגישה (דקות)"), { target: { value: "40" } });
    fireEvent.click(screen.getByRole("button", { name: "שמירה" }));
    await screen.findByText("נשמר");
    expect(crm.sent("PATCH", "/settings")[0]?.body).not.toHaveProperty("agents");

    fireEvent.change(screen.getByLabelText("שם סוכן/ת 2"), { target: { value: "יוסי לוי" } });
    fireEvent.click(within(screen.getByLabelText("שם סוכן/ת 1").parentElement!).getByRole("checkbox"));
    fireEvent.click(screen.getByRole("button", { name: "הוספת סוכן/ת" }));
    fireEvent.click(screen.getByRole("button", { name: "שמירה" }));
    expect(await screen.findByText("סוכנים: לכל סוכן/ת צריך שם")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("שם סוכן/ת 3"), { target: { value: "רותם" } });
    fireEvent.click(screen.getByRole("button", { name: "שמירה" }));
    await waitFor(() => expect(crm.sent("PATCH", "/settings")).toHaveLength(2));
    const agents = (crm.sent("PATCH", "/settings")[1]?.body as { agents: { id: string; name: string; active: boolean }[] }).agents;
    expect(agents.map((a) => [a.name, a.active])).toEqual([
      ["נציג/ה", false],
      ["יוסי לוי", true],
      ["רותם", true],
    ]);
    expect(agents.slice(0, 2).map((a) => a.id)).toEqual(["agent-1", "agent-2"]);
  });
});
