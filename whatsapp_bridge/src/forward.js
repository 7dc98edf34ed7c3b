// Posts mapped messages to baileys_inbound, signed, retrying what may succeed later.
// The function is idempotent on the message id, so a retry after a lost response is safe.
import { sign } from './signing.js';

const RETRYABLE = (status) => status === 429 || status >= 500;

export async function forwardInbound(payload, options) {
  const {
    url,
    secret,
    fetchImpl = fetch,
    attempts = 5,
    baseDelayMs = 500,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now = () => Date.now() / 1000,
  } = options;
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  let lastError = null;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...sign(secret, body, now()) },
        body,
      });
      if (response.ok) return { delivered: true, status: response.status, attempts: attempt };
      lastError = new Error(`baileys_inbound answered ${response.status}`);
      if (!RETRYABLE(response.status)) {
        return { delivered: false, status: response.status, attempts: attempt };
      }
    } catch (error) {
      lastError = error; // connection refused, reset: the function may be cold or deploying
    }
    if (attempt < attempts) await sleep(baseDelayMs * 2 ** (attempt - 1));
  }
  return { delivered: false, status: null, attempts, error: String(lastError?.message) };
}
