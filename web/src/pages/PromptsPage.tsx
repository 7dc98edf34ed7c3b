import { type FormEvent, useState } from "react";

import type { PromptChannel, PromptDiff } from "../api/client";
import { ErrorNote, errorText } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { he } from "../i18n/he";
import { useAsync } from "../useAsync";

export function PromptsPage() {
  const api = useApi();
  const [channel, setChannel] = useState<PromptChannel>("voice");
  const list = useAsync(() => api.prompts(channel), [api, channel]);
  const [diff, setDiff] = useState<PromptDiff | null>(null);
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  async function run(action: () => Promise<void>) {
    setProblem(null);
    try {
      await action();
    } catch (err) {
      setProblem(errorText(err));
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (!draft.trim()) return;
    void run(async () => {
      await api.createPrompt(channel, draft);
      setDraft("");
      list.reload();
    });
  }

  const active = list.data?.items.find((p) => p.active);
  return (
    <section className="max-w-4xl">
      <h1>{he.prompts.title}</h1>
      <div className="toolbar">
        {(Object.keys(he.prompts.channels) as PromptChannel[]).map((c) => (
          <button key={c} type="button" className={`btn ${c === channel ? "btn-primary" : ""}`} aria-pressed={c === channel} onClick={() => (setChannel(c), setDiff(null))}>
            {he.prompts.channels[c]}
          </button>
        ))}
      </div>
      <ErrorNote error={list.error} />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <ul className="my-3 grid gap-2">
        {(list.data?.items ?? []).map((p) => (
          <li key={p.id} className="card flex flex-wrap items-center gap-3 p-3">
            <span>
              {he.prompts.version} <Ltr>{p.version}</Ltr>
            </span>
            <Ltr className="muted">{formatDateTime(p.created_at)}</Ltr>
            {p.active ? (
              <strong>{he.prompts.active}</strong>
            ) : (
              <>
                <button type="button" className="btn" onClick={() => void run(async () => (await api.activatePrompt(p.id), list.reload()))}>
                  {he.prompts.activate}
                </button>
                {active && (
                  <button type="button" className="btn" onClick={() => void run(async () => setDiff(await api.promptDiff(p.id)))}>
                    {he.prompts.diff}
                  </button>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {diff && (
        <div className="card grid gap-2">
          <p>
            {he.prompts.added} <Ltr>{diff.added}</Ltr> {he.prompts.lines}, {he.prompts.removed} <Ltr>{diff.removed}</Ltr>{" "}
            {he.prompts.lines}
          </p>
          <pre className="overflow-x-auto rounded-lg bg-slate-900 p-3 text-sm text-slate-100" dir="auto">
            {diff.diff.split("\n").map((line, i) => (
              <div key={i} dir="auto" data-change={line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : undefined}
                className={line.startsWith("+") ? "text-green-300" : line.startsWith("-") ? "text-red-300" : undefined}>
                {line || " "}
              </div>
            ))}
          </pre>
        </div>
      )}
      <form className="card grid gap-3" onSubmit={save}>
        <h2>{he.prompts.newVersion}</h2>
        <textarea className="w-full" aria-label={he.prompts.newVersion} rows={10} value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={active?.text} />
        <button type="submit" className="btn">{he.prompts.saveVersion}</button>
      </form>
    </section>
  );
}
