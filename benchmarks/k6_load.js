// One target under k6 for benchmarks/service_path.py. MODE=open: constant-arrival-rate (latency
// at the offered rate, not hidden by a client that waits); MODE=closed: a fixed number of
// requests from VUS connections (the fallback when wrk is not installed). BENCH_PATH and
// BENCH_BODY may hold %d, replaced by the request's number (1, 2, ...).
import http from 'k6/http';
import exec from 'k6/execution';

const MODE = __ENV.MODE || 'open';
const HEADERS = __ENV.TOKEN ? { Authorization: `Bearer ${__ENV.TOKEN}` } : {};
if (__ENV.BENCH_BODY) HEADERS['Content-Type'] = 'application/json';

const scenario = MODE === 'closed'
  ? {
    executor: 'shared-iterations',
    vus: parseInt(__ENV.VUS || '16', 10),
    iterations: parseInt(__ENV.REQUESTS || '20000', 10),
    maxDuration: '10m',
  }
  : {
    executor: 'constant-arrival-rate',
    rate: parseInt(__ENV.RPS || '1000', 10),
    timeUnit: '1s',
    duration: __ENV.DURATION || '20s',
    preAllocatedVUs: 64,
    maxVUs: 200,
    gracefulStop: '5s',
  };

export const options = {
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(99)'],
  scenarios: { load: scenario },
};

export default function () {
  const n = String(exec.scenario.iterationInTest + 1);
  const path = __ENV.BENCH_PATH.split('%d').join(n);
  const body = __ENV.BENCH_BODY ? __ENV.BENCH_BODY.split('%d').join(n) : null;
  http.request(__ENV.BENCH_METHOD || 'GET', __ENV.URL + path, body, { headers: HEADERS });
}

export function handleSummary(data) {
  return { [__ENV.SUMMARY_PATH]: JSON.stringify(data) };
}
