import { type KeyboardEvent, useCallback, useEffect, useState } from "react";
import { Link } from "react-router";

import type { Lead, Status } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Phone } from "../components/Phone";
import { useApi } from "../context";
import { readableOn } from "../format";
import { he } from "../i18n/he";
import { useLive } from "../live/useLive";
import { useStatuses } from "../useStatuses";

const PER_COLUMN = 50;

/**
 * The pipeline: one column per status. A card moves by dragging it, or from the keyboard:
 * "העברה" picks it up, the arrow keys choose the column, Enter puts it down, Escape cancels.
 */
export function BoardPage() {
  const api = useApi();
  const { statuses, loading: statusesLoading } = useStatuses();
  const [columns, setColumns] = useState<Record<string, Lead[]> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ leadId: string; target: number } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useLive({ kind: "leads" }, refresh);

  useEffect(() => {
    if (!statuses.length) return;
    let current = true;
    Promise.all(statuses.map((s) => api.leads({ status: s.id, limit: PER_COLUMN, sort: "updated_at", order: "desc" }))).then(
      (pages) => {
        if (!current) return;
        setColumns(Object.fromEntries(statuses.map((s, i) => [s.id, pages[i]?.items ?? []])));
        setError(null);
      },
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [api, statuses, tick]);

  const leadById = (id: string) => Object.values(columns ?? {}).flat().find((l) => l.id === id);
  const statusOfLead = (id: string) => leadById(id)?.status_id;

  async function move(leadId: string, statusId: string) {
    const lead = leadById(leadId);
    if (!lead || !columns || lead.status_id === statusId) return;
    const before = columns;
    const moved = { ...lead, status_id: statusId };
    setColumns({
      ...columns,
      [lead.status_id]: (columns[lead.status_id] ?? []).filter((l) => l.id !== leadId),
      [statusId]: [moved, ...(columns[statusId] ?? [])],
    });
    const label = statuses.find((s) => s.id === statusId)?.label ?? "";
    setAnnouncement(he.board.moved(lead.name ?? he.leads.noName, label));
    setError(null);
    try {
      await api.updateLead(leadId, { status_id: statusId });
    } catch (err) {
      setColumns(before);
      setError(err);
    }
  }

  function onCardKey(event: KeyboardEvent, leadId: string) {
    if (!picked || picked.leadId !== leadId) return;
    // In a right-to-left page the next column is to the left.
    const step = event.key === "ArrowLeft" || event.key === "ArrowDown" ? 1 : event.key === "ArrowRight" || event.key === "ArrowUp" ? -1 : 0;
    if (step) {
      event.preventDefault();
      const target = Math.min(statuses.length - 1, Math.max(0, picked.target + step));
      setPicked({ leadId, target });
      setAnnouncement(he.board.over(statuses[target]?.label ?? ""));
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const target = statuses[picked.target];
      setPicked(null);
      if (target) void move(leadId, target.id);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setPicked(null);
      setAnnouncement(he.board.cancelled);
    }
  }

  function pickUp(leadId: string) {
    const index = statuses.findIndex((s) => s.id === statusOfLead(leadId));
    setPicked({ leadId, target: Math.max(0, index) });
    setAnnouncement(he.board.pickedUp);
  }

  if (statusesLoading && !statuses.length) return <Loading />;
  return (
    <section className="grid gap-3">
      <h1>{he.board.title}</h1>
      <p className="muted text-sm" id="board-help">
        {he.board.help}
      </p>
      <ErrorNote error={error} />
      <p role="status" aria-live="assertive" className="sr-only">
        {announcement}
      </p>
      {!columns && <Loading />}
      {columns && (
        <div className="grid gap-3 md:flex md:overflow-x-auto md:pb-2">
          {statuses.map((status, index) => (
            <Column
              key={status.id}
              status={status}
              leads={columns[status.id] ?? []}
              highlighted={over === status.id || picked?.target === index}
              onDragOver={() => setOver(status.id)}
              onDragLeave={() => setOver((o) => (o === status.id ? null : o))}
              onDrop={() => {
                setOver(null);
                if (dragging) void move(dragging, status.id);
                setDragging(null);
              }}
            >
              {(columns[status.id] ?? []).map((lead) => (
                <li
                  key={lead.id}
                  draggable
                  data-lead={lead.id}
                  onDragStart={(e) => {
                    e.dataTransfer.setData("text/plain", lead.id);
                    e.dataTransfer.effectAllowed = "move";
                    setDragging(lead.id);
                  }}
                  onDragEnd={() => (setDragging(null), setOver(null))}
                  className={`grid cursor-grab gap-1 rounded-md border bg-white p-2 shadow-sm ${
                    picked?.leadId === lead.id ? "border-blue-700 ring-2 ring-blue-700" : "border-slate-200"
                  }`}
                >
                  <Link to={`/leads/${encodeURIComponent(lead.id)}`} className="font-semibold">
                    {lead.name ?? he.leads.noName}
                  </Link>
                  <span className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
                    <Phone phone={lead.phone} />
                    <button
                      type="button"
                      className="btn min-h-11 px-3 text-sm"
                      aria-describedby="board-help"
                      aria-pressed={picked?.leadId === lead.id}
                      onClick={() => (picked?.leadId === lead.id ? setPicked(null) : pickUp(lead.id))}
                      onKeyDown={(e) => onCardKey(e, lead.id)}
                    >
                      {he.board.move} <span className="sr-only">{lead.name ?? he.leads.noName}</span>
                    </button>
                  </span>
                </li>
              ))}
            </Column>
          ))}
        </div>
      )}
    </section>
  );
}

function Column(props: {
  status: Status;
  leads: Lead[];
  highlighted: boolean;
  onDragOver: () => void;
  onDragLeave: () => void;
  onDrop: () => void;
  children: React.ReactNode;
}) {
  const color = readableOn(props.status.color);
  const headingId = `column-${props.status.id}`;
  return (
    <section
      aria-labelledby={headingId}
      data-status={props.status.id}
      onDragOver={(e) => (e.preventDefault(), props.onDragOver())}
      onDragLeave={props.onDragLeave}
      onDrop={(e) => (e.preventDefault(), props.onDrop())}
      className={`grid min-h-32 content-start gap-2 rounded-lg border-2 bg-slate-100 p-2 md:min-w-52 md:flex-1 ${
        props.highlighted ? "border-blue-700 bg-blue-50" : "border-transparent"
      }`}
    >
      <h2 id={headingId} className="flex items-center justify-between gap-2 text-base text-slate-900">
        <span className="flex items-center gap-2">
          <span aria-hidden="true" className="inline-block size-3 rounded-full" style={{ background: color }} />
          {props.status.label}
        </span>
        <span className="rounded-full bg-white px-2 text-sm text-slate-800">{props.leads.length}</span>
      </h2>
      <ul className="grid gap-2">{props.children}</ul>
    </section>
  );
}
