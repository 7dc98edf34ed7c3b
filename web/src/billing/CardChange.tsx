import { useEffect, useRef, useState } from "react";

import type { Billing, PaymentMethodChange } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { useApi } from "../context";
import { heBilling as t } from "../i18n/billing";
import { CONTAINERS, type HostedFieldsInstance, loadHostedFields, mountHostedFields, verifyCard } from "./hostedFields";

/** Where the browser goes for PayPal's approval; tests pass their own. */
export type Redirect = (url: string) => void;
const leave: Redirect = (url) => window.location.assign(url);

/**
 * "Change the payment method": PayPal → its approval page (it sends the owner back to
 * /billing/payment-method/return); Tranzila → its hosted card fields right here, a verify with
 * no charge, then the API moves the standing order to the new card.
 */
export function CardChange(props: { billing: Billing; onChanged: (billing: Billing) => void; redirect?: Redirect }) {
  const api = useApi();
  const redirect = props.redirect ?? leave;
  const [change, setChange] = useState<PaymentMethodChange | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  async function start() {
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      const started = await api.startPaymentMethodChange();
      if (started.redirect_url) {
        setNote(t.billing.leavingToPaypal);
        redirect(started.redirect_url);
        return;
      }
      setChange(started);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const provider = props.billing.provider;
  return (
    <section className="card grid gap-3" aria-labelledby="card-title">
      <h2 id="card-title">{t.billing.changeCard}</h2>
      <p>{t.billing.changeCardIntro[provider] ?? ""}</p>
      {note && <p role="status">{note}</p>}
      <ErrorNote error={error} />
      {change?.hosted_fields ? (
        <HostedCardForm
          change={change}
          onDone={(billing) => {
            setChange(null);
            setNote(t.billing.cardUpdated);
            props.onChanged(billing);
          }}
        />
      ) : (
        <button type="button" className="btn btn-primary justify-self-start" disabled={busy} onClick={() => void start()}>
          {t.billing.changeCard}
        </button>
      )}
    </section>
  );
}

function HostedCardForm({ change, onDone }: { change: PaymentMethodChange; onDone: (billing: Billing) => void }) {
  const api = useApi();
  const session = change.hosted_fields!;
  const fields = useRef<HostedFieldsInstance | null>(null);
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [cardError, setCardError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    loadHostedFields(session.script_url)
      .then((library) => {
        if (!live) return;
        fields.current = mountHostedFields(library);
        setReady(true);
      })
      .catch(() => live && setCardError(t.billing.cardFormUnavailable));
    return () => {
      live = false;
    };
  }, [session.script_url]);

  async function save() {
    if (!fields.current) return;
    setBusy(true);
    setCardError(null);
    setError(null);
    let index: string;
    try {
      index = await verifyCard(fields.current, session);
    } catch {
      setCardError(t.billing.cardDeclined);
      setBusy(false);
      return;
    }
    try {
      onDone(await api.confirmPaymentMethodChange({ change_id: change.change_id, nonce: change.nonce ?? "", transaction_index: index }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const box = "min-h-11 rounded-md border border-slate-400 bg-white px-2";
  return (
    <form
      className="grid gap-3"
      aria-labelledby="card-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id="card-form-title" className="font-semibold">
        {t.billing.cardForm}
      </h3>
      <p className="text-sm text-slate-700">{t.billing.cardSecure}</p>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="field sm:col-span-3">
          <span id="tz-card-number-label">{t.billing.cardNumber}</span>
          <div id={CONTAINERS.credit_card_number} className={box} aria-labelledby="tz-card-number-label" role="group" dir="ltr" />
        </div>
        <div className="field">
          <span id="tz-card-expiry-label">{t.billing.cardExpiry}</span>
          <div id={CONTAINERS.expiry} className={box} aria-labelledby="tz-card-expiry-label" role="group" dir="ltr" />
        </div>
        <div className="field">
          <span id="tz-card-cvv-label">{t.billing.cardCvv}</span>
          <div id={CONTAINERS.cvv} className={box} aria-labelledby="tz-card-cvv-label" role="group" dir="ltr" />
        </div>
      </div>
      {cardError && (
        <p role="alert" className="field-error">
          {cardError}
        </p>
      )}
      <ErrorNote error={error} />
      <button type="submit" className="btn btn-primary justify-self-start" disabled={!ready || busy}>
        {busy ? t.billing.checkingCard : t.billing.saveCard}
      </button>
    </form>
  );
}
