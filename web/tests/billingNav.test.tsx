import { render, screen } from "@testing-library/react";
import { HashRouter } from "react-router";
import { describe, expect, it } from "vitest";

import { App } from "../src/App";
import type { AuthPort, StaffUser } from "../src/auth/port";
import { FakeBilling, SIGN_TOKEN } from "./fakeBilling";
import { BASE, TOKEN } from "./fakeCrm";

/** Already signed in (or signed out when `user` is null), like a restored Firebase session. */
function session(user: StaffUser | null): AuthPort {
  return {
    onChange: (listener) => (listener(user), () => undefined),
    signIn: async () => undefined,
    signOut: async () => undefined,
    idToken: async () => (user ? TOKEN : null),
  };
}

function openApp(route: string, role: string | null, user: StaffUser | null = { uid: "u1", email: "dana@example.co.il" }) {
  const fake = new FakeBilling();
  fake.crm.role = role;
  window.location.hash = `#${route}`;
  render(
    <HashRouter>
      <App auth={session(user)} apiBase={BASE} fetch={fake.fetch} />
    </HashRouter>,
  );
  return fake;
}

describe("billing and contracts in the menu, by role", () => {
  it.each([
    ["owner", true, true],
    ["admin", true, false],
    ["agent", false, false],
  ])("%s: contracts link %s, billing link %s", async (role, contracts, billing) => {
    openApp("/", role);
    await screen.findByRole("link", { name: "לוח מכירות" });
    expect(screen.queryAllByRole("link", { name: "הסכמי תיווך" }).length > 0).toBe(contracts);
    expect(screen.queryAllByRole("link", { name: "חיוב ומנוי" }).length > 0).toBe(billing);
  });

  it("an admin who types the billing address gets a refusal and no billing request", async () => {
    const fake = openApp("/billing", "admin");
    await screen.findByRole("heading", { name: "אין הרשאה" });
    expect(fake.crm.sent("GET", "/billing")).toHaveLength(0);
  });

  it("a signed-in person with no business is offered the sign-up, which opens without a role", async () => {
    openApp("/", null);
    const link = await screen.findByRole("link", { name: "משרד חדש? הצטרפות" });
    expect(link.getAttribute("href")).toBe("#/signup");
    window.location.hash = "#/signup";
    await screen.findByRole("heading", { name: "הצטרפות משרד חדש" });
    await screen.findByRole("radio", { name: /בסיסי/ });
  });

  it("the signing link opens signed out, with no token sent", async () => {
    const fake = openApp(`/sign/${SIGN_TOKEN}`, "owner", null);
    await screen.findByRole("heading", { name: "הזמנת שירותי תיווך" });
    expect(fake.crm.requests.every((r) => r.authorization === null)).toBe(true);
  });

  it("sign-up asks a signed-out visitor to sign in first", async () => {
    openApp("/signup", null, null);
    await screen.findByRole("button", { name: "כניסה" });
    expect(window.location.hash).toBe("#/signin?next=%2Fsignup");
  });
});
