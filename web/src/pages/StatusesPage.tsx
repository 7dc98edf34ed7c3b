import { type FormEvent, useState } from "react";

import type { Status } from "../api/client";
import { errorText } from "../components/ErrorNote";
import { useApi } from "../context";
import { he } from "../i18n/he";
import { useStatuses } from "../useStatuses";

export function StatusesPage() {
  const api = useApi();
  const { statuses, error, loading, reload, setData } = useStatuses();
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [newLabel, setNewLabel] = useState("");

  async function run(action: () => Promise<string | null>) {
    setMessage(null);
    setProblem(null);
    try {
      setMessage(await action());
    } catch (err) {
      setProblem(errorText(err));
    }
  }

  const move = (index: number, by: number) =>
    run(async () => {
      const ids = statuses.map((s) => s.id);
      const [moved] = ids.splice(index, 1);
      if (moved === undefined) return null;
      ids.splice(index + by, 0, moved);
      setData((await api.reorderStatuses(ids)).items);
      return he.common.saved;
    });

  function add(event: FormEvent) {
    event.preventDefault();
    if (!newLabel.trim()) return;
    void run(async () => {
      await api.createStatus(newLabel.trim());
      setNewLabel("");
      reload();
      return he.common.saved;
    });
  }

  if (loading && !statuses.length) return <p>{he.common.loading}</p>;
  return (
    <section className="max-w-3xl">
      <h1>{he.statuses.title}</h1>
      {error ? <p className="error">{errorText(error)}</p> : null}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <ol className="my-3 grid gap-2">
        {statuses.map((status, index) => (
          <StatusRow
            key={status.id}
            status={status}
            others={statuses.filter((s) => s.id !== status.id)}
            first={index === 0}
            last={index === statuses.length - 1}
            onMove={(by) => void move(index, by)}
            onRename={(label) =>
              run(async () => {
                await api.renameStatus(status.id, label);
                reload();
                return he.common.saved;
              })
            }
            onDelete={(moveTo) =>
              run(async () => {
                const deleted = await api.deleteStatus(status.id, moveTo);
                reload();
                return he.statuses.deleted(deleted.moved ?? 0);
              })
            }
          />
        ))}
      </ol>
      <form onSubmit={add} className="toolbar">
        <input aria-label={he.statuses.newLabel} placeholder={he.statuses.newLabel} value={newLabel} onChange={(e) => setNewLabel(e.target.value)} />
        <button type="submit" className="btn">{he.statuses.add}</button>
      </form>
    </section>
  );
}

interface RowProps {
  status: Status;
  others: Status[];
  first: boolean;
  last: boolean;
  onMove: (by: number) => void;
  onRename: (label: string) => Promise<void>;
  onDelete: (moveTo: string | null) => Promise<void>;
}

function StatusRow({ status, others, first, last, onMove, onRename, onDelete }: RowProps) {
  const [label, setLabel] = useState(status.label);
  const [deleting, setDeleting] = useState(false);
  const [moveTo, setMoveTo] = useState(others.find((s) => s.is_default)?.id ?? others[0]?.id ?? "");
  return (
    <li className="card flex flex-wrap items-center gap-2 p-3" data-testid={`status-${status.id}`}>
      <span aria-hidden="true" className="inline-block size-4 shrink-0 rounded-full" style={{ background: status.color }} />
      <input className="min-w-0 flex-1 basis-48" aria-label={`${he.statuses.rename}: ${status.label}`} value={label} onChange={(e) => setLabel(e.target.value)} />
      <button type="button" className="btn" disabled={!label.trim() || label === status.label} onClick={() => void onRename(label.trim())}>
        {he.statuses.rename}
      </button>
      <button type="button" className="btn" aria-label={`${he.statuses.up}: ${status.label}`} disabled={first} onClick={() => onMove(-1)}>
        ↑
      </button>
      <button type="button" className="btn" aria-label={`${he.statuses.down}: ${status.label}`} disabled={last} onClick={() => onMove(1)}>
        ↓
      </button>
      {status.is_default ? (
        <span className="text-sm text-slate-700">{he.statuses.isDefault}</span>
      ) : deleting ? (
        <span className="flex flex-wrap items-end gap-2">
          <label className="field">
            <span>{he.statuses.moveTo}</span>
            <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
              {others.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn" onClick={() => void onDelete(moveTo || null)}>
            {he.statuses.confirmDelete}
          </button>
          <button type="button" className="btn" onClick={() => setDeleting(false)}>
            {he.common.cancel}
          </button>
        </span>
      ) : (
        <button type="button" className="btn" aria-label={`${he.statuses.delete}: ${status.label}`} onClick={() => setDeleting(true)}>
          {he.statuses.delete}
        </button>
      )}
    </li>
  );
}
