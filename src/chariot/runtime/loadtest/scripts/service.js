// Open-model load on one chariot service: constant-arrival-rate, authenticated GETs of keys
// drawn from a Zipf distribution (a few hot keys, a long tail) so the cache hit ratio means
// something. setup() creates the keys through the service's own API; thresholds are the spec's
// latency targets and error budget. Driven by `chariot loadtest`; every knob is an env var.
import http from 'k6/http';
import { check } from 'k6';
import { Rate } from 'k6/metrics';

const SERVICE = __ENV.SERVICE;
const BASE = __ENV.BASE_URL;
const ASSETS = __ENV.ASSETS_URL || BASE;
const ACCOUNT = __ENV.ACCOUNT || 'loadtest';
const KEYS = parseInt(__ENV.KEYS || '200', 10);
const ZIPF_S = parseFloat(__ENV.ZIPF_S || '1.1');
const RPS = parseInt(__ENV.RPS || '1000', 10);
const AUTH = { Authorization: `Bearer ${__ENV.TOKEN}`, 'Content-Type': 'application/json' };

const cacheHits = new Rate('cache_hits');
// Load the service shed (503 + Retry-After): the share of requests it refused to queue.
const shed = new Rate('shed');
// VUs: each holds one keep-alive connection. By default stay under the server's per-worker cap
// on connections in flight (granian --backpressure 256), as a mesh sidecar's pool would;
// MAX_VUS raises it to offer more concurrency than one worker admits (overload runs).
const MAX_VUS = parseInt(__ENV.MAX_VUS || '0', 10) || Math.min(240, Math.max(50, RPS));

export const options = {
  discardResponseBodies: true,
  setupTimeout: '180s',
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(99)'],
  scenarios: {
    load: {
      executor: 'constant-arrival-rate',
      rate: RPS,
      timeUnit: '1s',
      duration: __ENV.DURATION || '60s',
      preAllocatedVUs: Math.min(MAX_VUS, Math.max(20, Math.ceil(RPS / 10))),
      maxVUs: MAX_VUS,
      gracefulStop: '5s',
    },
  },
  thresholds: {
    'http_req_duration{phase:load}': [
      `p(50)<${__ENV.P50_MS || 100}`,
      `p(90)<${__ENV.P90_MS || 200}`,
      `p(99)<${__ENV.P99_MS || 500}`,
    ],
    'http_req_failed{phase:load}': [`rate<${__ENV.MAX_ERROR_RATE || 0.001}`],
    'http_reqs{phase:load}': ['count>0'],
    'cache_hits{phase:load}': ['rate>=0'],
    // always pass: listed so the summary carries them (shed share, latency of admitted requests)
    'shed{phase:load}': ['rate>=0'],
    'http_req_duration{phase:load,expected_response:true}': ['p(99)>=0'],
  },
};

// Zipf CDF over ranks 1..KEYS, built once per VU.
const cdf = (() => {
  const weights = [];
  let total = 0;
  for (let k = 1; k <= KEYS; k++) { total += 1 / Math.pow(k, ZIPF_S); weights.push(total); }
  return weights.map((w) => w / total);
})();

export function zipfIndex() {
  const u = Math.random();
  let lo = 0, hi = cdf.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
  return lo;
}

function post(url, body) {
  const res = http.post(url, JSON.stringify(body), { headers: AUTH, responseType: 'text', tags: { phase: 'setup' } });
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`setup: POST ${url} -> ${res.status} ${res.body}`);
  }
  return JSON.parse(res.body);
}

function createMany(url, bodies) {
  const out = [];
  for (let i = 0; i < bodies.length; i += 25) {
    const batch = bodies.slice(i, i + 25).map((b) => ['POST', url, JSON.stringify(b), { headers: AUTH, responseType: 'text', tags: { phase: 'setup' } }]);
    for (const res of http.batch(batch)) {
      if (res.status !== 200 && res.status !== 201) throw new Error(`setup: POST ${url} -> ${res.status} ${res.body}`);
      out.push(JSON.parse(res.body));
    }
  }
  return out;
}

const range = (n) => Array.from({ length: n }, (_, i) => i);

export function setup() {
  const paths = [];
  if (SERVICE === 'users') {
    post(`${BASE}/v1/accounts`, { account_id: ACCOUNT, name: 'Load test' });
    const users = createMany(`${BASE}/v1/accounts/${ACCOUNT}/users`,
      range(KEYS).map((i) => ({ email: `user${i}@loadtest.example`, name: `User ${i}` })));
    for (const u of users) paths.push(`/v1/accounts/${ACCOUNT}/users/${u.user_id}`);
  } else if (SERVICE === 'assets') {
    const assets = createMany(`${ASSETS}/v1/accounts/${ACCOUNT}/assets`,
      range(KEYS).map((i) => ({ type: 'domain', value: `h${i}.loadtest.example` })));
    for (const a of assets) paths.push(`/v1/accounts/${ACCOUNT}/assets/${a.asset_id}`);
  } else if (SERVICE === 'vulnerabilities') {
    const hosts = createMany(`${ASSETS}/v1/accounts/${ACCOUNT}/assets`,
      range(Math.min(KEYS, 20)).map((i) => ({ type: 'ip', value: `198.51.100.${i + 1}` })));
    const findings = [];
    for (let i = 0; i < KEYS; i++) {
      const host = hosts[i % hosts.length];
      findings.push([host.asset_id, { title: `Finding ${i}`, severity: 'high' }]);
    }
    for (let i = 0; i < findings.length; i += 25) {
      const batch = findings.slice(i, i + 25).map(([asset, body]) => ['POST',
        `${BASE}/v1/accounts/${ACCOUNT}/assets/${asset}/vulnerabilities`, JSON.stringify(body),
        { headers: AUTH, responseType: 'text', tags: { phase: 'setup' } }]);
      for (const res of http.batch(batch)) {
        if (res.status !== 200 && res.status !== 201) throw new Error(`setup: ${res.status} ${res.body}`);
        const v = JSON.parse(res.body);
        paths.push(`/v1/accounts/${ACCOUNT}/assets/${v.asset_id}/vulnerabilities/${v.vulnerability_id}`);
      }
    }
  } else {
    throw new Error(`unknown SERVICE ${SERVICE}`);
  }
  return { paths, loadStartedMs: Date.now() };
}

export default function (data) {
  const path = data.paths[zipfIndex() % data.paths.length];
  const res = http.get(`${BASE}${path}`, { headers: AUTH, tags: { phase: 'load', name: `${SERVICE} get` } });
  check(res, { 'status 200': (r) => r.status === 200 });
  shed.add(res.status === 503, { phase: 'load' });
  if (res.status === 200) cacheHits.add(res.headers['X-Cache'] === 'hit', { phase: 'load' });
}

export function handleSummary(data) {
  // setup_data carries when the load phase began (wall clock): overload runs time the recovery
  return { [__ENV.SUMMARY_PATH]: JSON.stringify({ ...data, loadStartedMs: data.setup_data && data.setup_data.loadStartedMs }) };
}
