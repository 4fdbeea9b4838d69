// Background traffic for tests whose own process blocks (an action run with spawnSync):
// GET URL at RPS requests a second, open loop, until SIGTERM.
// Usage: node background-load.mjs URL RPS
import { Agent, get } from 'node:http';

const [url, rps = '200'] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const started = Date.now();
let sent = 0;
setInterval(() => {
  const due = Math.floor(((Date.now() - started) * Number(rps)) / 1000);
  for (; sent < due; sent++) get(url, { agent }, (res) => res.resume()).on('error', () => {});
}, 2);
process.on('SIGTERM', () => process.exit(0));
