// benchtap live page: plain JavaScript, no build step. Data: the snapshot in the page itself
// (#initial-state), then the WebSocket /api/live/ws: a "snapshot" (or "live" when the page's own
// is current), then "run" and "measurement" messages, each with a seq; a snapshot's "seq" is that
// of the last message it already includes. A WebSocket, not an EventSource: headless Chromium's
// virtual time waits for open fetches, and an event stream never ends (see LiveFeed).
'use strict';
(function () {
  const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#0a7ea4', '#bc4c00', '#bf3989', '#57606a', '#2da44e'];
  const ENDED_SHOWN_MS = 15 * 60 * 1000;
  const IDLE_MS = 60 * 1000; // a stream known only from its output is idle after this long without a line

  const state = {
    seq: 0,
    clockOffset: 0, // server time minus local time
    pointsPerSeries: 300,
    maxSeries: 500,
    maxRuns: 200,
    runs: new Map(), // stream key -> run
    series: new Map(), // series key -> {id, unit, t: [], v: []}
    finals: new Map(), // series key -> measurement
    charts: new Map(), // tool/metric -> chart
    dirtyFinals: false,
    dirtyRuns: false,
    updates: 0,
  };
  let socket = null;
  let retryTimer = null;

  // ---- formatting ----------------------------------------------------------------------------
  function num(x) {
    const a = Math.abs(x);
    if (a === 0) return '0';
    if (a >= 1000) return x.toFixed(0);
    if (a >= 100) return x.toFixed(1);
    if (a >= 1) return x.toFixed(2);
    return x.toPrecision(3);
  }

  function si(x, unit) {
    const a = Math.abs(x);
    for (const [f, p] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
      if (a >= f) return num(x / f) + ' ' + p + unit;
    }
    return num(x) + ' ' + unit;
  }

  // Network throughput is stored in bytes/s (the Prometheus base unit) and read in bit/s, as every
  // network tool prints it; memory bandwidth stays in B/s.
  const NET_THROUGHPUT = 'throughput_bytes_per_second';
  function shownUnit(metric, unit) {
    return metric === NET_THROUGHPUT ? 'network_bytes_per_second' : unit;
  }

  function fmt(v, unit) {
    if (v == null || !isFinite(v)) return '–';
    switch (unit) {
      case 'network_bytes_per_second': return si(v * 8, 'bit/s');
      case 'bytes_per_second': return si(v, 'B/s');
      case 'bits_per_second': return si(v, 'bit/s');
      case 'bytes': return si(v, 'B');
      case 'per_second': return Math.abs(v) >= 1e6 ? si(v, '/s') : num(v) + ' /s';
      case 'seconds': {
        const a = Math.abs(v);
        if (a !== 0 && a < 1e-3) return num(v * 1e6) + ' µs';
        if (a < 10) return num(v * 1e3) + ' ms';
        return num(v) + ' s';
      }
      case 'ratio': return num(v * 100) + ' %';
      case 'celsius': return num(v) + ' °C';
      case 'hertz': return si(v, 'Hz');
      default: return num(v);
    }
  }

  // Axis ticks are round numbers: "200.0 /s" reads better as "200 /s".
  function tick(text) {
    return text.replace(/^(-?\d+)\.0+(?=\D|$)/, '$1').replace(/^(-?\d+\.\d*?)0+(?=\D|$)/, '$1');
  }

  function age(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  // ---- keys ----------------------------------------------------------------------------------
  function labelsText(l) {
    return Object.keys(l || {}).sort().map((k) => k + '=' + l[k]).join(',');
  }
  // The run is part of a series: the next run of the same device/env/instance is a line of its own.
  function seriesKey(m) {
    return [m.device, m.env, m.net, m.tool, m.benchmark, m.instance, m.metric, labelsText(m.labels), m.run].join('|');
  }
  function runKey(r) {
    return [r.device, r.env, r.run, r.tool, r.instance].join('|');
  }
  function legendName(s) {
    const l = labelsText(s.labels);
    return s.device + '/' + s.env + '/' + s.net + ' #' + s.instance + ' ' + s.benchmark + (l ? ' {' + l + '}' : '')
      + (s.run ? ' · ' + s.run : '');
  }

  // ---- state updates -------------------------------------------------------------------------
  // Maps keep insertion order: re-inserting on update makes the first key the least recently updated.
  function touch(map, key, value, max, onEvict) {
    map.delete(key);
    map.set(key, value);
    while (map.size > max) {
      const oldest = map.keys().next().value;
      if (onEvict) onEvict(map.get(oldest));
      map.delete(oldest);
    }
  }

  function addPoint(m) {
    const key = seriesKey(m);
    let s = state.series.get(key);
    if (!s) {
      s = { key, id: m, unit: shownUnit(m.metric, m.unit), t: [], v: [] };
    }
    touch(state.series, key, s, state.maxSeries, (old) => { chartFor(old).dirty = true; });
    s.t.push(Date.parse(m.time));
    s.v.push(m.value);
    if (s.t.length > state.pointsPerSeries) {
      s.t.shift();
      s.v.shift();
    }
    chartFor(s).dirty = true;
  }

  function applyMeasurements(list) {
    for (const m of list) {
      if (m.phase === 'interval') {
        addPoint(m);
      } else {
        touch(state.finals, seriesKey(m), m, state.maxSeries);
        state.dirtyFinals = true;
      }
      const r = state.runs.get(runKey(m));
      if (r) r.updated = Math.max(r.updated, Date.parse(m.time));
    }
    state.updates++;
    document.body.dataset.updates = String(state.updates);
  }

  function applyRun(r) {
    touch(state.runs, runKey(r), r, state.maxRuns);
    state.dirtyRuns = true;
  }

  function applySnapshot(snap) {
    for (const c of state.charts.values()) {
      if (c.plot) c.plot.destroy();
      c.root.remove();
    }
    state.charts.clear();
    state.series.clear();
    state.finals.clear();
    state.runs.clear();
    state.seq = snap.seq;
    state.clockOffset = snap.now - Date.now();
    const limits = snap.limits || {};
    state.pointsPerSeries = limits.pointsPerSeries || 300;
    state.maxSeries = limits.maxSeries || 500;
    state.maxRuns = limits.maxRuns || 200;
    for (const s of snap.series) {
      const key = seriesKey(s);
      const entry = { key, id: s, unit: s.unit, t: s.t.slice(), v: s.v.slice() };
      state.series.set(key, entry);
      chartFor(entry).dirty = true;
    }
    for (const m of snap.finals) state.finals.set(seriesKey(m), m);
    for (const r of snap.runs) state.runs.set(runKey(r), r);
    state.dirtyFinals = true;
    state.dirtyRuns = true;
  }

  // ---- charts --------------------------------------------------------------------------------
  function chartFor(s) {
    const ckey = s.id.tool + '/' + s.id.metric;
    let c = state.charts.get(ckey);
    if (!c) {
      const root = el('div', { class: 'chart', 'data-chart': ckey, 'data-points': '0' });
      const title = el('h3', null, s.id.tool + ' · ' + s.id.metric);
      title.appendChild(el('small', null, s.unit === 'network_bytes_per_second' ? 'bit/s (stored in bytes/s)' : s.unit));
      const plotEl = el('div', { class: 'plot' });
      const table = el('table', { class: 'lastvals' });
      root.append(title, plotEl, table);
      const container = document.getElementById('charts');
      const after = [...container.children].find((n) => n.dataset.chart > ckey);
      container.insertBefore(root, after || null);
      document.getElementById('charts-empty').hidden = true;
      c = { key: ckey, unit: s.unit, root, plotEl, table, plot: null, keys: [], dirty: true };
      state.charts.set(ckey, c);
    }
    return c;
  }

  function chartSeries(c) {
    const list = [];
    for (const s of state.series.values()) {
      if (s.id.tool + '/' + s.id.metric === c.key) list.push(s);
    }
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return list;
  }

  function drawChart(c) {
    c.dirty = false;
    const list = chartSeries(c);
    if (!list.length) {
      if (c.plot) c.plot.destroy();
      c.root.remove();
      state.charts.delete(c.key);
      document.getElementById('charts-empty').hidden = state.charts.size > 0;
      return;
    }
    // uPlot draws null as a gap and skips undefined: times where only another series has a point
    // are undefined (the line goes on), and a pause in a series gets a null just after its last
    // point before the pause, so an idle stretch is not bridged by a straight line.
    const breaks = list.map(gapsOf);
    const xs = [...new Set(list.flatMap((s, i) => s.t.concat(breaks[i])))].sort((a, b) => a - b);
    const data = [xs.map((t) => t / 1000)];
    let points = 0;
    list.forEach((s, i) => {
      const byTime = new Map();
      breaks[i].forEach((t) => byTime.set(t, null));
      s.t.forEach((t, k) => byTime.set(t, s.v[k]));
      data.push(xs.map((t) => byTime.get(t)));
      points += s.t.length;
    });
    c.root.dataset.points = String(points);
    const keys = list.map((s) => s.key).join('\n');
    if (!c.plot || keys !== c.keys) {
      if (c.plot) c.plot.destroy();
      c.keys = keys;
      c.plot = new uPlot(chartOptions(c, list), data, c.plotEl);
    } else {
      c.plot.setData(data);
    }
    drawLastValues(c, list);
  }

  // Times (just after a point) where a series pauses: a step over five times its usual step, and at least 10 s.
  function gapsOf(s) {
    const steps = [];
    for (let i = 1; i < s.t.length; i++) steps.push(s.t[i] - s.t[i - 1]);
    if (!steps.length) return [];
    const usual = steps.slice().sort((a, b) => a - b)[Math.floor(steps.length / 2)];
    const limit = Math.max(5 * usual, 10000);
    const out = [];
    steps.forEach((d, i) => { if (d > limit) out.push(s.t[i] + 1); });
    return out;
  }

  function chartOptions(c, list) {
    const unit = c.unit;
    return {
      width: Math.max(300, c.plotEl.clientWidth || 560),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      series: [{}].concat(list.map((s, i) => ({
        label: legendName(s.id),
        stroke: COLORS[i % COLORS.length],
        width: 2,
        spanGaps: false,
        // a series of one or two values (a short run's interval lines) has no line to draw: show its points
        points: { show: s.t.length <= 2, size: 6 },
        value: (u, v) => fmt(v, unit),
      }))),
      axes: [
        { grid: { stroke: '#eef1f5' } },
        { size: 86, grid: { stroke: '#eef1f5' }, values: (u, vals) => vals.map((v) => tick(fmt(v, unit))) },
      ],
    };
  }

  function drawLastValues(c, list) {
    const body = el('tbody');
    list.forEach((s, i) => {
      const n = s.t.length;
      const tr = el('tr');
      const sw = el('td');
      sw.appendChild(el('span', { class: 'swatch', style: 'background:' + COLORS[i % COLORS.length] }));
      const v = n ? s.v[n - 1] : null;
      const val = el('td', {
        class: 'num',
        'data-series': s.key,
        'data-last-value': v == null ? '' : String(v),
        'data-last-time': n ? String(s.t[n - 1]) : '',
        'data-points': String(n),
      }, fmt(v, s.unit));
      tr.append(sw, el('td', { title: legendName(s.id) }, legendName(s.id)), val);
      body.appendChild(tr);
    });
    c.table.replaceChildren(body);
  }

  // ---- tables --------------------------------------------------------------------------------
  function drawRuns() {
    state.dirtyRuns = false;
    const now = Date.now() + state.clockOffset;
    const groups = new Map();
    for (const r of state.runs.values()) {
      const k = [r.device, r.env, r.run, r.tool].join('|');
      let g = groups.get(k);
      if (!g) {
        g = { device: r.device, env: r.env, run: r.run, tool: r.tool, nets: new Set(), members: [], started: r.started, updated: r.updated, expected: 0, commands: new Set() };
        groups.set(k, g);
      }
      g.nets.add(r.net);
      g.members.push(r);
      g.started = Math.min(g.started, r.started);
      g.updated = Math.max(g.updated, r.updated);
      g.expected = Math.max(g.expected, r.instances || 0);
      if (r.command) g.commands.add(r.command);
    }
    const rows = [];
    for (const g of groups.values()) {
      const states = g.members.map((m) => m.state);
      // A stream known only from its output cannot say it ended: it is idle once it stops printing.
      for (const m of g.members) {
        if (m.source === 'output' && m.state === 'running' && now - m.updated > IDLE_MS) m.shown = 'idle';
        else m.shown = m.state;
      }
      const shown = g.members.map((m) => m.shown);
      g.state = shown.includes('running') ? 'running' : shown.includes('idle') ? 'idle'
        : shown.includes('failed') ? 'failed' : 'finished';
      if (g.state === 'running' || now - g.updated < ENDED_SHOWN_MS) rows.push(g);
    }
    rows.sort((a, b) => (a.state === 'running') - (b.state === 'running') || a.started - b.started).reverse();
    const body = el('tbody');
    for (const g of rows) {
      const tr = el('tr', { class: g.state === 'running' ? 'running' : 'ended', 'data-run': g.run, 'data-tool': g.tool });
      if (g.commands.size) tr.title = [...g.commands].join('\n');
      const inst = g.members.map((m) => m.instance).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
      const instText = inst.join(', ') + (g.expected > inst.length ? ' (of ' + g.expected + ')' : '');
      const running = g.members.filter((m) => m.shown === 'running').length;
      const stateText = g.state + (g.members.length > 1 && g.state === 'running' ? ' ' + running + '/' + g.members.length : '');
      const quiet = g.state === 'running' || g.state === 'idle';
      const idle = quiet && now - g.updated > IDLE_MS ? ' (no output for ' + age(now - g.updated) + ')' : '';
      tr.append(el('td', null, g.device), el('td', null, g.env), el('td', null, [...g.nets].join(', ')), el('td', null, g.tool),
        el('td', null, instText), el('td', null, g.run));
      const st = el('td', { class: 'state state-' + g.state }, stateText + idle);
      const failed = g.members.find((m) => m.reason);
      if (failed) st.title = failed.reason;
      // Duration: how long a finished run took, or how long a live one has been going so far.
      tr.append(st, el('td', { class: 'num' }, g.state === 'running' ? age(now - g.started) + ' so far' : age(g.updated - g.started)));
      body.appendChild(tr);
    }
    document.querySelector('#runs tbody').replaceWith(body);
    document.getElementById('runs-empty').hidden = rows.length > 0;
  }

  function drawFinals() {
    state.dirtyFinals = false;
    const list = [...state.finals.values()].sort((a, b) =>
      [a.tool, a.metric, a.device, a.env, a.instance].join('|').localeCompare([b.tool, b.metric, b.device, b.env, b.instance].join('|')));
    const body = el('tbody');
    for (const m of list) {
      const tr = el('tr', { 'data-final': seriesKey(m) });
      tr.append(el('td', null, m.device), el('td', null, m.env), el('td', null, m.net), el('td', null, m.tool),
        el('td', null, m.benchmark), el('td', null, m.instance), el('td', null, m.metric), el('td', null, labelsText(m.labels)),
        el('td', { class: 'num', 'data-value': String(m.value) }, fmt(m.value, shownUnit(m.metric, m.unit))),
        el('td', null, new Date(m.time).toLocaleTimeString()));
      body.appendChild(tr);
    }
    document.querySelector('#finals tbody').replaceWith(body);
    document.getElementById('finals-empty').hidden = list.length > 0;
  }

  function render() {
    for (const c of state.charts.values()) if (c.dirty) drawChart(c);
    if (state.dirtyFinals) drawFinals();
    drawRuns(); // ages move every second
  }

  // ---- overhead (rows from /api/overhead: container cells against their native baseline) -------
  function unitOf(metric) {
    if (metric === NET_THROUGHPUT) return shownUnit(metric, 'bytes_per_second');
    for (const u of ['bytes_per_second', 'bits_per_second', 'per_second', 'seconds', 'bytes', 'ratio', 'celsius', 'hertz']) {
      if (metric === u || String(metric).endsWith('_' + u)) return u;
    }
    return '';
  }

  function pct(x) {
    return x == null || !isFinite(x) ? '–' : (x > 0 ? '+' : '') + (x * 100).toFixed(1) + ' %';
  }

  // A side's mean, its repetitions and its noise (coefficient of variation), so a reader sees
  // when a change is smaller than the spread.
  function side(summary, unit) {
    if (!summary) return '–';
    return [fmt(summary.mean, unit), 'n=' + summary.n + (summary.cv == null ? '' : ', cv ' + (100 * summary.cv).toFixed(1) + '%')];
  }

  // The analyzer's rows get a readable table; anything else is shown field by field.
  function overheadTable(rows) {
    const table = el('table', { id: 'overhead-table' });
    const known = rows[0] && rows[0].native && rows[0].container;
    const cols = known
      ? ['device', 'tool', 'metric', 'env/net', 'inst.', 'campaign', 'native', 'container', 'change (interval)',
        'overhead (interval)', 'p (FDR-adj.)', 'verdict']
      : [...new Set(rows.flatMap((row) => Object.keys(row)))];
    const head = el('tr');
    cols.forEach((c) => head.appendChild(el('th', null, c)));
    table.appendChild(el('thead')).appendChild(head);
    const body = table.appendChild(el('tbody'));
    for (const row of rows) {
      const tr = el('tr');
      if (known) {
        const unit = unitOf(row.metric);
        const labels = labelsText(row.labels);
        // Interval, p and verdict come from one method (docs/analysis.md): shown only when judged.
        const level = row.intervalLevel == null ? '' : ' ' + (100 * row.intervalLevel).toFixed(1) + '%';
        const ci = (lo, hi) => row.judged === false ? 'not judged'
          : lo == null || hi == null ? 'unbounded' : '[' + pct(lo) + ', ' + pct(hi) + ']' + level;
        const p = row.pValue === undefined ? row.welchP : row.pValue;
        const cells = [row.device, row.tool + ' ' + row.benchmark, row.metric + (labels ? ' {' + labels + '}' : ''),
          row.env + '/' + row.net, row.instances, row.campaign || '', side(row.native, unit), side(row.container, unit),
          [pct(row.changeRatio), ci(row.changeRatioLower, row.changeRatioUpper)],
          row.direction === 'none' ? '–' : [pct(row.overheadRatio), ci(row.overheadRatioLower, row.overheadRatioUpper)],
          p == null ? '–' : p.toPrecision(2), row.verdict || (row.significant ? 'significant' : 'no difference shown')];
        cells.forEach((c, i) => {
          const td = el('td', i >= 6 && i <= 10 ? { class: 'num' } : null, Array.isArray(c) ? c[0] : c == null ? '' : String(c));
          if (i === 11 && row.judged === false) td.className = 'empty';
          if (Array.isArray(c)) td.appendChild(el('small', { class: 'ci' }, c[1]));
          tr.appendChild(td);
        });
        if (row.significant && row.overheadRatio > 0) tr.className = 'worse';
      } else {
        for (const c of cols) {
          const v = row[c];
          tr.appendChild(typeof v === 'number' ? el('td', { class: 'num' }, num(v))
            : el('td', null, v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)));
        }
      }
      body.appendChild(tr);
    }
    return table;
  }

  async function loadOverhead() {
    const box = document.getElementById('overhead');
    const say = (text) => box.replaceChildren(el('p', { class: 'empty' }, text));
    try {
      const r = await fetch('/api/overhead', { cache: 'no-store' });
      if (r.status === 404) return say('no overhead data yet');
      if (r.status === 401) return say('overhead needs the API token (http.token is set)');
      if (!r.ok) return say('overhead unavailable (HTTP ' + r.status + ')');
      const j = await r.json();
      const rows = Array.isArray(j) ? j : (j.rows || j.overhead || []);
      if (!rows.length) return say('no overhead data yet');
      const scroll = el('div', { class: 'scroll' });
      scroll.appendChild(overheadTable(rows));
      box.replaceChildren(scroll);
    } catch (e) {
      say('no overhead data yet');
    }
  }

  // ---- connection ----------------------------------------------------------------------------
  function setStatus(s, text) {
    document.body.dataset.status = s;
    document.getElementById('status').textContent = text || s;
  }

  function notice(text) {
    const n = document.getElementById('notice');
    n.hidden = !text;
    n.textContent = text || '';
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour12: false });
  }

  function onMessage(e) {
    const msg = JSON.parse(e.data);
    if (msg.type === 'snapshot') {
      applySnapshot(msg.data);
    } else if (msg.type === 'live') {
      // The page's own snapshot is current.
    } else if (msg.seq > state.seq) {
      state.seq = msg.seq;
      if (msg.type === 'run') applyRun(msg.data);
      if (msg.type === 'measurement') applyMeasurements(msg.data);
      return;
    } else {
      return;
    }
    notice('');
    setStatus('live');
    render();
  }

  function unauthorized() {
    if (socket) socket.close();
    socket = null;
    setStatus('unauthorized', 'token required');
    notice('This benchtap has http.token set, so /api/* needs the token: open this page once as /?token=<token> '
      + '(a cookie then keeps it), or use /metrics and /api with "Authorization: Bearer <token>".');
    retry(60000);
  }

  function retry(ms) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, ms);
  }

  function connect() {
    if (socket) socket.close();
    if (document.body.dataset.status !== 'snapshot') setStatus('connecting', 'connecting…');
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live/ws?since=' + state.seq;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onmessage = onMessage;
    ws.onclose = () => {
      // Dropped (slow client, restart) or refused (a browser does not say why): ask the snapshot
      // whether a token is needed, else start over, with a fresh snapshot on the new socket.
      if (socket !== ws) return;
      socket = null;
      setStatus('connecting', 'reconnecting…');
      fetch('/api/live/snapshot', { cache: 'no-store' })
        .then((r) => (r.status === 401 ? unauthorized() : retry(2000)))
        .catch(() => retry(3000));
    };
  }

  window.addEventListener('resize', () => {
    for (const c of state.charts.values()) {
      if (c.plot) c.plot.setSize({ width: Math.max(300, c.plotEl.clientWidth), height: 220 });
    }
  });

  if (typeof uPlot === 'undefined') {
    notice('The chart library (/webjars/uplot/…) did not load.');
  }
  // The page arrives with the current state in it (initial-state): draw that at once, then go live.
  const initial = document.getElementById('initial-state');
  const snap = initial ? JSON.parse(initial.textContent) : null;
  if (snap) {
    applySnapshot(snap);
    setStatus('snapshot', 'as of ' + clock(snap.now) + '; connecting…');
    render();
  }
  connect();
  loadOverhead();
  setInterval(render, 1000);
  setInterval(loadOverhead, 15000);
})();
