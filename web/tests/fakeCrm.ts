/**
 * A small stand-in for the CRM API at the network boundary: it answers `fetch` with the same
 * paths, status codes and JSON shapes as `crm_api` (docs/openapi.json) for the endpoints the
 * web app calls, and records every request so tests can check what went over the wire.
 */
import type { Appointment, CallDetail, Lead, Note, Prompt, Settings, Status, Task, TimelineItem } from "../src/api/client";

export const BASE = "http://api.test/crm_api";
export const TOKEN = "token-of-dana";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
}

const HE_NOT_FOUND = "לא נמצא";

export function lead(id: string, extra: Partial<Lead> = {}): Lead {
  return {
    id,
    phone: id,
    phone_display: `0${id.slice(4, 6)}-${id.slice(6)}`,
    name: null,
    deal_type: null,
    property_type: null,
    rooms: null,
    city: null,
    area: null,
    budget: null,
    timing: null,
    email: null,
    status_id: "new",
    sources: ["voice"],
    notes: [],
    tags: [],
    assigned_agent_id: null,
    merged_from: [],
    wants_callback: false,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    last_contact_at: null,
    ...extra,
  };
}

export class FakeCrm {
  requests: Recorded[] = [];
  statuses: Status[] = [
    { id: "new", label: "חדש", order: 0, color: "#2563eb", is_default: true },
    { id: "hot", label: "חם", order: 1, color: "#dc2626", is_default: false },
    { id: "closed", label: "נסגר", order: 2, color: "#16a34a", is_default: false },
  ];
  leads: Lead[] = [];
  timeline = new Map<string, TimelineItem[]>();
  appointments: Appointment[] = [];
  calls = new Map<string, CallDetail>();
  notes: Note[] = [];
  /** When set, PATCH /settings answers 400 naming this field. */
  refuseSettings: { field: string; message_he: string } | null = null;
  tasks: Task[] = [];
  /** The caller's role from the token's claims; null: a signed-in user with no business. */
  role: string | null = "owner";
  businessHeader: string | null = null;
  prompts: Prompt[] = [
    { id: "voice-v1", channel: "voice", version: 1, text: "את לאה.\nענו בקצרה.", created_by: null, created_at: "2026-11-01T10:00:00Z", active: true },
    { id: "voice-v2", channel: "voice", version: 2, text: "את לאה.\nענו בקצרה ובחום.", created_by: "u1", created_at: "2026-11-02T10:00:00Z", active: false },
  ];
  settings: Settings = {
    id: "demo",
    name: "נדל״ן לדוגמה",
    timezone: "Asia/Jerusalem",
    hours: { sun: [{ open: "09:00", close: "18:00" }], fri: [{ open: "09:00", close: "13:00" }], sat: [] },
    meeting_minutes: 30,
    tts_voice: "he-IL-Wavenet-A",
    greeting: null,
    after_hours_mode: "agent",
    agents: [
      { id: "agent-1", name: "נציג/ה", active: true },
      { id: "agent-2", name: "יוסי", active: true },
    ],
  };

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const path = url.pathname.replace(new URL(BASE).pathname, "");
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const headers = new Headers(init?.headers);
    this.requests.push({ method, path, query: url.searchParams, body, authorization: headers.get("authorization") });
    if (headers.get("authorization") !== `Bearer ${TOKEN}`)
      return json(401, { error: "Unauthenticated", message: "missing bearer token", message_he: "יש להתחבר מחדש" });
    if (this.role === "superadmin" && !headers.get("x-business-id"))
      return json(400, { error: "ValidationFailed", message: "a superadmin must choose a business", field: "X-Business-Id", message_he: "יש לבחור עסק" });
    this.businessHeader = headers.get("x-business-id");
    return this.route(method, path.split("/").map(decodeURIComponent), url.searchParams, body);
  };

  /** The requests to one path (ignores the query string). */
  sent(method: string, path: string): Recorded[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  private route(method: string, parts: string[], query: URLSearchParams, body: any): Response {
    const [, head, id, tail] = parts;
    if (this.role === null)
      return json(403, { error: "Forbidden", message: "no role in any business", message_he: "אין הרשאה" });
    if (head === "me")
      return json(200, { uid: "u1", email: "dana@example.co.il", role: this.role, business_id: this.businessHeader ?? "demo" });
    if (head === "settings") {
      if (method === "PATCH" && this.refuseSettings)
        return json(400, { error: "ValidationFailed", message: "invalid", ...this.refuseSettings });
      if (method === "PATCH") Object.assign(this.settings, body);
      return json(200, this.settings);
    }
    if (head === "dashboard")
      return json(200, {
        day: "2026-11-25", day_start: "2026-11-24T22:00:00Z", day_end: "2026-11-25T22:00:00Z", period_start: "2026-10-26T22:00:00Z",
        calls_today: this.calls.size, new_leads_today: this.leads.length, meetings_today: this.appointments.length, open_tasks_due_today: 0,
        leads_by_source: [{ key: "voice", count: this.leads.length }],
        leads_by_status: [{ key: "new", count: this.leads.length }],
        conversion: { leads: this.leads.length, with_meeting: 0, rate: 0 },
      });
    if (head === "users" && (this.role === "owner" || this.role === "admin" || this.role === "superadmin"))
      return json(200, { items: [{ uid: "u1", email: "dana@example.co.il", display_name: "דנה", role: "owner", created_at: "2026-11-01T10:00:00Z", updated_at: "2026-11-01T10:00:00Z" }], next_cursor: null });
    if (head === "prompts") return this.routePrompts(method, id, tail, query, body);
    if (head === "statuses") {
      if (method === "GET" && !id) return json(200, { items: this.statuses });
      if (method === "POST" && !id) {
        const created = { id: `s${this.statuses.length}`, label: body.label, order: this.statuses.length, color: "#64748b", is_default: false };
        this.statuses.push(created);
        return json(201, created);
      }
      if (method === "PUT" && id === "order") {
        this.statuses = (body.ids as string[]).map((sid, order) => ({ ...this.status(sid)!, order }));
        return json(200, { items: this.statuses });
      }
      const status = this.status(id);
      if (!status) return notFound();
      if (method === "PATCH") {
        Object.assign(status, body);
        return json(200, status);
      }
      if (method === "DELETE") {
        const moveTo = query.get("move_to");
        const users = this.leads.filter((l) => l.status_id === status.id);
        if (users.length && !moveTo)
          return json(400, { error: "ValidationFailed", message: "in use", field: "move_to", reason: "status_in_use", message_he: "יש לבחור לאן להעביר את הלידים" });
        for (const l of users) l.status_id = moveTo!;
        this.statuses = this.statuses.filter((s) => s !== status);
        return json(200, { id: status.id, moved: users.length });
      }
    }
    if (head === "tasks") {
      if (method === "GET" && !id) {
        const state = query.get("state") ?? "open";
        const items = this.tasks.filter(
          (t) => (!query.get("lead_id") || t.lead_id === query.get("lead_id")) && (state === "all" || t.done === (state === "done")),
        );
        return json(200, { items, next_cursor: null });
      }
      if (method === "POST" && !id) {
        if (!body.title?.trim()) return json(400, { error: "ValidationFailed", message: "title", field: "title", message_he: "מה לעשות: שדה חובה" });
        const task: Task = { id: `t${this.tasks.length + 1}`, title: body.title, lead_id: body.lead_id ?? null, due_at: body.due_at ?? null, assignee_id: body.assignee_id ?? null, notes: body.notes ?? null, done: false, done_at: null, source: "manual", created_by: "u1", created_at: "2026-11-25T10:00:00Z", updated_at: "2026-11-25T10:00:00Z" };
        this.tasks.push(task);
        return json(201, task);
      }
      const task = this.tasks.find((t) => t.id === id);
      if (!task) return notFound();
      if (method === "PATCH") {
        Object.assign(task, body);
        return json(200, task);
      }
    }
    if (head === "leads") {
      if (method === "GET" && !id) return this.listLeads(query);
      if (method === "POST" && !id) {
        if (typeof body.rooms === "number" && body.rooms > 20)
          return json(400, { error: "ValidationFailed", message: "rooms", field: "rooms", message_he: "חדרים: עד 20" });
        const phone = `+972${String(body.phone).replace(/\D/g, "").replace(/^0/, "")}`;
        const existing = this.leads.find((l) => l.id === phone);
        if (existing)
          return json(409, { error: "Conflict", message: "duplicate", reason: "duplicate_lead", existing_id: phone, message_he: "כבר יש ליד עם הטלפון הזה" });
        const { phone: _typed, note: _note, ...details } = body;
        const created = lead(phone, { ...details, sources: ["manual"] });
        this.leads.push(created);
        return json(201, created);
      }
      const found = this.leads.find((l) => l.id === id);
      if (!found) return notFound();
      if (method === "GET" && tail === "timeline") return json(200, { lead: found, items: this.timeline.get(found.id) ?? [], next_cursor: null });
      if (method === "POST" && tail === "notes") {
        const note: Note = { id: `n${this.notes.length + 1}`, lead_id: found.id, text: body.text, author_uid: "u1", author_name: "דנה", created_at: "2026-11-25T10:00:00Z" };
        this.notes.push(note);
        const items = this.timeline.get(found.id) ?? [];
        this.timeline.set(found.id, [...items, { kind: "note", at: note.created_at, id: note.id, title: note.text, channel: null, role: "agent", call_sid: null, author_uid: "u1", author_name: "דנה", duration_seconds: null, has_recording: false, summary: null, start: null, end: null, agent_id: null }]);
        return json(201, note);
      }
      if (method === "GET") return json(200, found);
      if (method === "PATCH") {
        if (body.status_id && !this.status(body.status_id)) return notFound();
        const { add_note: note, ...changes } = body;
        Object.assign(found, changes, note ? { notes: [...found.notes, note] } : {});
        return json(200, found);
      }
    }
    if (head === "appointments") {
      if (method === "GET") {
        const start = Date.parse(query.get("start")!);
        const end = Date.parse(query.get("end")!);
        const items = this.appointments.filter((a) => Date.parse(a.start) >= start && Date.parse(a.start) < end);
        return json(200, { items });
      }
      const found = this.appointments.find((a) => a.id === id);
      if (!found) return notFound();
      if (method === "POST" && tail === "cancel") {
        found.status = "cancelled";
        return json(200, found);
      }
      if (method === "PATCH") {
        Object.assign(found, { start: body.start, end: body.end ?? found.end, agent_id: body.agent_id ?? found.agent_id });
        return json(200, found);
      }
    }
    if (head === "calls") {
      if (method === "GET" && !id) return json(200, { items: [...this.calls.values()].map((c) => c.call), next_cursor: null });
      const found = this.calls.get(id ?? "");
      if (found && tail === "recording") {
        const r = found.call.recording;
        if (!r?.available || !r.url) return json(409, { error: "Conflict", message: "no recording", reason: "no_recording", message_he: "אין הקלטה שמורה לשיחה הזאת" });
        return json(200, { url: `${r.url}?signature=abc`, expires_at: "2026-11-24T09:15:00Z", duration_seconds: r.duration_seconds });
      }
      return found ? json(200, found) : notFound();
    }
    return notFound();
  }

  private routePrompts(method: string, id: string | undefined, tail: string | undefined, query: URLSearchParams, body: any): Response {
    if (method === "GET" && !id) {
      const channel = query.get("channel") ?? "voice";
      const items = this.prompts.filter((p) => p.channel === channel).sort((a, b) => b.version - a.version);
      return json(200, { channel, active_id: items.find((p) => p.active)?.id ?? null, items });
    }
    if (method === "POST" && !id) {
      const version = this.prompts.filter((p) => p.channel === body.channel).length + 1;
      const created: Prompt = { id: `${body.channel}-v${version}`, channel: body.channel, version, text: body.text, created_by: "u1", created_at: "2026-11-03T10:00:00Z", active: false };
      this.prompts.push(created);
      return json(201, created);
    }
    const found = this.prompts.find((p) => p.id === id);
    if (!found) return notFound();
    if (method === "POST" && tail === "activate") {
      for (const p of this.prompts) if (p.channel === found.channel) p.active = p === found;
      return json(200, found);
    }
    if (method === "GET" && tail === "diff") {
      const active = this.prompts.find((p) => p.channel === found.channel && p.active)!;
      const diff = `--- ${active.id}\n+++ ${found.id}\n@@ -1,2 +1,2 @@\n את לאה.\n-ענו בקצרה.\n+ענו בקצרה ובחום.\n`;
      return json(200, { from_id: active.id, to_id: found.id, diff, added: 1, removed: 1 });
    }
    return notFound();
  }

  private status(id: string | undefined): Status | undefined {
    return this.statuses.find((s) => s.id === id);
  }

  /** Filters and sorts like the API; the cursor is the index to continue from (opaque to the app). */
  private listLeads(query: URLSearchParams): Response {
    const q = query.get("q");
    const digits = q?.replace(/\D/g, "") ?? "";
    let found = this.leads.filter(
      (l) =>
        (!query.get("status") || l.status_id === query.get("status")) &&
        (!query.get("source") || l.sources.includes(query.get("source")!)) &&
        (!q || (l.name ?? "").startsWith(q) || (digits.length >= 3 && l.phone.includes(digits.replace(/^0/, "")))),
    );
    const sort = (query.get("sort") ?? "created_at") as keyof Lead;
    const sign = query.get("order") === "asc" ? 1 : -1;
    found = [...found].sort((a, b) => sign * String(a[sort] ?? "").localeCompare(String(b[sort] ?? "")));
    const limit = Number(query.get("limit") ?? 25);
    const from = Number(query.get("cursor") ?? 0);
    const page = found.slice(from, from + limit);
    const next = from + limit < found.length ? String(from + limit) : null;
    return json(200, { items: page, next_cursor: next });
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function notFound(): Response {
  return json(404, { error: "NotFound", message: "not found", message_he: HE_NOT_FOUND });
}
