import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";

import type { Lead, LeadQuery, LeadSort, SortOrder, Status } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { Phone } from "../components/Phone";
import { StatusBadge } from "../components/StatusBadge";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { he } from "../i18n/he";
import { useLive } from "../live/useLive";
import { useStatuses } from "../useStatuses";

const PAGE_SIZE = 25;
type SortKey = keyof typeof he.sorts;
const SORT_KEYS = Object.keys(he.sorts) as SortKey[];

interface Filters {
  status: string;
  source: string;
  q: string;
  sort: SortKey;
}

/** Filters live in the address (#/leads?status=…&q=…) so "back" from a lead keeps them. */
function filtersOf(query: URLSearchParams): Filters {
  const sort = query.get("sort") ?? "";
  return {
    status: query.get("status") ?? "",
    source: query.get("source") ?? "",
    q: query.get("q") ?? "",
    sort: sort in he.sorts ? (sort as SortKey) : "created_at:desc",
  };
}

function queryOf(filters: Filters, cursor?: string): LeadQuery {
  const [sort, order] = filters.sort.split(":") as [LeadSort, SortOrder];
  return {
    status: filters.status || undefined,
    source: filters.source || undefined,
    q: filters.q || undefined,
    sort,
    order,
    limit: PAGE_SIZE,
    cursor,
  };
}

export function LeadsPage() {
  const api = useApi();
  const { byId, statuses } = useStatuses();
  const [query, setQuery] = useSearchParams();
  const address = query.toString();
  // Keyed on the text: a new URLSearchParams with the same filters must not fetch again.
  const filters = useMemo(() => filtersOf(new URLSearchParams(address)), [address]);
  const [searchText, setSearchText] = useState(filters.q);
  const [searchHint, setSearchHint] = useState(false);
  const [leads, setLeads] = useState<Lead[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useLive({ kind: "leads" }, refresh);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api.leads(queryOf(filters)).then(
      (page) => {
        if (!live) return;
        setLeads(page.items);
        setNextCursor(page.next_cursor);
        setLoading(false);
      },
      (err: unknown) => live && (setError(err), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [api, filters, tick]);

  async function loadMore() {
    if (!nextCursor) return;
    setLoading(true);
    try {
      const page = await api.leads(queryOf(filters, nextCursor));
      setLeads((shown) => [...shown, ...page.items]);
      setNextCursor(page.next_cursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }

  /** The list's filters, as a file the browser saves (UTF-8 with BOM from the API: Excel reads Hebrew). */
  async function exportCsv() {
    setError(null);
    try {
      const { text, filename } = await api.exportLeads({ status: filters.status || undefined, source: filters.source || undefined, q: filters.q || undefined });
      const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setError(err);
    }
  }

  function search(event: FormEvent) {
    event.preventDefault();
    const q = searchText.trim();
    const tooShort = q.length === 1;
    setSearchHint(tooShort);
    if (!tooShort) set({ q });
  }

  const set = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    const params = new URLSearchParams();
    if (next.status) params.set("status", next.status);
    if (next.source) params.set("source", next.source);
    if (next.q) params.set("q", next.q);
    if (next.sort !== "created_at:desc") params.set("sort", next.sort);
    setQuery(params);
  };

  return (
    <section>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>{he.leads.title}</h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/leads/new" className="btn btn-primary no-underline">
            + {he.leads.newLead}
          </Link>
          <Link to="/leads/import" className="btn no-underline">
            {he.importer.import}
          </Link>
          <button type="button" className="btn" onClick={() => void exportCsv()}>
            {he.importer.export}
          </button>
        </div>
      </div>
      <div className="toolbar">
        <form onSubmit={search} role="search" className="flex w-full flex-wrap items-end gap-2 sm:w-auto">
          <input
            type="search"
            className="min-w-0 flex-1"
            aria-label={he.leads.search}
            placeholder={he.leads.search}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
          <button type="submit" className="btn">
            {he.leads.searchButton}
          </button>
          {searchHint && <span className="w-full text-sm text-amber-800">{he.leads.searchTooShort}</span>}
        </form>
        <label className="field">
          <span>{he.leads.status}</span>
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{he.common.all}</option>
            {statuses.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{he.leads.source}</span>
          <select value={filters.source} onChange={(e) => set({ source: e.target.value })}>
            <option value="">{he.common.all}</option>
            {Object.entries(he.sources).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{he.leads.sort}</span>
          <select value={filters.sort} onChange={(e) => set({ sort: e.target.value as SortKey })}>
            {SORT_KEYS.map((key) => (
              <option key={key} value={key}>
                {he.sorts[key]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      <LeadTable leads={leads} byId={byId} />
      <LeadCards leads={leads} byId={byId} />
      {loading && <Loading />}
      {!loading && leads.length === 0 && !error && <p>{he.leads.empty}</p>}
      {nextCursor && !loading && (
        <button type="button" className="btn mt-3" onClick={loadMore}>
          {he.common.loadMore}
        </button>
      )}
    </section>
  );
}

type Props = { leads: Lead[]; byId: Map<string, Status> };
const leadHref = (lead: Lead) => `/leads/${encodeURIComponent(lead.id)}`;

/** Wide screens: a table. */
function LeadTable({ leads, byId }: Props) {
  return (
    <table className="list hidden w-full border-collapse bg-white md:table">
      <thead>
        <tr className="border-b border-slate-300 text-start">
          {Object.values(he.leads.columns).map((label) => (
            <th key={label} className="px-2 py-2 text-start text-sm font-semibold">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {leads.map((lead) => (
          <tr key={lead.id} className="border-b border-slate-200">
            <td className="px-2 py-2">
              <Link to={leadHref(lead)}>{lead.name ?? he.leads.noName}</Link>
              {lead.wants_callback && <CallbackChip />}
            </td>
            <td className="px-2 py-2">
              <Phone phone={lead.phone} />
            </td>
            <td className="px-2 py-2">
              <StatusBadge status={byId.get(lead.status_id)} />
            </td>
            <td className="px-2 py-2">{lead.city ?? he.common.none}</td>
            <td className="px-2 py-2">{lead.sources.map((s) => he.sources[s] ?? s).join(", ")}</td>
            <td className="px-2 py-2">
              <Ltr className="whitespace-nowrap">{formatDateTime(lead.created_at)}</Ltr>
            </td>
            <td className="px-2 py-2">
              {lead.last_contact_at ? <Ltr className="whitespace-nowrap">{formatDateTime(lead.last_contact_at)}</Ltr> : he.common.none}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Phones: one card per lead, the whole card a link. */
function LeadCards({ leads, byId }: Props) {
  return (
    <ul className="grid gap-2 md:hidden" aria-label={he.leads.title}>
      {leads.map((lead) => (
        <li key={lead.id} className="card p-0">
          <Link to={leadHref(lead)} className="grid gap-1 p-3 text-slate-900 no-underline">
            <span className="flex flex-wrap items-center justify-between gap-2">
              <strong className="text-blue-800">
                {lead.name ?? he.leads.noName}
                {lead.wants_callback && <CallbackChip />}
              </strong>
              <StatusBadge status={byId.get(lead.status_id)} />
            </span>
            <span className="flex flex-wrap gap-x-3 text-sm text-slate-700">
              <Phone phone={lead.phone} />
              {lead.city && <span>{lead.city}</span>}
              <span>{lead.sources.map((s) => he.sources[s] ?? s).join(", ")}</span>
            </span>
            <span className="text-xs text-slate-600">
              {he.leads.columns.created}: <Ltr>{formatDateTime(lead.created_at)}</Ltr>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function CallbackChip() {
  return <span className="ms-2 rounded bg-amber-100 px-1.5 text-sm font-normal whitespace-nowrap text-amber-900">{he.leads.callback}</span>;
}
