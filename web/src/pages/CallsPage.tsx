import { useCallback, useState } from "react";
import { Link, useParams } from "react-router";

import type { Call } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { Phone } from "../components/Phone";
import { useApi } from "../context";
import { formatDateTime, formatDuration } from "../format";
import { he } from "../i18n/he";
import { useLive } from "../live/useLive";
import { useAsync } from "../useAsync";

export function CallsPage() {
  const api = useApi();
  const first = useAsync(() => api.calls(), [api]);
  const [more, setMore] = useState<{ items: Call[]; cursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = first.reload;
  useLive({ kind: "calls" }, useCallback(() => (setMore(null), reload()), [reload]));
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
      <div aria-hidden="true" className="mt-3 hidden gap-1 px-3 text-sm font-semibold text-slate-700 md:grid md:grid-cols-[12rem_9rem_8rem_5rem_1fr]">
        <span>{he.calls.started}</span>
        <span>{he.calls.from}</span>
        <span>{he.calls.status}</span>
        <span>{he.calls.duration}</span>
        <span>{he.calls.summary}</span>
      </div>
      <ul className="mt-1 grid gap-2" aria-label={he.calls.title}>
        {items.map((call) => (
          <li key={call.call_sid} className="card grid gap-1 p-3 md:grid-cols-[12rem_9rem_8rem_5rem_1fr] md:items-center">
            <Link to={`/calls/${encodeURIComponent(call.call_sid)}`}>
              <Ltr className="whitespace-nowrap">{formatDateTime(call.started_at)}</Ltr>
            </Link>
            <Phone phone={call.from_phone} />
            <span>{he.calls.statuses[call.status] ?? call.status}</span>
            <span>{call.duration_seconds !== null ? <Duration seconds={call.duration_seconds} /> : he.common.none}</span>
            <span className="text-sm text-slate-700">{call.summary ?? ""}</span>
          </li>
        ))}
      </ul>
      {first.loading && <Loading />}
      {!first.loading && items.length === 0 && <p>{he.calls.empty}</p>}
      {cursor && (
        <button type="button" className="btn mt-3" onClick={() => void loadMore()}>
          {he.common.loadMore}
        </button>
      )}
    </section>
  );
}

function Duration({ seconds }: { seconds: number }) {
  return (
    <span aria-label={`${he.calls.duration} ${seconds} ${he.calls.seconds}`}>
      <Ltr>{formatDuration(seconds)}</Ltr>
    </span>
  );
}

export function CallPage(props: { callSid?: string }) {
  const params = useParams();
  const callSid = props.callSid ?? params.callSid ?? "";
  const api = useApi();
  const loaded = useAsync(() => api.call(callSid), [api, callSid]);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorNote error={loaded.error} />;
  const { call, turns } = loaded.data;
  return (
    <section className="grid gap-3">
      <p>
        <Link to="/calls">{he.common.back}</Link>
      </p>
      <h1 className="flex flex-wrap gap-x-2">
        <span>{he.timeline.call}</span> <Phone phone={call.from_phone} /> <Ltr className="muted">{formatDateTime(call.started_at)}</Ltr>
      </h1>
      <p className="flex flex-wrap gap-x-2">
        <span>{he.calls.statuses[call.status] ?? call.status}</span>
        {call.duration_seconds !== null && (
          <>
            · <Duration seconds={call.duration_seconds} />
          </>
        )}
        {call.lead_id && (
          <>
            · <Link to={`/leads/${encodeURIComponent(call.lead_id)}`}>{he.calls.lead}</Link>
          </>
        )}
      </p>
      {call.summary && (
        <div className="card">
          <h2>{he.calls.summary}</h2>
          <p>{call.summary}</p>
        </div>
      )}
      {call.recording && (
        <div className="card grid gap-2">
          <h2>{he.calls.recording}</h2>
          {call.recording.available ? <RecordingPlayer callSid={call.call_sid} /> : <p className="muted">{he.calls.recordingPurged}</p>}
        </div>
      )}
      <h2>{he.calls.transcript}</h2>
      {turns.length === 0 && <p>{he.calls.noTranscript}</p>}
      <ol className="grid max-w-3xl gap-2">
        {turns.map((turn) => {
          const caller = turn.role === "caller";
          return (
            <li key={turn.id} className={`flex ${caller ? "justify-start" : "justify-end"}`}>
              <div className={`max-w-[85%] rounded-2xl px-3 py-2 shadow-sm ${caller ? "bg-white" : "bg-blue-50"}`}>
                <strong>{he.timeline.roles[turn.role] ?? turn.role}:</strong> <bdi>{turn.text}</bdi>
                {turn.interrupted && <span className="muted"> {he.calls.interrupted}</span>}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The recording plays from a short-lived signed link, asked for only when someone wants to listen. */
export function RecordingPlayer({ callSid }: { callSid: string }) {
  const api = useApi();
  const [link, setLink] = useState<{ url: string | null; error: unknown } | null>(null);
  async function load() {
    try {
      setLink({ url: (await api.recordingLink(callSid)).url, error: null });
    } catch (error) {
      setLink({ url: null, error });
    }
  }
  if (link?.url) return <audio controls autoPlay src={link.url} className="w-full" aria-label={he.calls.recording} />;
  return (
    <div className="grid gap-2">
      <div>
        <button type="button" className="btn" onClick={() => void load()}>
          {he.calls.playRecording}
        </button>
      </div>
      <ErrorNote error={link?.error} />
    </div>
  );
}
