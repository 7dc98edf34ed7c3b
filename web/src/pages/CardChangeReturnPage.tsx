import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";

import type { Billing } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { useApi } from "../context";
import { heBilling as t } from "../i18n/billing";

type Outcome = { kind: "checking" } | { kind: "done"; billing: Billing } | { kind: "failed"; error: unknown } | { kind: "cancelled" | "missing" };

/**
 * PayPal's return after the owner approved (or left) the change of card: the API checks the
 * change with PayPal and records it once; the page says what happened, in Hebrew.
 */
export function CardChangeReturnPage() {
  const api = useApi();
  const [params] = useSearchParams();
  const change = params.get("change") ?? "";
  const nonce = params.get("nonce") ?? "";
  const cancelled = params.get("cancelled") === "1";
  const [outcome, setOutcome] = useState<Outcome>(() =>
    cancelled ? { kind: "cancelled" } : change && nonce ? { kind: "checking" } : { kind: "missing" },
  );
  const sent = useRef(false); // one confirmation per visit (a second is refused as a replay)

  useEffect(() => {
    if (outcome.kind !== "checking" || sent.current) return;
    sent.current = true;
    api
      .confirmPaymentMethodChange({ change_id: change, nonce })
      .then((billing) => setOutcome({ kind: "done", billing }))
      .catch((error: unknown) => setOutcome({ kind: "failed", error }));
  }, [api, change, nonce, outcome.kind]);

  return (
    <section className="grid gap-4">
      <h1>{t.billing.returnTitle}</h1>
      <div className="card grid gap-3">
        {outcome.kind === "checking" && <p role="status">{t.billing.returnChecking}</p>}
        {outcome.kind === "done" && (
          <p role="status" data-testid="card-change-result">
            {t.billing.cardUpdated}
          </p>
        )}
        {outcome.kind === "cancelled" && <p role="status">{t.billing.returnCancelled}</p>}
        {outcome.kind === "missing" && <p role="status">{t.billing.returnMissing}</p>}
        {outcome.kind === "failed" && <ErrorNote error={outcome.error} />}
        <Link to="/billing" className="btn justify-self-start">
          {t.billing.backToBilling}
        </Link>
      </div>
    </section>
  );
}
