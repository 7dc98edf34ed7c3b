import { useState } from "react";
import { useParams } from "react-router";

import { ApiError, type OfficeContract } from "../api/client";
import { PdfView } from "../billing/PdfView";
import { SignatureForm } from "../billing/SignatureForm";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { heBilling as t } from "../i18n/billing";
import { heContracts } from "../i18n/contracts";
import { useAsync } from "../useAsync";

/** Public: a client opens the link the office sent, reads the agreement and signs. No sign-in. */
export function SignPage() {
  const api = useApi();
  const token = useParams().token ?? "";
  const page = useAsync(() => api.signingPage(token), [api, token]);
  const [signed, setSigned] = useState<OfficeContract | null>(null);
  const badLink = page.error instanceof ApiError && page.error.status === 403;
  const doc = page.data;
  return (
    <main id="main" className="mx-auto grid max-w-3xl gap-4 px-3 py-4">
      <h1>{doc?.title ?? t.sign.title}</h1>
      {page.loading && <Loading />}
      {badLink ? (
        <p role="alert" className="error">
          {t.sign.badLink}
        </p>
      ) : (
        <ErrorNote error={page.error} />
      )}
      {doc && (
        <>
          <p>
            {t.sign.from(doc.office_name)} · {t.sign.for(doc.client_name)}
          </p>
          {signed ? (
            <div className="card grid gap-1" role="status">
              <p className="font-bold">{t.sign.done}</p>
              {signed.signature && (
                <p>
                  {t.contracts.signedBy(signed.signature.typed_name)} · <Ltr>{formatDateTime(signed.signature.signed_at)}</Ltr>
                </p>
              )}
            </div>
          ) : doc.status === "signed" ? (
            <p role="status" className="card font-bold">
              {t.sign.alreadySigned}
            </p>
          ) : doc.status === "expired" ? (
            <p role="alert" className="error">
              {heContracts.sign.expired}
            </p>
          ) : null}
          <PdfView title={doc.title} base64={doc.pdf_base64} sha256={doc.pdf_sha256} filename="agreement.pdf" />
          {!signed && (doc.status === "sent" || doc.status === "opened") && (
            <SignatureForm
              sha256={doc.pdf_sha256}
              askClientId={doc.needs_client_id}
              onSign={async (s) => setSigned(await api.signByLink(token, s))}
            />
          )}
        </>
      )}
    </main>
  );
}
