import { type FormEvent, useState } from "react";

import type { Lead, LeadUpdate, Status, TimelineItem } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { StatusBadge } from "../components/StatusBadge";
import { useApi } from "../context";
import { formatDateTime, formatMoney } from "../format";
import { he } from "../i18n/he";
import { href } from "../router";
import { useAsync } from "../useAsync";
import { useStatuses } from "../useStatuses";

export function LeadPage({ leadId }: { leadId: string }) {
  const api = useApi();
  const timeline = useAsync(() => api.timeline(leadId), [api, leadId]);
  const { statuses, byId } = useStatuses();
  const [lead, setLead] = useState<Lead | null>(null);
  const shown = lead ?? timeline.data?.lead ?? null;

  if (timeline.loading && !timeline.data) return <p>{he.common.loading}</p>;
  if (!shown) return <ErrorNote error={timeline.error} />;
  return (
    <section>
      <p>
        <a href={href("/leads")}>{he.common.back}</a>
      </p>
      <h1>
        {shown.name ?? he.leads.noName} <Ltr className="muted">{shown.phone_display}</Ltr>
      </h1>
      <div className="columns">
        <div>
          <StatusPicker lead={shown} statuses={statuses} current={byId.get(shown.status_id)} onSaved={setLead} />
          <DetailsForm lead={shown} onSaved={setLead} />
          <Notes lead={shown} onSaved={setLead} />
        </div>
        <div>
          <h2>{he.lead.timeline}</h2>
          <Timeline items={timeline.data?.items ?? []} />
        </div>
      </div>
    </section>
  );
}

function StatusPicker(props: {
  lead: Lead;
  statuses: Status[];
  current: Status | undefined;
  onSaved: (lead: Lead) => void;
}) {
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function change(statusId: string) {
    setError(null);
    setDone(false);
    try {
      props.onSaved(await api.updateLead(props.lead.id, { status_id: statusId }));
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="card">
      <label>
        {he.lead.changeStatus}{" "}
        <select value={props.lead.status_id} onChange={(e) => void change(e.target.value)}>
          {props.statuses.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>{" "}
      <StatusBadge status={props.current} />
      {done && <span role="status"> {he.lead.statusChanged}</span>}
      <ErrorNote error={error} />
    </div>
  );
}

type TextField = "name" | "city" | "area" | "timing" | "email";
const TEXT_FIELDS: TextField[] = ["name", "city", "area", "timing", "email"];

function DetailsForm({ lead, onSaved }: { lead: Lead; onSaved: (lead: Lead) => void }) {
  const api = useApi();
  const [draft, setDraft] = useState(() => formOf(lead));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const put = (key: keyof typeof draft, value: string) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const changes = changesOf(lead, draft);
      const updated = Object.keys(changes).length ? await api.updateLead(lead.id, changes) : lead;
      onSaved(updated);
      setDraft(formOf(updated));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="card form" onSubmit={save} aria-label={he.lead.details}>
      <h2>{he.lead.details}</h2>
      {TEXT_FIELDS.map((key) => (
        <label key={key}>
          {he.lead.fields[key]}
          <input
            value={draft[key]}
            dir={key === "email" ? "ltr" : undefined}
            type={key === "email" ? "email" : "text"}
            onChange={(e) => put(key, e.target.value)}
          />
        </label>
      ))}
      <label>
        {he.lead.fields.deal_type}
        <select value={draft.deal_type} onChange={(e) => put("deal_type", e.target.value)}>
          <option value="">{he.common.none}</option>
          {Object.entries(he.dealTypes).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {he.lead.fields.property_type}
        <select value={draft.property_type} onChange={(e) => put("property_type", e.target.value)}>
          <option value="">{he.common.none}</option>
          {Object.entries(he.propertyTypes).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {he.lead.fields.rooms}
        <input dir="ltr" inputMode="decimal" value={draft.rooms} onChange={(e) => put("rooms", e.target.value)} />
      </label>
      <label>
        {he.lead.fields.budget}
        <input dir="ltr" inputMode="numeric" value={draft.budget} onChange={(e) => put("budget", e.target.value)} />
      </label>
      {lead.budget !== null && (
        <p className="muted">
          <Ltr>{formatMoney(lead.budget)}</Ltr>
        </p>
      )}
      <button type="submit">{he.common.save}</button>
      {saved && <span role="status"> {he.common.saved}</span>}
      {error instanceof NotANumber ? (
        <p role="alert" className="error">
          {he.lead.notANumber(he.lead.fields[error.field])}
        </p>
      ) : (
        <ErrorNote error={error} />
      )}
    </form>
  );
}

type Draft = Record<TextField | "deal_type" | "property_type" | "rooms" | "budget", string>;

function formOf(lead: Lead): Draft {
  return {
    name: lead.name ?? "",
    city: lead.city ?? "",
    area: lead.area ?? "",
    timing: lead.timing ?? "",
    email: lead.email ?? "",
    deal_type: lead.deal_type ?? "",
    property_type: lead.property_type ?? "",
    rooms: lead.rooms === null ? "" : String(lead.rooms),
    budget: lead.budget === null ? "" : String(lead.budget),
  };
}

/** Only what the person changed; an emptied field is sent as null (cleared). */
export function changesOf(lead: Lead, draft: Draft): LeadUpdate {
  const before = formOf(lead);
  const changes: LeadUpdate = {};
  for (const key of TEXT_FIELDS) {
    if (draft[key].trim() !== before[key]) changes[key] = draft[key].trim() || null;
  }
  if (draft.deal_type !== before.deal_type)
    changes.deal_type = (draft.deal_type || null) as LeadUpdate["deal_type"];
  if (draft.property_type !== before.property_type)
    changes.property_type = (draft.property_type || null) as LeadUpdate["property_type"];
  if (draft.rooms.trim() !== before.rooms) changes.rooms = numberOrNull(draft.rooms, "rooms");
  if (draft.budget.trim() !== before.budget) changes.budget = numberOrNull(draft.budget.replace(/[,₪\s]/g, ""), "budget");
  return changes;
}

/** Thrown before anything is sent: a number field holds something that is not a number. */
export class NotANumber extends Error {
  constructor(readonly field: "rooms" | "budget") {
    super(`${field} is not a number`);
  }
}

function numberOrNull(text: string, field: "rooms" | "budget"): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new NotANumber(field);
  return value;
}

function Notes({ lead, onSaved }: { lead: Lead; onSaved: (lead: Lead) => void }) {
  const api = useApi();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  async function add(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    try {
      onSaved(await api.updateLead(lead.id, { add_note: text.trim() }));
      setText("");
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="card">
      <h2>{he.lead.notes}</h2>
      <ul>
        {lead.notes.map((note, i) => (
          <li key={i}>{note}</li>
        ))}
      </ul>
      <form onSubmit={add}>
        <textarea aria-label={he.lead.addNote} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">{he.lead.addNote}</button>
      </form>
      <ErrorNote error={error} />
    </div>
  );
}

function Timeline({ items }: { items: TimelineItem[] }) {
  if (!items.length) return <p>{he.lead.emptyTimeline}</p>;
  return (
    <ol className="timeline">
      {items.map((item) => (
        <li key={`${item.kind}-${item.id}`} className={`kind-${item.kind}`}>
          <Ltr className="muted">{formatDateTime(item.at)}</Ltr> <strong>{he.timeline[item.kind]}</strong>
          {item.kind === "message" && item.role && <span> · {he.timeline.roles[item.role] ?? item.role}</span>}{" "}
          <TimelineTitle item={item} />
        </li>
      ))}
    </ol>
  );
}

function TimelineTitle({ item }: { item: TimelineItem }) {
  if (item.kind === "appointment") return <span>{he.timeline.appointmentStatus[item.title] ?? item.title}</span>;
  if (item.kind === "call" && item.call_sid) {
    // The API's call line is "<twilio status> · <seconds>s".
    const [status = "", seconds] = item.title.split(" · ");
    return (
      <a href={href(`/calls/${encodeURIComponent(item.call_sid)}`)}>
        {he.calls.statuses[status] ?? status}
        {seconds && (
          <>
            {" · "}
            <Ltr>{seconds.replace(/s$/, "")}</Ltr> {he.calls.seconds}
          </>
        )}
      </a>
    );
  }
  return <bdi>{item.title}</bdi>;
}
