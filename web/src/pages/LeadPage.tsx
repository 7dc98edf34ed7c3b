import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";

import type { Lead, Status } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { apiFieldError } from "../components/Field";
import { Ltr } from "../components/Ltr";
import { Phone, PhoneLinks } from "../components/Phone";
import { StatusBadge } from "../components/StatusBadge";
import { useApi } from "../context";
import { formatMoney } from "../format";
import { he } from "../i18n/he";
import { LeadFields } from "../leads/LeadFields";
import { type Draft, type FieldErrors, changesOf, checkDraft, draftOf } from "../leads/leadForm";
import { AssignAgent, BookMeeting, MergeLead, Tags } from "../leads/LeadPanels";
import { Timeline } from "../leads/Timeline";
import { TaskList } from "./TasksPage";
import { useLive } from "../live/useLive";
import { useAsync } from "../useAsync";
import { useStatuses } from "../useStatuses";

export { changesOf } from "../leads/leadForm";

export function LeadPage(props: { leadId?: string }) {
  const params = useParams();
  const leadId = props.leadId ?? params.leadId ?? "";
  const api = useApi();
  const timeline = useAsync(() => api.timeline(leadId), [api, leadId]);
  const { statuses, byId } = useStatuses();
  const settings = useAsync(() => api.settings(), [api]);
  const agents = settings.data?.agents ?? [];
  const [lead, setLead] = useState<Lead | null>(null);
  useLive({ kind: "messages", leadId }, timeline.reload);
  useLive({ kind: "notes", leadId }, timeline.reload);
  const shown = lead ?? timeline.data?.lead ?? null;

  if (timeline.loading && !timeline.data) return <Loading />;
  if (!shown) return <ErrorNote error={timeline.error} />;
  return (
    <section className="grid gap-4">
      <p>
        <Link to="/leads">{he.common.back}</Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1>{shown.name ?? he.leads.noName}</h1>
        <Phone phone={shown.phone} />
        <StatusBadge status={byId.get(shown.status_id)} />
      </div>
      <PhoneLinks phone={shown.phone} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <div className="grid content-start gap-4">
          <div className="card grid gap-3">
            <StatusPicker lead={shown} statuses={statuses} current={byId.get(shown.status_id)} onSaved={setLead} />
            <AssignAgent lead={shown} agents={agents} onSaved={setLead} />
            <Tags lead={shown} onSaved={setLead} />
          </div>
          <DetailsForm key={shown.id} lead={shown} onSaved={setLead} />
          <div className="card">
            <BookMeeting lead={shown} agents={agents} onBooked={() => (setLead(null), timeline.reload())} />
          </div>
          <div className="card">
            <MergeLead lead={shown} onMerged={(l) => (setLead(l), timeline.reload())} />
          </div>
        </div>
        <div className="order-first grid min-w-0 content-start gap-4 lg:order-none">
          <div>
            <h2 className="mb-2">{he.lead.timeline}</h2>
            <Timeline items={timeline.data?.items ?? []} />
          </div>
          <Notes lead={shown} onAdded={timeline.reload} />
          <div className="card grid gap-2">
            <h2>{he.leadPanels.tasks}</h2>
            <TaskList leadId={shown.id} />
          </div>
        </div>
      </div>
    </section>
  );
}

function StatusPicker(props: { lead: Lead; statuses: Status[]; current: Status | undefined; onSaved: (lead: Lead) => void }) {
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
    <div className="grid gap-2">
      <label className="field">
        <span>{he.lead.changeStatus}</span>
        <select value={props.lead.status_id} onChange={(e) => void change(e.target.value)}>
          {props.statuses.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {done && <span role="status">{he.lead.statusChanged}</span>}
      <ErrorNote error={error} />
    </div>
  );
}

function DetailsForm({ lead, onSaved }: { lead: Lead; onSaved: (lead: Lead) => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<Draft>(() => draftOf(lead));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiError, setApiError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setApiError(null);
    setSaved(false);
    const found = checkDraft(draft, false);
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      const changes = changesOf(lead, draft);
      const updated = Object.keys(changes).length ? await api.updateLead(lead.id, changes) : lead;
      setDraft(draftOf(updated));
      setSaved(true);
      onSaved(updated);
    } catch (err) {
      setApiError(err);
    }
  }

  const fieldShown = apiFieldError(apiError, ...Object.keys(draft));
  return (
    <form className="card grid gap-3" onSubmit={save} aria-label={he.lead.details} noValidate>
      <h2>{he.lead.details}</h2>
      <LeadFields
        draft={draft}
        errors={errors}
        apiError={apiError}
        withPhone={false}
        onChange={(field, value) => (setSaved(false), setDraft((d) => ({ ...d, [field]: value })))}
      />
      {lead.budget !== null && (
        <p className="muted">
          {he.lead.fields.budget}: <Ltr>{formatMoney(lead.budget)}</Ltr>
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn btn-primary">
          {he.common.save}
        </button>
        {saved && <span role="status">{he.common.saved}</span>}
      </div>
      {!fieldShown && <ErrorNote error={apiError} />}
    </form>
  );
}

function Notes({ lead, onAdded }: { lead: Lead; onAdded: () => void }) {
  const api = useApi();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  async function add(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    setError(null);
    try {
      await api.addNote(lead.id, text.trim());
      setText("");
      onAdded();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={add} className="card grid gap-2" aria-label={he.lead.addNote}>
      <h2>{he.lead.notes}</h2>
      <textarea aria-label={he.lead.noteText} value={text} onChange={(e) => setText(e.target.value)} />
      <div>
        <button type="submit" className="btn">
          {he.lead.addNote}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
