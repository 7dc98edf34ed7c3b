// The Baileys bridge's real HTTP handler (whatsapp_bridge/src/http.js) on a free port, with a
// send function that only counts: the attack suite replays signed /send requests against it.
// Usage: node bridge_send_server.mjs SECRET  → prints the port; GET /__sent → {"sent": n}.
import { createServer } from 'node:http';

import { createBridgeHandler } from '../../whatsapp_bridge/src/http.js';

const secret = process.argv[2];
let sent = 0;
const bridge = createBridgeHandler({
  secret,
  send: async () => ({ id: `msg-${++sent}` }),
  status: () => ({ connected: true }),
});
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__sent') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ sent }));
  }
  return bridge(req, res);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
