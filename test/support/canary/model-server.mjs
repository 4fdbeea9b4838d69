// A small model server for canary tests: answers /predict after a base delay, counts
// `http_requests_total{variant,code}` and a request-duration histogram on /metrics, and
// takes faults on POST /control ({"errorRate": 0.2, "delayMs": 26, "disagreeRate": 0.1}).
// Usage: node model-server.mjs --variant canary --port 0   (prints `listening PORT`)
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { variant: { type: 'string' }, port: { type: 'string', default: '0' }, 'delay-ms': { type: 'string', default: '20' } } });
const variant = values.variant ?? 'stable';
const buckets = [0.005, 0.01, 0.015, 0.02, 0.022, 0.024, 0.026, 0.028, 0.03, 0.035, 0.04, 0.05, 0.1, 0.25, 0.5, 1];
const state = { errorRate: 0, disagreeRate: 0, delayMs: Number(values['delay-ms']) };
// Every code it can answer is exported from the start (at 0), as Prometheus' docs advise:
// a series born with the first error would need a second scrape before rate() sees it.
const counts = new Map([
  ['200', 0],
  ['500', 0],
]);
const histogram = { buckets: buckets.map(() => 0), sum: 0, count: 0 };
let served = 0;
let failuresOwed = 0;
let disagreementsOwed = 0;

function record(code, seconds) {
  counts.set(code, (counts.get(code) ?? 0) + 1);
  histogram.count++;
  histogram.sum += seconds;
  buckets.forEach((le, i) => {
    if (seconds <= le) histogram.buckets[i]++;
  });
}

function metrics() {
  const lines = ['# TYPE http_requests_total counter'];
  for (const [code, n] of counts) lines.push(`http_requests_total{variant="${variant}",code="${code}"} ${n}`);
  lines.push('# TYPE http_request_duration_seconds histogram');
  buckets.forEach((le, i) => {
    lines.push(`http_request_duration_seconds_bucket{variant="${variant}",le="${le}"} ${histogram.buckets[i]}`);
  });
  lines.push(`http_request_duration_seconds_bucket{variant="${variant}",le="+Inf"} ${histogram.count}`);
  lines.push(`http_request_duration_seconds_sum{variant="${variant}"} ${histogram.sum}`, `http_request_duration_seconds_count{variant="${variant}"} ${histogram.count}`);
  return `${lines.join('\n')}\n`;
}

const server = createServer((req, res) => {
  if (req.url === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics());
    return;
  }
  if (req.url === '/control' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      Object.assign(state, JSON.parse(body || '{}'));
      failuresOwed = 0;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...state, served, at: Date.now() }));
    });
    return;
  }
  if (req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ served, ...state }));
    return;
  }
  const started = process.hrtime.bigint();
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      served++;
      // Exactly `errorRate` of requests fail, spread evenly (no luck involved).
      failuresOwed += state.errorRate;
      const fail = failuresOwed >= 1;
      if (fail) failuresOwed -= 1;
      // And exactly `disagreeRate` of answers predict 0 where stable predicts 1.
      disagreementsOwed += state.disagreeRate;
      const disagree = disagreementsOwed >= 1;
      if (disagree) disagreementsOwed -= 1;
      const code = fail ? 500 : 200;
      record(String(code), Number(process.hrtime.bigint() - started) / 1e9);
      res.writeHead(code, { 'content-type': 'application/json', 'x-variant': variant, 'x-served-at': String(Date.now()) });
      res.end(JSON.stringify({ variant, prediction: fail ? null : disagree ? 0 : 1 }));
    }, state.delayMs);
  });
});
// Longer than nginx's upstream keep-alive, so nginx is the side that closes.
server.keepAliveTimeout = 120_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
