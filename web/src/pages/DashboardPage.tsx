import { useCallback } from "react";
import { Link } from "react-router";

import type { Status } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { readableOn } from "../format";
import { he } from "../i18n/he";
import { useLive } from "../live/useLive";
import { useAsync } from "../useAsync";
import { useStatuses } from "../useStatuses";

/** The office's day at a glance: today's numbers, where leads come from, where they stand. */
export function DashboardPage() {
  const api = useApi();
  const loaded = useAsync(() => api.dashboard(undefined, 30), [api]);
  const { byId } = useStatuses();
  const reload = loaded.reload;
  const refresh = useCallback(() => reload(), [reload]);
  useLive({ kind: "leads" }, refresh);
  useLive({ kind: "calls" }, refresh);
  useLive({ kind: "tasks" }, refresh);
  const d = loaded.data;
  if (loaded.loading && !d) return <Loading />;
  if (!d) return <ErrorNote error={loaded.error} />;
  const tiles: [string, number, string][] = [
    [he.dashboard.callsToday, d.calls_today, "/calls"],
    [he.dashboard.newLeadsToday, d.new_leads_today, "/leads"],
    [he.dashboard.meetingsToday, d.meetings_today, "/calendar?view=day"],
    [he.dashboard.tasksToday, d.open_tasks_due_today, "/tasks"],
  ];
  const maxSource = Math.max(1, ...d.leads_by_source.map((c) => c.count));
  const maxStatus = Math.max(1, ...d.leads_by_status.map((c) => c.count));
  return (
    <section className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>{he.dashboard.title}</h1>
        <Link to="/leads/new" className="btn btn-primary no-underline">
          + {he.leads.newLead}
        </Link>
      </div>
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {tiles.map(([label, value, to]) => (
          <li key={label}>
            <Link to={to} className="card grid gap-1 text-slate-900 no-underline hover:border-blue-700">
              <span className="text-sm text-slate-700">{label}</span>
              <Ltr className="text-3xl font-bold">{value}</Ltr>
            </Link>
          </li>
        ))}
      </ul>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="card grid content-start gap-2">
          <h2>{he.dashboard.conversion}</h2>
          <p className="text-3xl font-bold">
            <Ltr>{Math.round(d.conversion.rate * 100)}%</Ltr>
          </p>
          <p className="text-sm text-slate-700">{he.dashboard.conversionDetail(d.conversion.with_meeting, d.conversion.leads)}</p>
        </div>
        <Bars title={he.dashboard.bySource} rows={d.leads_by_source.map((c) => [he.sources[c.key] ?? c.key, c.count, "#1d4ed8"])} max={maxSource} />
        <Bars
          title={he.dashboard.byStatus}
          rows={d.leads_by_status.map((c) => {
            const status: Status | undefined = byId.get(c.key);
            return [status?.label ?? c.key, c.count, readableOn(status?.color ?? "#334155")];
          })}
          max={maxStatus}
        />
      </div>
    </section>
  );
}

function Bars({ title, rows, max }: { title: string; rows: [string, number, string][]; max: number }) {
  return (
    <div className="card grid content-start gap-2">
      <h2>{title}</h2>
      {rows.length === 0 && <p className="muted">{he.dashboard.noLeads}</p>}
      <dl className="grid gap-2">
        {rows.map(([label, count, color]) => (
          <div key={label} className="grid grid-cols-[7rem_1fr_2.5rem] items-center gap-2">
            <dt className="truncate text-sm">{label}</dt>
            <dd className="h-3 rounded bg-slate-100" aria-hidden="true">
              <div className="h-3 rounded" style={{ inlineSize: `${(count / max) * 100}%`, background: color }} />
            </dd>
            <dd className="text-end">
              <Ltr>{count}</Ltr>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
