// HMAC-SHA256 over `${timestamp}.${body}`, the same scheme as the Python side
// (shared/agentlocator/whatsapp/bridge_signing.py): both directions, one shared secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-bridge-timestamp';
export const SIGNATURE_HEADER = 'x-bridge-signature';
export const MAX_SKEW_SECONDS = 300;

export function signatureFor(secret, timestamp, body) {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

/** Headers for a body (a Buffer or string) at `nowEpochSeconds`. */
export function sign(secret, body, nowEpochSeconds) {
  const timestamp = String(Math.floor(nowEpochSeconds));
  return {
    'X-Bridge-Timestamp': timestamp,
    'X-Bridge-Signature': signatureFor(secret, timestamp, body),
  };
}

/** True only for our signature over this exact body with a fresh timestamp. */
export function verify(secret, body, timestamp, signature, nowEpochSeconds) {
  if (!secret || !timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowEpochSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(signatureFor(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
