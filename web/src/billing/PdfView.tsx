import { useEffect, useState } from "react";

import { Ltr } from "../components/Ltr";
import { heBilling as t } from "../i18n/billing";

function pdfBytes(base64: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** The exact PDF to be signed, shown in the page, downloadable, with the SHA-256 the signature will name. */
export function PdfView({ title, base64, sha256, filename }: { title: string; base64: string; sha256: string; filename: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    // A blob URL, not a data: URL: browsers refuse to show data: PDFs in frames.
    if (typeof URL.createObjectURL !== "function") return;
    const made = URL.createObjectURL(new Blob([pdfBytes(base64)], { type: "application/pdf" }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [base64]);
  // Phones (Chrome on Android, for one) show no PDF inside a page: offer to open it instead.
  const inline = typeof navigator === "undefined" || navigator.pdfViewerEnabled !== false;
  return (
    <div className="grid gap-2">
      {url && !inline && (
        <div className="card grid gap-2">
          <p>{t.contract.noInlineViewer}</p>
          <a className="btn btn-primary justify-self-start" href={url} target="_blank" rel="noopener">
            {t.contract.open}
          </a>
        </div>
      )}
      {url && inline && (
        <iframe
          title={t.contract.pdfTitle(title)}
          src={url}
          className="h-[60vh] min-h-80 w-full rounded-md border border-slate-300 bg-white"
        />
      )}
      {url && (
        <a className="btn justify-self-start" href={url} download={filename}>
          {t.contract.download}
        </a>
      )}
      <p className="grid gap-0.5 text-sm text-slate-700">
        <span>{t.contract.sha}:</span>
        <Ltr>
          <code data-testid="pdf-sha256" className="break-all">
            {sha256}
          </code>
        </Ltr>
      </p>
    </div>
  );
}
