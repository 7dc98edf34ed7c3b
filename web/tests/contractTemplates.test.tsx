import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { HashRouter, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";

import { createApi } from "../src/api/client";
import { ApiContext } from "../src/context";
import { ContractsPage } from "../src/pages/ContractsPage";
import { SignPage } from "../src/pages/SignPage";
import { FakeBilling, SHA, SIGN_TOKEN } from "./fakeBilling";
import { BASE, TOKEN } from "./fakeCrm";

function renderPage(ui: ReactElement, fake: FakeBilling, route: string, path: string, token: string | null = TOKEN) {
  const api = createApi({ baseUrl: BASE, getToken: async () => token, fetch: fake.fetch });
  window.location.hash = `#${route}`;
  return render(
    <ApiContext.Provider value={api}>
      <HashRouter>
        <Routes>
          <Route path={path} element={ui} />
        </Routes>
      </HashRouter>
    </ApiContext.Provider>,
  );
}

const type = (scope: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(scope).getByLabelText(label), { target: { value } });

describe("the office's contract templates", () => {
  it("saves v1 (a Hebrew error at the license first), activates it, saves v2; new agreements use it", async () => {
    const fake = new FakeBilling();
    renderPage(<ContractsPage />, fake, "/contracts", "/contracts");
    await screen.findByText(/עדיין אין תבניות/);
    fireEvent.click(screen.getByRole("button", { name: "תבנית חדשה" }));
    const form = screen.getByRole("form", { name: "תבנית חדשה" });
    fireEvent.click(within(form).getByRole("button", { name: "שמירת גרסה" }));
    expect(within(form).getAllByText("שדה חובה").length).toBe(5);
    type(form, "שם התבנית", "הזמנת תיווך — קנייה");
    type(form, "שם המתווך", "דנה כהן");
    type(form, "מספר רישיון תיווך", "12");
    type(form, "ח.פ / ע.מ של המשרד", "515555555");
    type(form, "כתובת המשרד", "הרצל 10, רעננה");
    fireEvent.click(within(form).getByRole("button", { name: "הוספת סעיף" }));
    type(form, "סעיף נוסף 1", "הצפייה תתואם מראש עם המתווך.");
    fireEvent.click(within(form).getByRole("button", { name: "שמירת גרסה" }));
    await within(form).findByText("מספר רישיון תיווך: 4 עד 8 ספרות");
    type(form, "מספר רישיון תיווך", "1234567");
    fireEvent.click(within(form).getByRole("button", { name: "שמירת גרסה" }));
    await screen.findByText("נשמרה גרסה 1. גרסה 1 פעילה עכשיו");
    expect(fake.crm.sent("POST", "/contract-templates").at(-1)!.body).toMatchObject({
      license_number: "1234567", fee_percent: "2", fee_fixed_agorot: null, extra_clauses: ["הצפייה תתואם מראש עם המתווך."],
    });
    const list = screen.getByRole("list", { name: "תבניות" });
    await within(list).findByText("פעילה — גרסה 1");

    fireEvent.click(within(list).getByRole("button", { name: "עריכת הזמנת תיווך — קנייה" }));
    const edit = await screen.findByRole("form", { name: "עריכת הזמנת תיווך — קנייה — תישמר כגרסה 2" });
    expect((within(edit).getByLabelText("מספר רישיון תיווך") as HTMLInputElement).value).toBe("1234567");
    type(edit, "אחוז (לפני מע״מ, 0.1 עד 10)", "1.5");
    fireEvent.click(within(edit).getByRole("button", { name: "שמירת גרסה" }));
    await screen.findByText("נשמרה גרסה 2. גרסה 2 פעילה עכשיו");
    await within(list).findByText("פעילה — גרסה 2");

    // The agreement form now takes the broker and fee from the template; the ת.ז. may wait.
    await screen.findByText(/ההסכם ייווצר לפי התבנית הפעילה \(גרסה 2\)/);
    const agreement = screen.getByRole("form", { name: "הסכם תיווך חדש" });
    expect(within(agreement).queryByLabelText("שם המתווך")).toBeNull();
    type(agreement, "שם הלקוח", "משה לוי");
    type(agreement, "טלפון הלקוח", "050-1234567");
    type(agreement, "כתובת הנכס", "הנביאים 5, ירושלים");
    fireEvent.click(within(agreement).getByRole("button", { name: "יצירה ושליחה לחתימה" }));
    await screen.findByLabelText("קישור לחתימה");
    expect(fake.crm.sent("POST", "/contracts")[0]!.body).toMatchObject({ broker_name: null, license_number: null, client_id: null });
    const sent = screen.getByRole("list", { name: "הסכמים שנשלחו" });
    await within(sent).findByText("תבנית: גרסה 2");

    const toggle = screen.getByRole("checkbox", { name: /לשלוח ללקוח הזמנת שירותי תיווך/ });
    fireEvent.click(toggle);
    await screen.findByText("שליחה אחרי קביעת פגישה: פעילה");
    expect(fake.crm.sent("PUT", "/contract-settings")[0]!.body).toEqual({ send_after_booking: true });
  });
});

describe("signing an agreement sent without the client's ת.ז.", () => {
  it("asks for it and sends it with the signature", async () => {
    const fake = new FakeBilling();
    fake.needsClientId = true;
    fake.signingStatus = "opened";
    renderPage(<SignPage />, fake, `/sign/${SIGN_TOKEN}`, "/sign/:token", null);
    await screen.findByLabelText("מספר תעודת זהות");
    fireEvent.change(screen.getByLabelText("שם מלא לחתימה"), { target: { value: "משה לוי" } });
    fireEvent.click(screen.getByRole("checkbox"));
    fireEvent.click(screen.getByRole("button", { name: "חתימה על החוזה" }));
    await screen.findByText("יש להזין מספר תעודת זהות");
    fireEvent.change(screen.getByLabelText("מספר תעודת זהות"), { target: { value: "123456789" } });
    fireEvent.click(screen.getByRole("button", { name: "חתימה על החוזה" }));
    await screen.findByText("מספר תעודת הזהות אינו תקין (9 ספרות עם ספרת ביקורת)");
    fireEvent.change(screen.getByLabelText("מספר תעודת זהות"), { target: { value: "123456782" } });
    fireEvent.click(screen.getByRole("button", { name: "חתימה על החוזה" }));
    await screen.findByText("תודה! המסמך נחתם.");
    await waitFor(() =>
      expect(fake.crm.sent("POST", `/sign/${SIGN_TOKEN}`).at(-1)!.body).toEqual({
        typed_name: "משה לוי", consent: true, pdf_sha256: SHA, client_id: "123456782",
      }),
    );
  });
});
