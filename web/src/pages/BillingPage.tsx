import { type ReactNode, useState } from "react";

import { ApiError, type Billing } from "../api/client";
import { CardChange, type Redirect } from "../billing/CardChange";
import { formatAgorot } from "../billing/money";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { heBilling as t } from "../i18n/billing";
import { useAsync } from "../useAsync";

/** The owner's subscription: its state in Hebrew, what it means for Leah, next charge, invoices, change of card, cancel. */
export function BillingPage({ redirect }: { redirect?: Redirect }) {
  const api = useApi();
  const loaded = useAsync(() => api.billing(), [api]);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function cancel() {
    setError(null);
    setConfirming(false);
    try {
      loaded.setData(await api.cancelSubscription());
      setMessage(t.billing.cancelled);
    } catch (err) {
      setError(err);
    }
  }
  const billing = loaded.data;
  return (
    <section className="grid gap-4">
      <h1>{t.billing.title}</h1>
      {loaded.loading && !billing && <Loading />}
      {/* 404: an office provisioned by hand has no billing account; that is no error. */}
      {loaded.error instanceof ApiError && loaded.error.status === 404 ? (
        <p className="card">{t.billing.noAccount}</p>
      ) : (
        <ErrorNote error={loaded.error ?? error} />
      )}
      {message && <p role="status">{message}</p>}
      {billing && (
        <>
          <Summary billing={billing} />
          <Invoices billing={billing} />
          {billing.status !== "cancelled" && (
            <CardChange billing={billing} onChanged={loaded.setData} redirect={redirect} />
          )}
          {billing.status !== "cancelled" && (
            <section className="card grid gap-2" aria-labelledby="cancel-title">
              <h2 id="cancel-title">{t.billing.cancel}</h2>
              <p>{t.billing.cancelWarn}</p>
              {confirming ? (
                <div className="flex flex-wrap gap-2" role="group" aria-label={t.billing.cancel}>
                  <button type="button" className="btn btn-danger" onClick={() => void cancel()}>
                    {t.billing.confirmCancel}
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirming(false)}>
                    {t.billing.keep}
                  </button>
                </div>
              ) : (
                <button type="button" className="btn btn-danger justify-self-start" onClick={() => setConfirming(true)}>
                  {t.billing.cancel}
                </button>
              )}
            </section>
          )}
        </>
      )}
    </section>
  );
}

function When({ iso }: { iso: string | null }) {
  return iso ? <Ltr>{formatDateTime(iso)}</Ltr> : <>—</>;
}

function Summary({ billing }: { billing: Billing }) {
  const rows: [string, ReactNode][] = [
    [t.billing.status, <strong data-testid="billing-status">{billing.status_he}</strong>],
    [
      t.billing.plan,
      <>
        {billing.plan.name_he} · <bdi>{formatAgorot(billing.plan.total_agorot)}</bdi> {t.money.perMonth} (
        {t.money.withVat(billing.plan.vat_percent)})
      </>,
    ],
    [t.billing.provider, t.billing.providers[billing.provider] ?? billing.provider],
    [t.billing.nextCharge, <When iso={billing.next_charge_at} />],
  ];
  if (billing.trial_ends_at) rows.push([t.billing.trialEnds, <When iso={billing.trial_ends_at} />]);
  if (billing.past_due_since) rows.push([t.billing.pastDueSince, <When iso={billing.past_due_since} />]);
  if (billing.payment_method_changed_at)
    rows.push([t.billing.changedAt, <When iso={billing.payment_method_changed_at} />]);
  rows.push(
    [t.billing.leah, t.billing.leahModes[billing.policy.leah] ?? billing.policy.leah],
    [t.billing.app, t.billing.appModes[billing.policy.app] ?? billing.policy.app],
  );
  return (
    <dl className="card grid gap-2 sm:grid-cols-[max-content_1fr] sm:gap-x-4">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-semibold">{label}</dt>
          <dd className="mb-1 sm:mb-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Invoices({ billing }: { billing: Billing }) {
  return (
    <section className="card grid gap-2" aria-labelledby="invoices-title">
      <h2 id="invoices-title">{t.billing.invoices}</h2>
      {!billing.invoices.length ? (
        <p>{t.billing.noInvoices}</p>
      ) : (
        <ul className="grid gap-2" aria-label={t.billing.invoices}>
          {billing.invoices.map((inv) => (
            <li key={inv.number} className="flex flex-wrap items-baseline gap-x-4 gap-y-1 border-b border-slate-200 pb-2">
              <span>
                {t.billing.kinds[inv.kind] ?? inv.kind} <Ltr>{inv.number}</Ltr>
              </span>
              <span className="text-sm text-slate-700">
                <Ltr>{formatDateTime(inv.issued_at)}</Ltr>
              </span>
              <span className="min-w-0 flex-1">{inv.description}</span>
              {inv.refers_to != null && <span className="text-sm">{t.billing.refersTo(inv.refers_to)}</span>}
              {!!inv.refunded_agorot && (
                <span className="text-sm">
                  {t.billing.refunded} <bdi>{formatAgorot(inv.refunded_agorot)}</bdi>
                </span>
              )}
              <span className="font-bold">
                <bdi>{formatAgorot(inv.total_agorot)}</bdi>{" "}
                <span className="text-sm font-normal text-slate-700">
                  ({t.billing.invoiceVat} <bdi>{formatAgorot(inv.vat_agorot)}</bdi>)
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
