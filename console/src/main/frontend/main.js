// The Osprey console: draws what /api/stream pushes every second (server-sent events) and posts
// analysts' verdicts to /api/review/{eventId}. No framework; uPlot draws the charts.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './console.css';

const COLORS = ['#1f6feb', '#bf8700', '#cf222e', '#2da44e', '#8250df'];

// One chart: which timeline columns it draws, and their labels.
const CHARTS = [
  { id: 'chart-throughput', series: [['throughput', 'predictions/s'], ['review', 'REVIEW/s'], ['deadLetters', 'dead letters/s']] },
  { id: 'chart-latency', series: [['latencyP50', 'p50 ms'], ['latencyP99', 'p99 ms']] },
  { id: 'chart-models', series: [['servedVersion', 'champion'], ['challengerVersion', 'challenger']] },
  { id: 'chart-quality', series: [['precision', 'precision'], ['recall', 'recall'], ['prAuc', 'PR-AUC']], range: [0, 1] },
  { id: 'chart-drift', series: [['featurePsiMax', 'largest feature PSI'], ['scorePsi', 'score PSI']] },
];

const plots = new Map();

function chartData(timeline, chart) {
  return [timeline.t, ...chart.series.map(([key]) => timeline[key] || [])];
}

function drawCharts(timeline) {
  for (const chart of CHARTS) {
    const el = document.getElementById(chart.id);
    const data = chartData(timeline, chart);
    let plot = plots.get(chart.id);
    if (!plot) {
      const opts = {
        width: Math.max(300, el.clientWidth),
        height: 220,
        series: [{}, ...chart.series.map(([, label], i) => ({ label, stroke: COLORS[i], width: 1.5 }))],
        scales: chart.range ? { y: { range: chart.range } } : {},
        axes: [{}, { size: 64 }],
      };
      plot = new uPlot(opts, data, el);
      plots.set(chart.id, plot);
    } else {
      plot.setData(data);
    }
    // For people and tests alike: how many points, and what the newest says.
    el.dataset.points = String(timeline.t.length);
    const first = data[1];
    el.dataset.latest = first.length ? String(first[first.length - 1]) : '';
    el.dataset.sum = String(first.reduce((a, b) => a + (b || 0), 0));
  }
}

window.addEventListener('resize', () => {
  for (const [id, plot] of plots) {
    plot.setSize({ width: Math.max(300, document.getElementById(id).clientWidth), height: 220 });
  }
});

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function cell(tr, content, cls) {
  const td = document.createElement('td');
  if (content instanceof Node) td.appendChild(content); else td.textContent = content;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function time(ms) {
  return ms ? new Date(ms).toLocaleTimeString() : '–';
}

function num(x, digits = 3) {
  return x === null || x === undefined ? '–' : Number(x).toFixed(digits);
}

function fillTable(tableId, rows, render) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren(...rows.map((row) => { const tr = document.createElement('tr'); render(tr, row); return tr; }));
}

function drawModels(models) {
  text('served-model', models.servedVersion === null ? 'fallback rule' : 'v' + models.servedVersion);
  text('challenger-model', models.challengerVersion === null ? 'none' : 'v' + models.challengerVersion);
  fillTable('model-history', models.history.slice(0, 30), (tr, m) => {
    cell(tr, 'v' + m.version);
    cell(tr, m.rolledBackFrom !== null ? 'champion (rollback)' : m.role, m.rolledBackFrom !== null ? 'rollback' : 'role-' + m.role);
    cell(tr, time(m.createdAt));
    cell(tr, m.parentVersion === null ? '–' : 'v' + m.parentVersion);
    cell(tr, m.rolledBackFrom === null ? '' : 'v' + m.rolledBackFrom, 'rollback');
    cell(tr, num(m.prAuc));
  });
}

// Alerts and the actions they set off, newest first; then the latest reading of every statistic.
function drawDrift(drift, readings) {
  document.getElementById('drift-empty').hidden = drift.length > 0;
  fillTable('drift', drift.slice(0, 50), (tr, d) => {
    cell(tr, time(d.time));
    cell(tr, d.severity, 'sev-' + d.severity);
    cell(tr, d.feature ? d.feature + ' ' + d.statistic : d.metric);
    cell(tr, num(d.value) + (d.threshold === null || d.threshold === undefined ? '' : ' ≥ ' + num(d.threshold)));
    cell(tr, d.modelVersion === null ? '–' : 'v' + d.modelVersion);
    cell(tr, d.detail || '');
  });
  document.getElementById('drift-readings-empty').hidden = readings.length > 0;
  fillTable('drift-readings', readings, (tr, d) => {
    cell(tr, d.feature || d.metric);
    cell(tr, d.statistic || '');
    cell(tr, num(d.value), 'sev-' + d.severity);
    cell(tr, num(d.threshold));
    cell(tr, d.detail && d.detail.match(/window=(\d+)/) ? d.detail.match(/window=(\d+)/)[1] : '');
    cell(tr, d.modelVersion === null ? '–' : 'v' + d.modelVersion);
  });
}

function drawDeadLetters(reasons) {
  document.getElementById('dead-letters-empty').hidden = reasons.length > 0;
  fillTable('dead-letters', reasons, (tr, r) => {
    cell(tr, r.reason);
    cell(tr, String(r.count));
  });
}

// The review queue is keyed by event id: rows stay put while new ones arrive above them, so a
// button is never replaced under the analyst's pointer.
const reviewRows = new Map();

function verdictCell(td, item) {
  if (td.firstChild && td.dataset.verdict === (item.verdict || '')) return; // unchanged
  td.dataset.verdict = item.verdict || '';
  td.replaceChildren();
  if (item.verdict) {
    const done = document.createElement('span');
    done.className = 'verdict-done';
    done.textContent = item.verdict;
    td.appendChild(done);
    return;
  }
  for (const verdict of ['fraud', 'legitimate']) {
    const button = document.createElement('button');
    button.className = 'verdict-' + verdict;
    button.textContent = verdict === 'fraud' ? 'Fraud' : 'Legitimate';
    button.addEventListener('click', () => submitVerdict(item.eventId, verdict, td));
    td.appendChild(button);
  }
}

function reviewRow(item) {
  const tr = document.createElement('tr');
  tr.dataset.eventId = item.eventId;
  cell(tr, time(item.scoredTime));
  cell(tr, item.eventId);
  cell(tr, item.entityId);
  cell(tr, num(item.score) + ' / ' + num(item.threshold));
  cell(tr, item.modelVersion === 0 ? 'fallback' : 'v' + item.modelVersion);
  cell(tr, item.reasons.map((r) => r.feature + ' ' + (r.contribution >= 0 ? '+' : '') + num(r.contribution)).join('\n'), 'reasons');
  cell(tr, item.features.map((f) => f.name + '=' + num(f.value, 2)).join(', '), 'features');
  const td = cell(tr, '', 'verdict');
  verdictCell(td, item);
  return tr;
}

function drawReview(items) {
  const body = document.querySelector('#review-queue tbody');
  const keep = new Set(items.map((i) => i.eventId));
  for (const [id, tr] of reviewRows) {
    if (!keep.has(id)) { tr.remove(); reviewRows.delete(id); }
  }
  let before = body.firstChild;
  for (const item of items) { // newest first
    let tr = reviewRows.get(item.eventId);
    if (!tr) {
      tr = reviewRow(item);
      reviewRows.set(item.eventId, tr);
      body.insertBefore(tr, before);
    } else {
      verdictCell(tr.querySelector('td.verdict'), item);
    }
    before = tr.nextSibling;
  }
}

async function submitVerdict(eventId, verdict, td) {
  const message = document.getElementById('review-message');
  td.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  try {
    const response = await fetch('/api/review/' + encodeURIComponent(eventId), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ verdict }),
    });
    const answer = await response.json();
    message.className = response.ok ? '' : 'error';
    message.textContent = response.ok ? answer.message : 'Refused (' + response.status + '): ' + answer.error;
    if (response.ok) verdictCell(td, { eventId, verdict });
  } catch (e) {
    message.className = 'error';
    message.textContent = 'Not sent: ' + e;
  } finally {
    td.querySelectorAll('button').forEach((b) => { b.disabled = false; });
  }
}

function render(state) {
  drawCharts(state.timeline);
  text('total-predictions', state.totals.predictions.toLocaleString());
  text('total-dead-letters', state.totals.deadLetters.toLocaleString());
  text('total-matured', state.totals.matured.toLocaleString());
  text('total-review-open', state.totals.reviewOpen.toLocaleString());
  drawModels(state.models);
  drawDrift(state.drift, state.driftReadings || []);
  drawDeadLetters(state.deadLetters);
  drawReview(state.review);
}

const connection = document.getElementById('connection');
const events = new EventSource('/api/stream');
events.onopen = () => { connection.textContent = 'live'; connection.className = 'badge live'; };
events.onerror = () => { connection.textContent = 'reconnecting…'; connection.className = 'badge down'; };
events.onmessage = (message) => render(JSON.parse(message.data));
