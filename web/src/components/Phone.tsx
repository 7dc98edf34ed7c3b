import { formatPhone, telHref, whatsappHref } from "../format";
import { he } from "../i18n/he";
import { Ltr } from "./Ltr";

/** A phone in the one format, never broken over lines. */
export function Phone({ phone }: { phone: string }) {
  return <Ltr className="whitespace-nowrap">{formatPhone(phone)}</Ltr>;
}

/** Call and WhatsApp buttons for a phone, big enough for a thumb. */
export function PhoneLinks({ phone }: { phone: string }) {
  const shown = formatPhone(phone);
  return (
    <span className="inline-flex flex-wrap gap-2">
      <a className="btn no-underline" href={telHref(phone)} aria-label={`${he.phone.call} ${shown}`}>
        {he.phone.call}
      </a>
      <a
        className="btn no-underline"
        href={whatsappHref(phone)}
        target="_blank"
        rel="noreferrer"
        aria-label={`${he.phone.whatsapp} ${shown}`}
      >
        {he.phone.whatsapp}
      </a>
    </span>
  );
}
