import { Link } from "react-router";

import type { TimelineItem } from "../api/client";
import { Ltr } from "../components/Ltr";
import { formatDateTime, formatDuration, formatTime } from "../format";
import { he } from "../i18n/he";
import { RecordingPlayer } from "../pages/CallsPage";

/**
 * One conversation, oldest first, calls and WhatsApp together: the customer's bubbles on the
 * start side, Leah's and staff's on the end side; notes carry their author; calls their recording.
 */
export function Timeline({ items }: { items: TimelineItem[] }) {
  if (!items.length) return <p className="muted">{he.lead.emptyTimeline}</p>;
  const ordered = [...items].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="timeline grid gap-2" aria-label={he.lead.timeline}>
      {ordered.map((item) => (
        <TimelineEntry key={`${item.kind}-${item.id}`} item={item} />
      ))}
    </ol>
  );
}

function TimelineEntry({ item }: { item: TimelineItem }) {
  const time = <Ltr className="text-xs text-slate-600">{formatDateTime(item.at)}</Ltr>;
  if (item.kind === "message" || item.kind === "note") {
    const customer = item.role === "caller";
    const note = item.kind === "note";
    const who = note ? `${he.timeline.note} · ${item.author_name ?? he.timeline.staff}` : (he.timeline.roles[item.role ?? ""] ?? item.role);
    const channel = !note && item.channel ? (he.timeline.channels[item.channel] ?? item.channel) : "";
    return (
      <li className={`flex ${customer ? "justify-start" : "justify-end"}`} data-kind={item.kind}>
        <div
          className={`max-w-[85%] rounded-2xl px-3 py-2 shadow-sm ${
            note ? "border border-amber-300 bg-amber-50" : customer ? "rounded-ss-sm bg-white" : "rounded-se-sm bg-blue-50"
          }`}
        >
          <div className="flex flex-wrap items-baseline gap-x-2 text-sm font-semibold">
            <span>{who}</span>
            {channel && <span className="text-xs font-normal text-slate-600">{channel}</span>}
          </div>
          <p className="whitespace-pre-wrap break-words">
            <bdi>{item.title}</bdi>
          </p>
          {time}
        </div>
      </li>
    );
  }
  if (item.kind === "call") return <CallEntry item={item} time={time} />;
  const when = item.start ? (
    <Ltr>
      {formatDateTime(item.start)}
      {item.end && <>–{formatTime(item.end)}</>}
    </Ltr>
  ) : null;
  return (
    <li className="flex justify-center" data-kind={item.kind}>
      <div className="rounded-xl border border-slate-200 bg-slate-100 px-3 py-1 text-center text-sm">
        <strong>{he.timeline.appointment}</strong> · {he.timeline.appointmentStatus[item.title] ?? item.title} {when && <>· {when}</>}
      </div>
    </li>
  );
}

function CallEntry({ item, time }: { item: TimelineItem; time: React.ReactNode }) {
  // The API's call title is the Twilio status ("completed").
  const [status = ""] = item.title.split(" · ");
  return (
    <li className="flex justify-center" data-kind="call">
      <div className="grid w-full max-w-md gap-1 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <div className="flex flex-wrap items-center gap-x-2">
          <strong>{he.timeline.call}</strong>
          <span>{he.calls.statuses[status] ?? status}</span>
          {item.duration_seconds != null && <Ltr>{formatDuration(item.duration_seconds)}</Ltr>}
          {time}
        </div>
        {item.summary && <p>{item.summary}</p>}
        {item.call_sid && (
          <Link className="btn-link" to={`/calls/${encodeURIComponent(item.call_sid)}`}>
            {he.calls.openCall}
          </Link>
        )}
        {item.call_sid && item.has_recording && <RecordingPlayer callSid={item.call_sid} />}
      </div>
    </li>
  );
}
