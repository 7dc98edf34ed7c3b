import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { HashRouter } from "react-router";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

import { App, type AppProps } from "../src/App";
import type { AuthPort, StaffUser } from "../src/auth/port";
import { BASE, FakeCrm, TOKEN, lead } from "./fakeCrm";

/** Sign-in that accepts one email and password, like a single account in the Auth emulator. */
class OneAccountAuth implements AuthPort {
  private user: StaffUser | null = null;
  private listeners = new Set<(user: StaffUser | null) => void>();
  onChange(listener: (user: StaffUser | null) => void) {
    this.listeners.add(listener);
    listener(this.user);
    return () => void this.listeners.delete(listener);
  }
  async signIn(email: string, password: string) {
    if (email !== "dana@example.co.il" || password !== "secret-123") throw new Error("auth/invalid-credential");
    this.set({ uid: "u1", email });
  }
  async signOut() {
    this.set(null);
  }
  async idToken() {
    return this.user ? TOKEN : null;
  }
  private set(user: StaffUser | null) {
    this.user = user;
    for (const listener of this.listeners) listener(user);
  }
}

function renderApp(props: AppProps) {
  return render(
    <HashRouter>
      <App {...props} />
    </HashRouter>,
  );
}

function signIn(email: string, password: string) {
  fireEvent.change(screen.getByLabelText("אימייל"), { target: { value: email } });
  fireEvent.change(screen.getByLabelText("סיסמה"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "כניסה" }));
}

describe("app shell", () => {
  it("declares Hebrew right-to-left on the page itself", () => {
    const html = readFileSync(resolve(__dirname, "../index.html"), "utf8");
    expect(html).toMatch(/<html lang="he" dir="rtl">/);
  });

  it("signs in, lands on the day's dashboard, opens the leads with the token, navigates, and signs out", async () => {
    const crm = new FakeCrm();
    crm.leads.push(lead("+972501234567", { name: "דנה כהן" }));
    renderApp({ auth: new OneAccountAuth(), apiBase: BASE, fetch: crm.fetch });
    signIn("dana@example.co.il", "wrong");
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(crm.requests).toHaveLength(0);

    signIn("dana@example.co.il", "secret-123");
    expect(await screen.findByRole("heading", { name: "היום במשרד" })).toBeTruthy();
    expect(within(await screen.findByRole("link", { name: /לידים חדשים היום/ })).getByText("1")).toBeTruthy();
    window.location.hash = "#/leads";
    expect(await screen.findByRole("table")).toBeTruthy();
    expect(await within(screen.getByRole("table")).findByRole("link", { name: "דנה כהן" })).toBeTruthy();
    expect(crm.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(screen.getByRole("link", { name: "לידים" }).getAttribute("aria-current")).toBe("page");

    window.location.hash = "#/statuses";
    expect(await screen.findByRole("heading", { name: "סטטוסים" })).toBeTruthy();
    window.location.hash = "#/leads/%2B972501234567";
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("דנה כהן"));

    fireEvent.click(screen.getByRole("button", { name: "יציאה" }));
    expect(await screen.findByRole("heading", { name: "כניסה למערכת" })).toBeTruthy();
  });

  it("shows agents only the pages they may use, and refuses a managers' page opened by its address", async () => {
    const crm = new FakeCrm();
    crm.role = "agent";
    const auth = new OneAccountAuth();
    renderApp({ auth, apiBase: BASE, fetch: crm.fetch });
    signIn("dana@example.co.il", "secret-123");
    await screen.findByRole("link", { name: "יומן" });
    expect(screen.getByRole("link", { name: "לוח מכירות" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: "פרומפטים" })).toBeNull();
    expect(screen.queryByRole("link", { name: "סטטוסים" })).toBeNull();
    expect(screen.queryByRole("link", { name: "צוות והרשאות" })).toBeNull();
    window.location.hash = "#/staff";
    expect(await screen.findByRole("heading", { name: "אין הרשאה" })).toBeTruthy();
    expect(crm.sent("GET", "/users")).toHaveLength(0);
  });

  it("answers an unknown address with a not-found page, not the leads list", async () => {
    renderApp({ auth: new OneAccountAuth(), apiBase: BASE, fetch: new FakeCrm().fetch });
    signIn("dana@example.co.il", "secret-123");
    await screen.findByRole("heading", { name: "היום במשרד" });
    window.location.hash = "#/users";
    expect(await screen.findByRole("heading", { name: "הדף לא נמצא" })).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("sends a signed-out visitor of a deep link to sign in, and back to that page after", async () => {
    const crm = new FakeCrm();
    crm.leads.push(lead("+972501234567", { name: "דנה כהן" }));
    window.location.hash = "#/leads/%2B972501234567";
    renderApp({ auth: new OneAccountAuth(), apiBase: BASE, fetch: crm.fetch });
    expect(await screen.findByRole("heading", { name: "כניסה למערכת" })).toBeTruthy();
    signIn("dana@example.co.il", "secret-123");
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("דנה כהן"));
    expect(window.location.hash).toBe("#/leads/%2B972501234567");
  });

  it("tells a user with no business role so, and lets them sign out", async () => {
    const crm = new FakeCrm();
    crm.role = null;
    renderApp({ auth: new OneAccountAuth(), apiBase: BASE, fetch: crm.fetch });
    signIn("dana@example.co.il", "secret-123");
    expect((await screen.findByRole("alert")).textContent).toBe("למשתמש הזה אין הרשאה לאף עסק");
    fireEvent.click(screen.getByRole("button", { name: "יציאה" }));
    expect(await screen.findByRole("heading", { name: "כניסה למערכת" })).toBeTruthy();
  });

  it("lets a platform superadmin choose the business, sent as X-Business-Id on every request", async () => {
    const crm = new FakeCrm();
    crm.role = "superadmin";
    crm.leads.push(lead("+972501234567", { name: "דנה כהן" }));
    renderApp({ auth: new OneAccountAuth(), apiBase: BASE, fetch: crm.fetch });
    signIn("dana@example.co.il", "secret-123");
    fireEvent.change(await screen.findByLabelText("מזהה העסק"), { target: { value: "other-agency" } });
    fireEvent.click(screen.getByRole("button", { name: "כניסה לעסק" }));
    expect(await screen.findByRole("heading", { name: "היום במשרד" })).toBeTruthy();
    expect(crm.businessHeader).toBe("other-agency");
    expect(screen.getByRole("button", { name: /החלפת עסק/ }).textContent).toContain("other-agency");
    fireEvent.click(screen.getByRole("button", { name: /החלפת עסק/ }));
    expect(await screen.findByLabelText("מזהה העסק")).toBeTruthy();
    expect(sessionStorage.getItem("agentlocator.business")).toBeNull();
  });
});
