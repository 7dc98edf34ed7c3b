import type { HostedFields } from "../api/client";

/**
 * Tranzila's hosted fields (https://hf.tranzila.com/assets/js/thostedf.js; a local stand-in in
 * tests): the card inputs are Tranzila's, inside the containers we give; `charge` sends them to
 * Tranzila with the handshake (`thtk`) and answers with the transaction, never the card number.
 */
export interface HostedFieldsInstance {
  charge(params: Record<string, unknown>, callback: (error: unknown, response: ChargeResponse | null) => void): void;
}

export interface ChargeResponse {
  transaction_response?: { success?: boolean; transaction_id?: string | number; error?: string | null };
}

interface HostedFieldsLibrary {
  create(options: { sandbox?: boolean; fields: Record<string, { selector: string; placeholder?: string; tabindex?: number }> }): HostedFieldsInstance;
}

declare global {
  interface Window {
    TzlaHostedFields?: HostedFieldsLibrary;
  }
}

export const CONTAINERS = {
  credit_card_number: "tz-card-number",
  expiry: "tz-card-expiry",
  cvv: "tz-card-cvv",
} as const;

const loading = new Map<string, Promise<HostedFieldsLibrary>>();

/** Load the script once per address. */
export function loadHostedFields(src: string): Promise<HostedFieldsLibrary> {
  if (window.TzlaHostedFields) return Promise.resolve(window.TzlaHostedFields);
  const known = loading.get(src);
  if (known) return known;
  const promise = new Promise<HostedFieldsLibrary>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => (window.TzlaHostedFields ? resolve(window.TzlaHostedFields) : reject(new Error("no TzlaHostedFields")));
    script.onerror = () => {
      loading.delete(src);
      reject(new Error(`could not load ${src}`));
    };
    document.head.appendChild(script);
  });
  loading.set(src, promise);
  return promise;
}

export function mountHostedFields(library: HostedFieldsLibrary): HostedFieldsInstance {
  return library.create({
    fields: {
      credit_card_number: { selector: `#${CONTAINERS.credit_card_number}`, placeholder: "4580 0000 0000 0000", tabindex: 1 },
      expiry: { selector: `#${CONTAINERS.expiry}`, placeholder: "MM/YY", tabindex: 2 },
      cvv: { selector: `#${CONTAINERS.cvv}`, placeholder: "123", tabindex: 3 },
    },
  });
}

/** Verify the card and get its token: the transaction's index (Tranzila's) on success. */
export function verifyCard(instance: HostedFieldsInstance, session: HostedFields): Promise<string> {
  return new Promise((resolve, reject) => {
    instance.charge(
      {
        terminal_name: session.terminal_name,
        thtk: session.thtk,
        amount: session.amount,
        currency_code: session.currency_code,
        tran_mode: session.tran_mode,
        tokenize: session.tokenize,
        response_language: "hebrew",
      },
      (error, response) => {
        const result = response?.transaction_response;
        if (error || !result?.success || result.transaction_id == null) reject(error ?? new Error("declined"));
        else resolve(String(result.transaction_id));
      },
    );
  });
}
