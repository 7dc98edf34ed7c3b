import { useEffect, useState } from "react";

import type { ContractSent, OfficeContract } from "../api/client";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { heBilling } from "../i18n/billing";
import { heContracts } from "../i18n/contracts";

const t = heContracts.agreements;
const OPEN = new Set(["sent", "opened", "expired"]);
const BADGE: Record<string, string> = {
  signed: "bg-green-100 text-green-900",
  opened: "bg-blue-100 text-blue-900",
  expired: "bg-slate-200 text-slate-900",
  cancelled: "bg-slate-200 text-slate-900",
  sent: "bg-amber-100 text-amber-900",
};

/** The agreements the office sent, newest first, a page at a time, with their signing status. */
export function SentAgreements({ version, onResent }: { version: number; onResent: (sent: ContractSent) => void }) {
  const api = useApi();
  const [items, setItems] = useState<OfficeContract[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  // `version` changes when the parent created or resent one: start again from the first page.
  useEffect(() => {
    let live = true;
    setBusy(true);
    api.officeContracts().then(
      (page) => live && (setItems(page.items), setCursor(page.next_cursor ?? null), setLoaded(true), setBusy(false)),
      (err: unknown) => live && (setError(err), setBusy(false)),
    );
    return () => {
      live = false;
    };
  }, [api, version]);

  async function more() {
    setBusy(true);
    try {
      const page = await api.officeContracts(cursor);
      setItems((shown) => [...shown, ...page.items.filter((c) => !shown.some((s) => s.id === c.id))]);
      setCursor(page.next_cursor ?? null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const replace = (contract: OfficeContract) => setItems((shown) => shown.map((c) => (c.id === contract.id ? contract : c)));
  async function resend(contract: OfficeContract) {
    setError(null);
    try {
      const sent = await api.resendContract(contract.id);
      replace(sent.contract);
      onResent(sent);
    } catch (err) {
      setError(err);
    }
  }
  async function cancel(contract: OfficeContract) {
    setError(null);
    try {
      replace(await api.cancelContract(contract.id));
      setConfirming(null);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="grid gap-2" aria-labelledby="sent-title">
      <h2 id="sent-title">{heBilling.contracts.sent}</h2>
      {busy && !loaded && <Loading />}
      <ErrorNote error={error} />
      {loaded && !items.length && <p>{heBilling.contracts.none}</p>}
      <ul className="grid gap-2" aria-label={heBilling.contracts.sent}>
        {items.map((c) => (
          <li key={c.id} className="card grid gap-2 p-3" data-contract={c.id}>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
              <strong className="w-full min-w-0 sm:w-auto sm:flex-1">{c.client_name}</strong>
              <span className={`rounded-full px-2 py-0.5 text-sm font-medium ${BADGE[c.status] ?? BADGE.sent}`}>
                {t.statuses[c.status]}
              </span>
              <span className="text-sm text-slate-700">{t.template(c.office_template_version)}</span>
              {c.created_by === "leah" && <span className="text-sm text-slate-700">{t.byLeah}</span>}
              <span className="text-sm text-slate-700">
                {heBilling.contracts.createdAt} <Ltr>{formatDateTime(c.created_at)}</Ltr>
              </span>
              {c.signature ? (
                <span className="text-sm">
                  {heBilling.contracts.signedBy(c.signature.typed_name)} <Ltr>{formatDateTime(c.signature.signed_at)}</Ltr>
                </span>
              ) : (
                c.status !== "cancelled" && (
                  <span className="text-sm text-slate-700">
                    {heBilling.contracts.expiresAt} <Ltr>{formatDateTime(c.expires_at)}</Ltr>
                  </span>
                )
              )}
            </div>
            {OPEN.has(c.status) &&
              (confirming === c.id ? (
                <div className="flex flex-wrap items-center gap-2" role="group" aria-label={t.cancel}>
                  <span>{t.confirmCancel(c.client_name)}</span>
                  <button type="button" className="btn btn-danger" onClick={() => void cancel(c)}>
                    {t.yesCancel}
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirming(null)}>
                    {t.no}
                  </button>
                </div>
              ) : (
                <div className="flex flex-wrap gap-2">
                  <button type="button" className="btn" onClick={() => void resend(c)}>
                    {t.resend}
                  </button>
                  <button type="button" className="btn btn-danger" onClick={() => setConfirming(c.id)}>
                    {t.cancel}
                  </button>
                </div>
              ))}
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" className="btn justify-self-start" disabled={busy} onClick={() => void more()}>
          {t.more}
        </button>
      )}
    </section>
  );
}
