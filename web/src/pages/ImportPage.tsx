import { type ChangeEvent, useState } from "react";
import { Link } from "react-router";

import type { ImportPreview, ImportResult, ImportRow } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { formatPhone } from "../format";
import { he } from "../i18n/he";

/** CSV import: choose a file, see what each row would do (and why not), then import. */
export function ImportPage() {
  const api = useApi();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState("");
  const [updateExisting, setUpdateExisting] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setPreview(null);
    setResult(null);
    setError(null);
    if (!file) return;
    setFileName(file.name);
    const text = await file.text();
    setCsv(text);
    await check(text, updateExisting);
  }

  async function check(text: string, update: boolean) {
    setBusy(true);
    try {
      setPreview(await api.previewImport(text, update));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function run() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.importLeads(csv, updateExisting));
      setPreview(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const counts = result?.counts ?? preview?.counts;
  return (
    <section className="grid gap-4">
      <p>
        <Link to="/leads">{he.common.back}</Link>
      </p>
      <h1>{he.importer.title}</h1>
      <div className="card grid gap-3">
        <p className="text-sm text-slate-700">{he.importer.help}</p>
        {/* The browser's own file button speaks its UI language: ours says it in Hebrew. */}
        <div className="flex flex-wrap items-center gap-3">
          <label className="btn btn-primary cursor-pointer focus-within:outline-3 focus-within:outline-blue-700">
            {he.importer.file}
            <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} className="sr-only" />
          </label>
          <span className="text-sm text-slate-700">{fileName || he.importer.noFile}</span>
        </div>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            checked={updateExisting}
            onChange={(e) => (setUpdateExisting(e.target.checked), csv && void check(csv, e.target.checked))}
          />
          {he.importer.updateExisting}
        </label>
      </div>
      <ErrorNote error={error} />
      {counts && (
        <p role="status" className="font-medium">
          {result ? he.importer.done : he.importer.previewOf(fileName)}: {he.importer.counts(counts.create, counts.update, counts.skip, counts.error)}
        </p>
      )}
      {preview && (
        <>
          <Rows rows={preview.rows} />
          <div>
            <button type="button" className="btn btn-primary" disabled={busy || counts!.create + counts!.update === 0} onClick={() => void run()}>
              {he.importer.run(counts!.create + counts!.update)}
            </button>
          </div>
        </>
      )}
      {result && <Rows rows={result.rows.filter((r) => r.action === "error")} />}
    </section>
  );
}

function Rows({ rows }: { rows: ImportRow[] }) {
  if (!rows.length) return null;
  return (
    <ul className="grid gap-2" aria-label={he.importer.rows}>
      {rows.map((row) => (
        <li key={row.row} className={`card grid gap-1 p-3 ${row.action === "error" ? "border-red-300" : ""}`}>
          <span className="flex flex-wrap gap-x-3">
            <span>
              {he.importer.row} <Ltr>{row.row}</Ltr>
            </span>
            <strong>{he.importer.actions[row.action]}</strong>
            {row.name && <span>{row.name}</span>}
            {row.phone && <Ltr className="whitespace-nowrap">{formatPhone(row.phone)}</Ltr>}
            {row.reason && <span className="text-slate-700">{he.importer.reasons[row.reason]}</span>}
          </span>
          {row.errors.length > 0 && (
            <ul className="list-disc ps-5 text-red-800">
              {row.errors.map((e, i) => (
                <li key={i}>{e.message_he}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
