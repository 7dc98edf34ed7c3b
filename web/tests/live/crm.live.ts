// @vitest-environment node
/**
 * The web app's client code against the real stack: Firebase Auth (the JS SDK on the Auth
 * emulator) and `crm_api` served over HTTP on the Firestore emulator. Run by
 * tests/integration/web/test_web_client_live.py, which seeds the data and passes it in LIVE_*.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { type Api, ApiError, createApi } from "../../src/api/client";
import { firebaseAuth } from "../../src/auth/firebaseAuth";
import type { AuthPort } from "../../src/auth/port";
import { addDays, startOfLocalDay } from "../../src/format";

interface Fixture {
  project: string;
  business_id: string;
  email: string;
  password: string;
  /** Lead ids (E.164) newest first, with their names and local phones. */
  leads: { id: string; name: string; local: string; source: string }[];
  hot_status: string;
  call_sid: string;
  appointment_id: string;
  week_sunday: string;
}

const fixture = JSON.parse(process.env.LIVE_FIXTURE ?? "{}") as Fixture;
let auth: AuthPort;
let api: Api;

beforeAll(async () => {
  auth = firebaseAuth({ apiKey: "demo-key", projectId: fixture.project, emulatorHost: process.env.LIVE_AUTH_EMULATOR_HOST });
  await auth.signIn(fixture.email, fixture.password);
  api = createApi({ baseUrl: process.env.LIVE_API_BASE ?? "", getToken: () => auth.idToken() });
});

describe("sign-in through the Firebase SDK", () => {
  it("gives a token the API accepts, with the role and business from the custom claims", async () => {
    const me = await api.me();
    expect(me).toMatchObject({ role: "owner", business_id: fixture.business_id, email: fixture.email });
  });

  it("refuses a wrong password, and the API refuses a request without a token", async () => {
    const other = firebaseAuth({ apiKey: "demo-key", projectId: fixture.project, emulatorHost: process.env.LIVE_AUTH_EMULATOR_HOST });
    await expect(other.signIn(fixture.email, "not-the-password")).rejects.toThrow(/auth\//);
    const anonymous = createApi({ baseUrl: process.env.LIVE_API_BASE ?? "", getToken: async () => null });
    const error = await anonymous.me().catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).messageHe).toBeTruthy();
  });
});

describe("leads", () => {
  it("pages through every lead with the cursor, newest first, without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await api.leads({ limit: 2, cursor });
      seen.push(...result.items.map((l) => l.id));
      if (!result.next_cursor) break;
      cursor = result.next_cursor;
    }
    expect(seen).toEqual(fixture.leads.map((l) => l.id));
  });

  it("filters by status and source, searches by name prefix and by a local phone", async () => {
    const hot = await api.leads({ status: fixture.hot_status });
    expect(hot.items.map((l) => l.id)).toEqual([fixture.leads[0]?.id]);
    const whatsapp = await api.leads({ source: "whatsapp" });
    expect(whatsapp.items.map((l) => l.id).sort()).toEqual(
      fixture.leads.filter((l) => l.source === "whatsapp").map((l) => l.id).sort(),
    );
    const target = fixture.leads[1]!;
    const byName = await api.leads({ q: target.name.split(" ")[0] });
    expect(byName.items.map((l) => l.id)).toContain(target.id);
    const byPhone = await api.leads({ q: target.local });
    expect(byPhone.items.map((l) => l.id)).toEqual([target.id]);
    expect(byPhone.items[0]?.phone_display).toBeTruthy();
  });

  it("sorts by name", async () => {
    const byName = await api.leads({ sort: "name", order: "asc" });
    const names = byName.items.map((l) => l.name ?? "");
    expect(names).toEqual([...names].sort());
  });

  it("changes a lead's status and details, and shows its one timeline oldest first", async () => {
    const target = fixture.leads[0]!;
    const updated = await api.updateLead(target.id, { status_id: "new", city: "חיפה", rooms: 4.5 });
    expect(updated).toMatchObject({ status_id: "new", city: "חיפה", rooms: 4.5 });
    const { lead, items } = await api.timeline(target.id);
    expect(lead.status_id).toBe("new");
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["call", "message", "appointment"]));
    expect(items.find((i) => i.kind === "call")?.call_sid).toBe(fixture.call_sid);
    const times = items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("adds a note whose author and time show in the timeline", async () => {
    const target = fixture.leads[1]!;
    const note = await api.addNote(target.id, "לחזור אליו ביום ראשון");
    expect(note).toMatchObject({ text: "לחזור אליו ביום ראשון", author_uid: expect.any(String) });
    const { items } = await api.timeline(target.id);
    const shown = items.find((i) => i.kind === "note" && i.id === note.id);
    expect(shown).toMatchObject({ title: "לחזור אליו ביום ראשון", at: note.created_at });
  });

  it("names the field and says why in Hebrew when an edit is refused", async () => {
    const error = await api.updateLead(fixture.leads[0]!.id, { rooms: 0.3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).body?.field).toBe("rooms");
    expect((error as ApiError).messageHe).toMatch(/[א-ת]/);
  });
});

describe("statuses", () => {
  it("adds, renames, reorders, and deletes a status moving its leads", async () => {
    const added = await api.createStatus("ממתין למסמכים");
    const renamed = await api.renameStatus(added.id, "ממתין לחוזה");
    expect(renamed.label).toBe("ממתין לחוזה");
    const ids = (await api.statuses()).items.map((s) => s.id);
    const reordered = await api.reorderStatuses([added.id, ...ids.filter((id) => id !== added.id)]);
    expect(reordered.items[0]?.id).toBe(added.id);

    const target = fixture.leads[2]!;
    await api.updateLead(target.id, { status_id: added.id });
    const refused = await api.deleteStatus(added.id).catch((e: unknown) => e);
    expect((refused as ApiError).status).toBe(400);
    expect((refused as ApiError).body?.field).toBe("move_to");
    const deleted = await api.deleteStatus(added.id, "new");
    expect(deleted.moved).toBe(1);
    expect((await api.lead(target.id)).status_id).toBe("new");
  });
});

describe("appointments", () => {
  it("finds the seeded meeting in its Israel week and cancels it", async () => {
    const [year, month, day] = fixture.week_sunday.split("-").map(Number) as [number, number, number];
    const sunday = { year, month, day };
    const week = await api.appointments(startOfLocalDay(sunday), startOfLocalDay(addDays(sunday, 7)));
    expect(week.items.map((a) => a.id)).toContain(fixture.appointment_id);
    const cancelled = await api.cancelAppointment(fixture.appointment_id);
    expect(cancelled.status).toBe("cancelled");
    const withCancelled = await api.appointments(startOfLocalDay(sunday), startOfLocalDay(addDays(sunday, 7)), true);
    expect(withCancelled.items.find((a) => a.id === fixture.appointment_id)?.status).toBe("cancelled");
  });
});

describe("calls, prompts and settings", () => {
  it("lists the call and shows its transcript in order", async () => {
    const calls = await api.calls();
    expect(calls.items.map((c) => c.call_sid)).toContain(fixture.call_sid);
    const detail = await api.call(fixture.call_sid);
    expect(detail.turns.map((t) => t.role)).toEqual(["leah", "caller"]);
    expect(detail.call.recording?.available).toBe(true);
  });

  it("saves a prompt version, diffs it against the active one, and activates it", async () => {
    const before = await api.prompts("voice");
    expect(before.active_id).toBeTruthy();
    const created = await api.createPrompt("voice", "את לאה.\nשורה חדשה");
    expect(created.active).toBe(false);
    const diff = await api.promptDiff(created.id);
    expect(diff.to_id).toBe(created.id);
    expect(diff.added).toBeGreaterThan(0);
    const activated = await api.activatePrompt(created.id);
    expect(activated.active).toBe(true);
    expect((await api.prompts("voice")).active_id).toBe(created.id);
  });

  it("edits meeting length, greeting and hours", async () => {
    const settings = await api.settings();
    const updated = await api.updateSettings({
      meeting_minutes: 45,
      greeting: "שלום, הגעתם לסוכנות",
      hours: { ...settings.hours, fri: [{ open: "08:30", close: "13:00" }] },
    });
    expect(updated.meeting_minutes).toBe(45);
    expect(updated.greeting).toBe("שלום, הגעתם לסוכנות");
    expect(updated.hours.fri).toEqual([{ open: "08:30", close: "13:00" }]);
  });
});
