import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { test } from 'node:test';

import { forwardInbound } from '../src/forward.js';
import { createBridgeHandler, startHttpServer } from '../src/http.js';
import { sign, signatureFor, verify } from '../src/signing.js';

const SECRET = 's3cret';
const BODY = Buffer.from('{"id":"ABC","text":"שלום"}', 'utf8');
// Computed by shared/agentlocator/whatsapp/bridge_signing.py for the same inputs.
const PYTHON_SIGNATURE = 'sha256=d5b96c231542e31c77a30eed1b193f2ffbe17faf803fb47bf6879bd25eb85d2a';

test('signatures match the Python side byte for byte', () => {
  assert.equal(signatureFor(SECRET, '1795000000', BODY), PYTHON_SIGNATURE);
  assert.deepEqual(sign(SECRET, BODY, 1795000000.7), {
    'X-Bridge-Timestamp': '1795000000',
    'X-Bridge-Signature': PYTHON_SIGNATURE,
  });
});

test('verify accepts only our fresh signature over the exact body', () => {
  const now = 1795000000;
  assert.equal(verify(SECRET, BODY, '1795000000', PYTHON_SIGNATURE, now + 10), true);
  assert.equal(verify('other', BODY, '1795000000', PYTHON_SIGNATURE, now), false);
  assert.equal(verify(SECRET, Buffer.from('{}'), '1795000000', PYTHON_SIGNATURE, now), false);
  assert.equal(verify(SECRET, BODY, '1795000000', PYTHON_SIGNATURE, now + 301), false);
  assert.equal(verify(SECRET, BODY, undefined, PYTHON_SIGNATURE, now), false);
  assert.equal(verify('', BODY, '1795000000', signatureFor('', '1795000000', BODY), now), false);
});

async function bridge(t, { connected = true } = {}) {
  const sent = [];
  const server = await startHttpServer(
    createBridgeHandler({
      secret: SECRET,
      status: () => ({ connected }),
      send: async (message) => {
        sent.push(message);
        return { id: `3EB0${sent.length}` };
      },
    }),
    0,
    '127.0.0.1',
  );
  t.after(() => server.close());
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, sent };
}

function signedPost(url, payload, secret = SECRET) {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  return fetch(`${url}/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...sign(secret, body, Date.now() / 1000) },
    body,
  });
}

test('POST /send with a valid signature sends through the socket', async (t) => {
  const { url, sent } = await bridge(t);
  const response = await signedPost(url, { to: '+972501234567', text: 'שלום, כאן לאה' });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { id: '3EB01' });
  assert.deepEqual(sent, [{ to: '+972501234567', text: 'שלום, כאן לאה' }]);
});

test('POST /send refuses unsigned, wrongly signed and malformed requests', async (t) => {
  const { url, sent } = await bridge(t);
  const unsigned = await fetch(`${url}/send`, {
    method: 'POST',
    body: JSON.stringify({ to: '+972501234567', text: 'x' }),
  });
  assert.equal(unsigned.status, 401);
  assert.equal((await signedPost(url, { to: '+972501234567', text: 'x' }, 'guess')).status, 401);
  assert.equal((await signedPost(url, { to: '+972501234567', text: '  ' })).status, 400);
  assert.equal((await signedPost(url, { text: 'x' })).status, 400);
  assert.deepEqual(sent, []);
});

test('while WhatsApp is disconnected /send and /healthz answer 503', async (t) => {
  const { url, sent } = await bridge(t, { connected: false });
  assert.equal((await signedPost(url, { to: '+972501234567', text: 'x' })).status, 503);
  assert.equal((await fetch(`${url}/healthz`)).status, 503);
  assert.deepEqual(sent, []);
});

async function functionServer(t, statuses) {
  const received = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const valid = verify(
      SECRET,
      body,
      req.headers['x-bridge-timestamp'],
      req.headers['x-bridge-signature'],
      Date.now() / 1000,
    );
    received.push({ valid, payload: JSON.parse(body.toString('utf8')) });
    res.writeHead(statuses[Math.min(received.length, statuses.length) - 1]).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  return { url: `http://127.0.0.1:${server.address().port}/baileys_inbound/`, received };
}

const PAYLOAD = { id: 'ABC', from: '+972501234567', to: '+97237630000', text: 'שלום' };
const noWait = async () => {};

test('forwarding signs the body and retries a failing function', async (t) => {
  const fn = await functionServer(t, [503, 503, 200]);
  const result = await forwardInbound(PAYLOAD, { url: fn.url, secret: SECRET, sleep: noWait });
  assert.deepEqual(result, { delivered: true, status: 200, attempts: 3 });
  assert.equal(fn.received.length, 3);
  assert.ok(fn.received.every((r) => r.valid && r.payload.text === 'שלום'));
});

test('forwarding gives up at once on a refusal that retrying cannot fix', async (t) => {
  const fn = await functionServer(t, [403]);
  const result = await forwardInbound(PAYLOAD, { url: fn.url, secret: SECRET, sleep: noWait });
  assert.deepEqual(result, { delivered: false, status: 403, attempts: 1 });
  assert.equal(fn.received.length, 1);
});

test('forwarding to a function that is down reports failure after every attempt', async () => {
  const result = await forwardInbound(PAYLOAD, {
    url: 'http://127.0.0.1:9/baileys_inbound/', // discard port: connection refused
    secret: SECRET,
    attempts: 3,
    sleep: noWait,
  });
  assert.equal(result.delivered, false);
  assert.equal(result.attempts, 3);
});
