// The bridge's HTTP side: POST /send (HMAC-authenticated, same scheme as inbound) and
// GET /healthz. The send function is injected, so this module never touches the socket.
import { createServer } from 'node:http';

import { MAX_SKEW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from './signing.js';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_TEXT_CHARS = 4096; // WhatsApp's limit for one text message

function reply(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Signatures already used, until their timestamp leaves the skew window: a captured /send
 * replayed within those minutes would otherwise text the lead the same message again.
 */
export function createReplayGuard(now) {
  const seen = new Map(); // signature → epoch seconds after which it is stale anyway
  return (signature, timestamp) => {
    const at = now();
    for (const [key, until] of seen) if (until < at) seen.delete(key);
    if (seen.has(signature)) return false;
    seen.set(signature, Number(timestamp) + MAX_SKEW_SECONDS);
    return true;
  };
}

/**
 * send({ to, text }) → { id }: delivers one message (the socket in production).
 * status() → { connected: boolean }.
 */
export function createBridgeHandler({ secret, send, status, now = () => Date.now() / 1000 }) {
  const firstUse = createReplayGuard(now);
  return async (req, res) => {
    try {
      if (req.method === 'GET' && req.url === '/healthz') {
        const state = status();
        return reply(res, state.connected ? 200 : 503, state);
      }
      if (req.method !== 'POST' || req.url !== '/send') return reply(res, 404, { error: 'NotFound' });
      const body = await readBody(req);
      const ok = verify(
        secret,
        body,
        req.headers[TIMESTAMP_HEADER],
        req.headers[SIGNATURE_HEADER],
        now(),
      );
      if (!ok) return reply(res, 401, { error: 'Unauthenticated' });
      if (!firstUse(req.headers[SIGNATURE_HEADER], req.headers[TIMESTAMP_HEADER])) {
        return reply(res, 409, { error: 'Replayed' });
      }
      let message;
      try {
        message = JSON.parse(body.toString('utf8'));
      } catch {
        return reply(res, 400, { error: 'ValidationFailed', field: 'body' });
      }
      if (typeof message?.to !== 'string' || !message.to) {
        return reply(res, 400, { error: 'ValidationFailed', field: 'to' });
      }
      if (typeof message.text !== 'string' || !message.text.trim()) {
        return reply(res, 400, { error: 'ValidationFailed', field: 'text' });
      }
      if (message.text.length > MAX_TEXT_CHARS) {
        return reply(res, 400, { error: 'ValidationFailed', field: 'text' });
      }
      if (!status().connected) return reply(res, 503, { error: 'NotConnected' });
      const sent = await send({ to: message.to, text: message.text });
      return reply(res, 200, { id: sent.id });
    } catch (error) {
      return reply(res, error.status ?? 502, { error: 'SendFailed', message: String(error.message) });
    }
  };
}

export function startHttpServer(handler, port, host = '0.0.0.0') {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once('error', reject); // e.g. EADDRINUSE: fail the start, not an unhandled event
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
