import { type FormEvent, useEffect, useMemo, useState } from "react";

import type { Lead, LeadQuery, LeadSort, SortOrder } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { StatusBadge } from "../components/StatusBadge";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { he } from "../i18n/he";
import { href, navigate, useLocation } from "../router";
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
  const { query } = useLocation();
  const address = query.toString();
  // Keyed on the text: a new URLSearchParams with the same filters must not fetch again.
  const filters = useMemo(() => filtersOf(new URLSearchParams(address)), [address]);
  const [searchText, setSearchText] = useState(filters.q);
  const [searchHint, setSearchHint] = useState(false);
  const [leads, setLeads] = useState<Lead[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

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
  }, [api, filters]);

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

  function search(event: FormEvent) {
    event.preventDefault();
    const q = searchText.trim();
    const tooShort = q.length === 1;
    setSearchHint(tooShort);
    if (!tooShort) set({ q });
  }

  const set = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    navigate("/leads", { ...next, sort: next.sort === "created_at:desc" ? undefined : next.sort });
  };

  return (
    <section>
      <h1>{he.leads.title}</h1>
      <div className="toolbar">
        <form onSubmit={search} role="search">
          <input
            type="search"
            aria-label={he.leads.search}
            placeholder={he.leads.search}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
          <button type="submit">{he.leads.searchButton}</button>
          {searchHint && <span className="hint">{he.leads.searchTooShort}</span>}
        </form>
        <label>
          {he.leads.status}{" "}
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{he.common.all}</option>
            {statuses.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {he.leads.source}{" "}
          <select value={filters.source} onChange={(e) => set({ source: e.target.value })}>
            <option value="">{he.common.all}</option>
            {Object.entries(he.sources).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {he.leads.sort}{" "}
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
      <table className="list">
        <thead>
          <tr>
            <th>{he.leads.columns.name}</th>
            <th>{he.leads.columns.phone}</th>
            <th>{he.leads.columns.status}</th>
            <th>{he.leads.columns.city}</th>
            <th>{he.leads.columns.sources}</th>
            <th>{he.leads.columns.created}</th>
            <th>{he.leads.columns.lastContact}</th>
          </tr>
        </thead>
        <tbody>
          {leads.map((lead) => (
            <tr key={lead.id}>
              <td>
                <a href={href(`/leads/${encodeURIComponent(lead.id)}`)}>{lead.name ?? he.leads.noName}</a>
                {lead.wants_callback && (
                  <span className="flag" title={he.leads.callback}>
                    {" "}
                    ☎
                  </span>
                )}
              </td>
              <td>
                <Ltr>{lead.phone_display}</Ltr>
              </td>
              <td>
                <StatusBadge status={byId.get(lead.status_id)} />
              </td>
              <td>{lead.city ?? he.common.none}</td>
              <td>{lead.sources.map((s) => he.sources[s] ?? s).join(", ")}</td>
              <td>
                <Ltr>{formatDateTime(lead.created_at)}</Ltr>
              </td>
              <td>{lead.last_contact_at ? <Ltr>{formatDateTime(lead.last_contact_at)}</Ltr> : he.common.none}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loading && <p>{he.common.loading}</p>}
      {!loading && leads.length === 0 && !error && <p>{he.leads.empty}</p>}
      {nextCursor && !loading && (
        <button type="button" onClick={loadMore}>
          {he.common.loadMore}
        </button>
      )}
    </section>
  );
}
