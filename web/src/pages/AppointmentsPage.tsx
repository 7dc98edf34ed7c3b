import { useState } from "react";

import type { Appointment, Lead } from "../api/client";
import { ErrorNote, errorText } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import {
  type LocalDate,
  addDays,
  formatDayMonth,
  formatTime,
  isoDate,
  localDateOf,
  startOfLocalDay,
  weekStartOf,
} from "../format";
import { he } from "../i18n/he";
import { href } from "../router";
import { useAsync } from "../useAsync";

/** The Israel week (Sunday to Saturday) that starts on `week`, or this week. */
export function AppointmentsPage({ week, now = new Date() }: { week: LocalDate | null; now?: Date }) {
  const api = useApi();
  const sunday = week ?? weekStartOf(now);
  const days = Array.from({ length: 7 }, (_, i) => addDays(sunday, i));
  const start = startOfLocalDay(sunday);
  const end = startOfLocalDay(addDays(sunday, 7));
  const [actionError, setActionError] = useState<string | null>(null);

  const loaded = useAsync(async () => {
    const { items } = await api.appointments(start, end, true);
    const ids = [...new Set(items.map((a) => a.lead_id))];
    const leads = await Promise.all(ids.map((id) => api.lead(id).catch(() => null)));
    const names = new Map<string, Lead>();
    for (const lead of leads) if (lead) names.set(lead.id, lead);
    return { items, leads: names };
  }, [api, isoDate(sunday)]);

  async function cancel(appointment: Appointment) {
    if (!window.confirm(he.appointments.confirmCancel)) return;
    setActionError(null);
    try {
      await api.cancelAppointment(appointment.id);
      loaded.reload();
    } catch (err) {
      setActionError(errorText(err));
    }
  }

  const byDay = new Map<string, Appointment[]>();
  for (const a of loaded.data?.items ?? []) {
    const key = isoDate(localDateOf(new Date(a.start)));
    byDay.set(key, [...(byDay.get(key) ?? []), a]);
  }

  return (
    <section>
      <h1>
        {he.appointments.title}{" "}
        <Ltr className="muted">
          {formatDayMonth(start)}–{formatDayMonth(startOfLocalDay(addDays(sunday, 6)))}
        </Ltr>
      </h1>
      <nav className="toolbar">
        <a href={href("/appointments", { week: isoDate(addDays(sunday, -7)) })}>{he.appointments.prevWeek}</a>
        <a href={href("/appointments")}>{he.appointments.thisWeek}</a>
        <a href={href("/appointments", { week: isoDate(addDays(sunday, 7)) })}>{he.appointments.nextWeek}</a>
      </nav>
      <ErrorNote error={loaded.error} />
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {loaded.loading && <p>{he.common.loading}</p>}
      <div className="week">
        {days.map((day, i) => {
          const key = isoDate(day);
          const items = byDay.get(key) ?? [];
          return (
            <div className="day" key={key} data-testid={`day-${key}`}>
              <h3>
                {he.weekdays[i]} <Ltr className="muted">{formatDayMonth(startOfLocalDay(day))}</Ltr>
              </h3>
              {items.length === 0 && !loaded.loading && <p className="muted">{he.appointments.empty}</p>}
              <ul>
                {items.map((a) => {
                  const lead = loaded.data?.leads.get(a.lead_id);
                  return (
                    <li key={a.id} className={a.status === "cancelled" ? "cancelled" : undefined}>
                      <Ltr>
                        {formatTime(a.start)}–{formatTime(a.end)}
                      </Ltr>{" "}
                      <a href={href(`/leads/${encodeURIComponent(a.lead_id)}`)}>
                        {lead?.name ?? <Ltr>{lead?.phone_display ?? a.lead_id}</Ltr>}
                      </a>
                      {a.status === "cancelled" ? (
                        <span className="muted"> ({he.appointments.cancelled})</span>
                      ) : (
                        <button type="button" className="link" onClick={() => void cancel(a)}>
                          {he.appointments.cancel}
                        </button>
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
