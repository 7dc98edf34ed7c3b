import { useState } from "react";

import type { Call } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { he } from "../i18n/he";
import { href } from "../router";
import { useAsync } from "../useAsync";

export function CallsPage() {
  const api = useApi();
  const first = useAsync(() => api.calls(), [api]);
  const [more, setMore] = useState<{ items: Call[]; cursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.next_cursor ?? null);

  async function loadMore() {
    try {
      const page = await api.calls(cursor);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.next_cursor }));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section>
      <h1>{he.calls.title}</h1>
      <ErrorNote error={first.error ?? error} />
      <table className="list">
        <thead>
          <tr>
            <th>{he.calls.started}</th>
            <th>{he.calls.from}</th>
            <th>{he.calls.status}</th>
            <th>{he.calls.duration}</th>
            <th>{he.calls.summary}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((call) => (
            <tr key={call.call_sid}>
              <td>
                <a href={href(`/calls/${encodeURIComponent(call.call_sid)}`)}>
                  <Ltr>{formatDateTime(call.started_at)}</Ltr>
                </a>
              </td>
              <td>
                <Ltr>{call.from_phone}</Ltr>
              </td>
              <td>{he.calls.statuses[call.status] ?? call.status}</td>
              <td>{call.duration_seconds !== null && <Duration seconds={call.duration_seconds} />}</td>
              <td>{call.summary ?? he.common.none}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {first.loading && <p>{he.common.loading}</p>}
      {!first.loading && items.length === 0 && <p>{he.calls.empty}</p>}
      {cursor && (
        <button type="button" onClick={() => void loadMore()}>
          {he.common.loadMore}
        </button>
      )}
    </section>
  );
}

function Duration({ seconds }: { seconds: number }) {
  return (
    <>
      <Ltr>{seconds}</Ltr> {he.calls.seconds}
    </>
  );
}

export function CallPage({ callSid }: { callSid: string }) {
  const api = useApi();
  const loaded = useAsync(() => api.call(callSid), [api, callSid]);
  if (loaded.loading) return <p>{he.common.loading}</p>;
  if (!loaded.data) return <ErrorNote error={loaded.error} />;
  const { call, turns } = loaded.data;
  return (
    <section>
      <p>
        <a href={href("/calls")}>{he.common.back}</a>
      </p>
      <h1>
        {he.timeline.call} <Ltr>{call.from_phone}</Ltr> · <Ltr className="muted">{formatDateTime(call.started_at)}</Ltr>
      </h1>
      <p>
        {he.calls.statuses[call.status] ?? call.status}
        {call.duration_seconds !== null && (
          <>
            {" · "}
            <Duration seconds={call.duration_seconds} />
          </>
        )}
        {call.lead_id && (
          <>
            {" · "}
            <a href={href(`/leads/${encodeURIComponent(call.lead_id)}`)}>{he.calls.lead}</a>
          </>
        )}
      </p>
      {call.summary && <p className="card">{call.summary}</p>}
      {call.recording && (
        <div className="card">
          <h2>{he.calls.recording}</h2>
          {call.recording.available && call.recording.url ? (
            <audio controls src={call.recording.url} />
          ) : (
            <p className="muted">{he.calls.recordingPurged}</p>
          )}
        </div>
      )}
      <h2>{he.calls.transcript}</h2>
      {turns.length === 0 && <p>{he.calls.noTranscript}</p>}
      <ol className="transcript">
        {turns.map((turn) => (
          <li key={turn.id} className={`role-${turn.role}`}>
            <strong>{he.timeline.roles[turn.role] ?? turn.role}:</strong> <bdi>{turn.text}</bdi>
            {turn.interrupted && <span className="muted"> {he.calls.interrupted}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
