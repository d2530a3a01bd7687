// A webhook receiver in its own process (for the delivery benchmark): checks each signature,
// counts distinct event ids, answers 204. GET /count says how many arrived.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.argv[2];
const seen = new Set();
let bad = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET') return res.end(JSON.stringify({ distinct: seen.size, bad }));
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    const body = Buffer.concat(parts);
    const sig = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    if (sig !== req.headers['x-jitkit-signature']) bad++;
    else seen.add(req.headers['x-jitkit-event-id']);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
