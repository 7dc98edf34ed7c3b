import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { HashRouter, Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { createApi } from "../src/api/client";
import { whatsappLink } from "../src/billing/money";
import { ApiContext } from "../src/context";
import { BillingPage } from "../src/pages/BillingPage";
import { CardChangeReturnPage } from "../src/pages/CardChangeReturnPage";
import { ContractsPage } from "../src/pages/ContractsPage";
import { SignPage } from "../src/pages/SignPage";
import { SignupPage } from "../src/pages/SignupPage";
import { hashRouteFor } from "../src/routes/pathToHash";
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

function type(label: string | RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** The error the control announces (aria-describedby → the alert under it). */
function errorOf(control: HTMLElement): string | null {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)).find((el) => el?.getAttribute("role") === "alert")?.textContent ?? null;
}

describe("sign-up of a new office", () => {
  it("details with Hebrew field errors → plan with VAT → contract signed over the shown SHA-256 → payment redirect", async () => {
    const fake = new FakeBilling();
    fake.crm.role = null;
    const redirect = vi.fn();
    renderPage(<SignupPage redirect={redirect} />, fake, "/signup", "/signup");

    await screen.findByRole("heading", { name: "פרטי העסק ומסלול" });
    // Prices are per month with VAT, in shekels.
    const pro = await screen.findByRole("radio", { name: /מקצועי/ });
    expect(pro.closest("label")?.textContent).toMatch(/470\.82/);
    expect(pro.closest("label")?.textContent).toContain("כולל מע״מ 18%");

    fireEvent.click(screen.getByRole("button", { name: "המשך לחוזה" }));
    expect(errorOf(screen.getByLabelText("שם העסק"))).toBe("שדה חובה");
    expect(await screen.findAllByText("שדה חובה")).toHaveLength(5); // four fields and the plan
    expect(fake.crm.sent("POST", "/signup")).toHaveLength(0);

    type("שם העסק", "נדל״ן הצפון");
    type("ח.פ / ע.מ", "516179158");
    type("כתובת", "הרצל 1, חיפה");
    type("טלפון", "04-8123456");
    fireEvent.click(pro);
    fireEvent.click(screen.getByRole("button", { name: "המשך לחוזה" }));
    await waitFor(() => expect(errorOf(screen.getByLabelText("ח.פ / ע.מ"))).toBe("ח.פ / ע.מ: ספרת הביקורת אינה נכונה"));
    expect(errorOf(screen.getByLabelText("שם העסק"))).toBeNull();

    type("ח.פ / ע.מ", "516179157");
    fireEvent.click(screen.getByRole("button", { name: "המשך לחוזה" }));
    await screen.findByRole("heading", { name: "חוזה השירות" });
    expect(fake.crm.sent("POST", "/signup")[1]!.body).toEqual({
      name: "נדל״ן הצפון", business_number: "516179157", address: "הרצל 1, חיפה", phone: "04-8123456", plan_id: "pro",
    });
    expect((await screen.findByTestId("pdf-sha256")).textContent).toContain(SHA);

    // No consent, no signature.
    type("שם מלא לחתימה", "דנה כהן");
    fireEvent.click(screen.getByRole("button", { name: "חתימה על החוזה" }));
    expect(errorOf(screen.getByRole("checkbox"))).toBe("יש לסמן את ההסכמה לפני החתימה");
    expect(fake.crm.sent("POST", "/signup/contract/sign")).toHaveLength(0);

    fireEvent.click(screen.getByRole("checkbox"));
    fireEvent.click(screen.getByRole("button", { name: "חתימה על החוזה" }));
    await screen.findByRole("heading", { name: "תשלום" });
    expect(fake.crm.sent("POST", "/signup/contract/sign")[0]!.body).toEqual({ typed_name: "דנה כהן", consent: true, pdf_sha256: SHA });

    fireEvent.click(screen.getByRole("button", { name: "תשלום ב-PayPal" }));
    await waitFor(() => expect(redirect).toHaveBeenCalledWith("https://pay.example/paypal?ba=1"));
    expect(fake.crm.sent("POST", "/signup/payment")[0]!.body).toEqual({ provider: "paypal" });
  });

  it("resumes at payment after a reload, and offers Tranzila too", async () => {
    const fake = new FakeBilling();
    fake.signup = { business_id: "office-1", name: "א", business_number: "516179157", address: "ב", phone: "04-8123456", plan_id: "basic", status: "signed", signature: null, provider: null };
    const redirect = vi.fn();
    renderPage(<SignupPage redirect={redirect} />, fake, "/signup", "/signup");
    fireEvent.click(await screen.findByRole("button", { name: "כרטיס אשראי (טרנזילה)" }));
    await waitFor(() => expect(redirect).toHaveBeenCalledWith("https://pay.example/tranzila?ba=1"));
    expect(fake.crm.sent("GET", "/signup/contract")).toHaveLength(0);
  });
});

describe("billing page", () => {
  it("shows the state in Hebrew, next charge in Israel 24-hour time, invoices, a change-of-card button", async () => {
    renderPage(<BillingPage />, new FakeBilling(), "/billing", "/billing");
    expect((await screen.findByTestId("billing-status")).textContent).toContain("פעיל");
    expect(screen.getByText("01.01.2027, 01:30")).toBeTruthy();
    const invoices = screen.getByRole("list", { name: "חשבוניות" });
    expect((within(invoices).getByText(/חשבונית מס קבלה/)).textContent).toContain("1001");
    expect(invoices.textContent).toMatch(/470\.82/);
    expect(screen.getByRole("button", { name: "החלפת אמצעי תשלום" })).toBeTruthy();
    // The policy codes in words.
    expect(screen.getByText("עונה לשיחות ולהודעות וקובעת פגישות")).toBeTruthy();
    expect(screen.getByText("כל הפעולות פתוחות")).toBeTruthy();
  });

  it("a refunded invoice says how much was credited, and its credit note by its tax name", async () => {
    const api = new FakeBilling();
    const billing = api.billing!;
    const paid = billing.invoices[0]!;
    billing.invoices = [
      { ...paid, refunded_agorot: 10000 },
      { number: 1002, kind: "credit_note", issued_at: "2026-11-20T08:00:00Z", description: "זיכוי", net_agorot: -8475, vat_agorot: -1525, total_agorot: -10000, refers_to: 1001, pdf_path: null },
    ];
    renderPage(<BillingPage />, api, "/billing", "/billing");
    const invoices = await screen.findByRole("list", { name: "חשבוניות" });
    const items = within(invoices).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toMatch(/זוכה:[\s\u200f]*100\.00/);
    expect(items[1]!.textContent).toContain("חשבונית מס זיכוי");
    expect(items[1]!.textContent).not.toContain("זוכה:");
  });

  it("an office with no billing account gets a plain explanation, not a 'not found' error", async () => {
    const fake = new FakeBilling();
    fake.billing = null;
    renderPage(<BillingPage />, fake, "/billing", "/billing");
    await screen.findByText(/אין מנוי במערכת החיוב/);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("cancels only after confirming", async () => {
    const fake = new FakeBilling();
    renderPage(<BillingPage />, fake, "/billing", "/billing");
    fireEvent.click(await screen.findByRole("button", { name: "ביטול המנוי" }));
    fireEvent.click(screen.getByRole("button", { name: "לא, להשאיר" }));
    expect(fake.crm.sent("POST", "/billing/cancel")).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "ביטול המנוי" }));
    fireEvent.click(screen.getByRole("button", { name: "כן, לבטל את המנוי" }));
    await screen.findByText("המנוי בוטל");
    expect(fake.crm.sent("POST", "/billing/cancel")).toHaveLength(1);
    expect((screen.getByTestId("billing-status")).textContent).toContain("מבוטל");
    expect(screen.queryByRole("button", { name: "ביטול המנוי" })).toBeNull();
    expect(screen.getByText("עונה ורושמת הודעה, אבל לא קובעת פגישות")).toBeTruthy();
    expect(screen.getByText("רק דף החיוב פתוח")).toBeTruthy();
  });
});

describe("office contracts page", () => {
  function fill() {
    type("שם המתווך", "דנה כהן");
    type("מספר רישיון תיווך", "12345");
    type("שם הלקוח", "משה לוי");
    type("ת.ז. הלקוח", "12");
    type("טלפון הלקוח", "050-1234567");
    type("כתובת הנכס", "הנביאים 5, ירושלים");
  }

  it("puts the API's Hebrew error at the field, then gives the signing link and a wa.me link with the prepared text", async () => {
    const fake = new FakeBilling();
    renderPage(<ContractsPage />, fake, "/contracts", "/contracts");
    await screen.findByText("עדיין לא נשלחו הסכמים");
    fireEvent.click(screen.getByRole("button", { name: "יצירה ושליחה לחתימה" }));
    expect(errorOf(screen.getByLabelText("שם המתווך"))).toBe("שדה חובה");
    expect(fake.crm.sent("POST", "/contracts")).toHaveLength(0);

    fill();
    fireEvent.click(screen.getByRole("button", { name: "יצירה ושליחה לחתימה" }));
    await waitFor(() => expect(errorOf(screen.getByLabelText("ת.ז. הלקוח"))).toBe("ת.ז. הלקוח: 4 עד 9 ספרות"));

    type("ת.ז. הלקוח", "123456782");
    fireEvent.click(screen.getByRole("button", { name: "יצירה ושליחה לחתימה" }));
    await screen.findByRole("heading", { name: "ההסכם של משה לוי מוכן לחתימה" });
    expect(fake.crm.sent("POST", "/contracts")[1]!.body).toMatchObject({
      broker_name: "דנה כהן", license_number: "12345", client_id: "123456782", deal_type: "buy", fee_percent: "2", fee_fixed_agorot: null, lead_id: null,
    });
    expect((screen.getByLabelText("קישור לחתימה") as HTMLInputElement).value).toBe(`https://app.example/sign/${SIGN_TOKEN}`);
    const wa = screen.getByRole("link", { name: "שליחה בוואטסאפ" });
    expect(wa.getAttribute("href")).toBe(whatsappLink("050-1234567", `שלום משה לוי, הסכם התיווך לחתימה: https://app.example/sign/${SIGN_TOKEN}`));
    expect(wa.getAttribute("href")).toMatch(/^https:\/\/wa\.me\/972501234567\?text=/);
    const sent = await screen.findByRole("list", { name: "הסכמים שנשלחו" });
    await within(sent).findByText("ממתין לחתימה");
  });

  it("sends a fixed fee in agorot", async () => {
    const fake = new FakeBilling();
    renderPage(<ContractsPage />, fake, "/contracts", "/contracts");
    await screen.findByText("עדיין לא נשלחו הסכמים");
    fill();
    type("ת.ז. הלקוח", "123456782");
    fireEvent.change(screen.getByLabelText("דמי התיווך"), { target: { value: "fixed" } });
    type("סכום בש״ח (לפני מע״מ)", "12500.50");
    fireEvent.click(screen.getByRole("button", { name: "יצירה ושליחה לחתימה" }));
    await screen.findByLabelText("קישור לחתימה");
    expect(fake.crm.sent("POST", "/contracts")[0]!.body).toMatchObject({ fee_percent: null, fee_fixed_agorot: 1250050 });
  });
});

describe("public signing page", () => {
  it("signs without a login: GET then POST /sign/{token} with the shown SHA-256, then confirms", async () => {
    const fake = new FakeBilling();
    renderPage(<SignPage />, fake, `/sign/${SIGN_TOKEN}`, "/sign/:token", null);
    await screen.findByRole("heading", { name: "הזמנת שירותי תיווך" });
    expect((screen.getByTestId("pdf-sha256")).textContent).toContain(SHA);
    fireEvent.click(screen.getByRole("button", { name: "חתימה על החוזה" }));
    expect(errorOf(screen.getByLabelText("שם מלא לחתימה"))).toBe("יש להקליד שם מלא (2 תווים לפחות)");
    type("שם מלא לחתימה", "משה לוי");
    fireEvent.click(screen.getByRole("checkbox"));
    fireEvent.click(screen.getByRole("button", { name: "חתימה על החוזה" }));
    await screen.findByText("תודה! המסמך נחתם.");
    expect(screen.getByText("21.11.2026, 18:45")).toBeTruthy();
    const posts = fake.crm.sent("POST", `/sign/${SIGN_TOKEN}`);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({ typed_name: "משה לוי", consent: true, pdf_sha256: SHA });
    expect(posts[0]!.authorization).toBeNull();
    expect(screen.queryByRole("button", { name: "חתימה על החוזה" })).toBeNull();
  });

  it("says so when the link is bad or expired", async () => {
    renderPage(<SignPage />, new FakeBilling(), "/sign/forged", "/sign/:token", null);
    expect((await screen.findByRole("alert")).textContent).toContain("הקישור אינו תקף או שפג תוקפו");
    expect(screen.queryByRole("button", { name: "חתימה על החוזה" })).toBeNull();
  });

  it("an already signed agreement offers no second signature", async () => {
    const fake = new FakeBilling();
    fake.signingStatus = "signed";
    renderPage(<SignPage />, fake, `/sign/${SIGN_TOKEN}`, "/sign/:token", null);
    await screen.findByText("המסמך הזה כבר נחתם. תודה!");
    expect(screen.queryByRole("button", { name: "חתימה על החוזה" })).toBeNull();
  });
});

describe("the PDF to sign", () => {
  it.each([
    [true, "in a frame"],
    [false, "behind an open button where the browser shows no PDF inside a page"],
  ])("pdfViewerEnabled=%s: %s", async (viewer) => {
    // jsdom has no blob URLs: give the page some for this test only.
    Object.assign(URL, { createObjectURL: () => "blob:pdf-1", revokeObjectURL: () => undefined });
    Object.defineProperty(navigator, "pdfViewerEnabled", { value: viewer, configurable: true });
    try {
      renderPage(<SignPage />, new FakeBilling(), `/sign/${SIGN_TOKEN}`, "/sign/:token", null);
      await screen.findByRole("link", { name: "הורדת החוזה (PDF)" });
      const frame = document.querySelector("iframe");
      const open = screen.queryByRole("link", { name: "פתיחת המסמך לקריאה" });
      if (viewer) {
        expect(frame?.getAttribute("src")).toBe("blob:pdf-1");
        expect(frame?.getAttribute("title")).toBe("החוזה: הזמנת שירותי תיווך");
        expect(open).toBeNull();
      } else {
        expect(frame).toBeNull();
        expect(open?.getAttribute("href")).toBe("blob:pdf-1");
      }
    } finally {
      cleanup();
      Reflect.deleteProperty(URL, "createObjectURL");
      Reflect.deleteProperty(URL, "revokeObjectURL");
      Reflect.deleteProperty(navigator, "pdfViewerEnabled");
    }
  });
});

describe("plain-path links from the API", () => {
  it("become hash routes, keeping PayPal's query", () => {
    expect(hashRouteFor({ pathname: "/sign/b:c.1.ff", search: "", hash: "" })).toBe("/#/sign/b:c.1.ff");
    expect(hashRouteFor({ pathname: "/billing/paypal/return", search: "?token=EC-1", hash: "" })).toBe("/#/billing/paypal/return?token=EC-1");
    expect(hashRouteFor({ pathname: "/signup/payment", search: "", hash: "" })).toBe("/#/signup/payment");
    expect(hashRouteFor({ pathname: "/", search: "", hash: "#/leads" })).toBeNull();
    expect(hashRouteFor({ pathname: "/other", search: "", hash: "" })).toBeNull();
  });
});

describe("change of card", () => {
  it("PayPal: the button sends the owner to PayPal's approval page, nothing is confirmed yet", async () => {
    const fake = new FakeBilling();
    const redirect = vi.fn();
    renderPage(<BillingPage redirect={redirect} />, fake, "/billing", "/billing");
    fireEvent.click(await screen.findByRole("button", { name: "החלפת אמצעי תשלום" }));
    await waitFor(() => expect(redirect).toHaveBeenCalledWith(expect.stringContaining("ba_token=BA-1")));
    expect(screen.getByText(/עוברים ל־PayPal/)).toBeTruthy();
    expect(fake.crm.sent("POST", "/billing/payment-method/confirm")).toHaveLength(0);
  });

  it("Tranzila: the hosted fields verify the card, the API confirms with the transaction index", async () => {
    const fake = new FakeBilling();
    fake.billing = { ...fake.billing!, provider: "tranzila" };
    const charged: Record<string, unknown>[] = [];
    window.TzlaHostedFields = {
      create: () => ({
        charge: (params, callback) => {
          charged.push(params);
          callback(null, { transaction_response: { success: true, transaction_id: 41777 } });
        },
      }),
    };
    renderPage(<BillingPage />, fake, "/billing", "/billing");
    fireEvent.click(await screen.findByRole("button", { name: "החלפת אמצעי תשלום" }));
    const save = await screen.findByRole("button", { name: "בדיקת הכרטיס ושמירה" });
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByRole("group", { name: "מספר כרטיס" })).toBeTruthy();
    fireEvent.click(save);
    await screen.findByText("אמצעי התשלום עודכן. החיובים הבאים ייגבו ממנו, באותו סכום ובאותו מועד.");
    expect(charged).toEqual([expect.objectContaining({ thtk: "th", amount: "1.00", tran_mode: "V", tokenize: true })]);
    const [confirm] = fake.crm.sent("POST", "/billing/payment-method/confirm");
    expect(confirm!.body).toEqual({ change_id: "ab".repeat(12), nonce: "nonce-1", transaction_index: "41777" });
    expect(screen.getByText("אמצעי התשלום עודכן")).toBeTruthy(); // the summary's new row
    delete window.TzlaHostedFields;
  });

  it("Tranzila: a declined card is said in Hebrew at the form, and nothing is confirmed", async () => {
    const fake = new FakeBilling();
    fake.billing = { ...fake.billing!, provider: "tranzila" };
    window.TzlaHostedFields = {
      create: () => ({ charge: (_params, callback) => callback({ messages: [] }, { transaction_response: { success: false } }) }),
    };
    renderPage(<BillingPage />, fake, "/billing", "/billing");
    fireEvent.click(await screen.findByRole("button", { name: "החלפת אמצעי תשלום" }));
    const save = await screen.findByRole("button", { name: "בדיקת הכרטיס ושמירה" });
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(save);
    expect((await screen.findByRole("alert")).textContent).toContain("הכרטיס לא אושר");
    expect(fake.crm.sent("POST", "/billing/payment-method/confirm")).toHaveLength(0);
    delete window.TzlaHostedFields;
  });

  it("PayPal's return: confirmed once, the result in Hebrew; a forged nonce gets the API's refusal", async () => {
    const route = "/billing/payment-method/return";
    const fake = new FakeBilling();
    renderPage(<CardChangeReturnPage />, fake, `${route}?change=${"ab".repeat(12)}&nonce=nonce-1&subscription_id=I-1`, route);
    expect((await screen.findByTestId("card-change-result")).textContent).toContain("אמצעי התשלום עודכן");
    expect(fake.crm.sent("POST", "/billing/payment-method/confirm")).toHaveLength(1);
    cleanup();
    renderPage(<CardChangeReturnPage />, new FakeBilling(), `${route}?change=${"ab".repeat(12)}&nonce=forged`, route);
    expect((await screen.findByRole("alert")).textContent).toBe("הבקשה לעדכון אמצעי התשלום אינה תקפה");
    cleanup();
    const left = new FakeBilling();
    renderPage(<CardChangeReturnPage />, left, `${route}?change=${"ab".repeat(12)}&cancelled=1`, route);
    await screen.findByText("לא בוצע שינוי: אמצעי התשלום הקודם נשאר בתוקף.");
    expect(left.crm.sent("POST", "/billing/payment-method/confirm")).toHaveLength(0);
  });

  it("the return path from PayPal is bridged to its hash route", () => {
    expect(hashRouteFor({ pathname: "/billing/payment-method/return", search: "?change=x&nonce=y", hash: "" })).toBe(
      "/#/billing/payment-method/return?change=x&nonce=y",
    );
  });
});
