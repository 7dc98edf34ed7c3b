import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { StatusesPage } from "../src/pages/StatusesPage";
import { FakeCrm, lead } from "./fakeCrm";
import { renderWithApi } from "./render";

const labels = () => screen.getAllByRole("textbox", { name: /^שינוי שם/ }).map((i) => (i as HTMLInputElement).value);

describe("statuses", () => {
  it("renames a status", async () => {
    const { crm } = renderWithApi(<StatusesPage />);
    const row = await screen.findByTestId("status-hot");
    fireEvent.change(within(row).getByRole("textbox"), { target: { value: "חם מאוד" } });
    fireEvent.click(within(row).getByRole("button", { name: "שינוי שם" }));
    await screen.findByText("נשמר");
    expect(crm.sent("PATCH", "/statuses/hot")[0]?.body).toEqual({ label: "חם מאוד" });
  });

  it("moves a status up and sends the whole order", async () => {
    const { crm } = renderWithApi(<StatusesPage />);
    await screen.findByTestId("status-closed");
    fireEvent.click(screen.getByRole("button", { name: "למעלה: נסגר" }));
    await waitFor(() => expect(labels()).toEqual(["חדש", "נסגר", "חם"]));
    expect(crm.sent("PUT", "/statuses/order")[0]?.body).toEqual({ ids: ["new", "closed", "hot"] });
    expect((screen.getByRole("button", { name: "למעלה: חדש" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("deletes a status in use by moving its leads to the one chosen", async () => {
    const crm = new FakeCrm();
    crm.leads.push(lead("+972501234567", { status_id: "hot" }), lead("+972501234568", { status_id: "hot" }));
    renderWithApi(<StatusesPage />, crm);
    fireEvent.click(await screen.findByRole("button", { name: "מחיקה: חם" }));
    const row = screen.getByTestId("status-hot");
    fireEvent.change(within(row).getByLabelText("העברת הלידים אל"), { target: { value: "closed" } });
    fireEvent.click(within(row).getByRole("button", { name: "מחיקה והעברה" }));
    expect(await screen.findByText("נמחק. 2 לידים הועברו.")).toBeTruthy();
    expect(crm.sent("DELETE", "/statuses/hot")[0]?.query.get("move_to")).toBe("closed");
    expect(crm.leads.map((l) => l.status_id)).toEqual(["closed", "closed"]);
    await waitFor(() => expect(screen.queryByTestId("status-hot")).toBeNull());
  });

  it("never offers to delete the default status, and adds a new one", async () => {
    const { crm } = renderWithApi(<StatusesPage />);
    const row = await screen.findByTestId("status-new");
    expect(within(row).queryByRole("button", { name: /מחיקה/ })).toBeNull();
    expect(within(row).getByText("ברירת מחדל")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("שם הסטטוס החדש"), { target: { value: "ממתין למסמכים" } });
    fireEvent.click(screen.getByRole("button", { name: "הוספת סטטוס" }));
    await waitFor(() => expect(labels()).toContain("ממתין למסמכים"));
    expect(crm.sent("POST", "/statuses")[0]?.body).toEqual({ label: "ממתין למסמכים" });
  });
});
