// The operations dashboard: the TelemetryDashboard's snapshots pushed by server-sent events
// (/api/dashboard/stream), drawn with uPlot, plus per-story analytics and the story graph.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const key = new URLSearchParams(location.search).get('key');
  const keyHeaders = key ? { 'X-Dashboard-Key': key } : {};
  const keyQuery = key ? `?key=${encodeURIComponent(key)}` : '';
  const windowSeconds = 300;

  const palette = {
    a: '#e07b1f', b: '#1f77b4', c: '#2ca02c', d: '#9467bd', e: '#d62728', f: '#8c564b',
    warn: '#f2a900', crit: '#e8590c', max: '#c92a2a', grid: 'rgba(128,128,128,.18)',
  };

  // ---- state: every series by meter/name/tags, points by unix second ----
  const series = new Map();
  const requests = new Map();
  let latest = null;
  let lastEventAt = 0;

  function seriesKey(instrument, s) {
    const tags = Object.keys(s.tags || {}).sort().map((k) => `${k}=${s.tags[k]}`).join(',');
    return `${instrument.meter}|${instrument.name}|${tags}`;
  }

  function apply(snapshot) {
    latest = snapshot;
    lastEventAt = Date.now();
    for (const instrument of snapshot.telemetry.instruments || []) {
      for (const s of instrument.series || []) {
        const k = seriesKey(instrument, s);
        let entry = series.get(k);
        if (!entry) {
          entry = { name: instrument.name, meter: instrument.meter, kind: instrument.kind, tags: s.tags || {}, points: new Map() };
          series.set(k, entry);
        }
        entry.value = s.value;
        entry.count = s.count;
        for (const p of s.points || []) entry.points.set(Math.round(Date.parse(p.timestamp) / 1000), p);
      }
    }
    for (const p of (snapshot.requests && snapshot.requests.points) || []) {
      requests.set(Math.round(Date.parse(p.timestamp) / 1000), p);
    }
    const oldest = Math.floor(Date.parse(snapshot.timestamp) / 1000) - windowSeconds - 5;
    for (const entry of series.values()) for (const t of entry.points.keys()) if (t < oldest) entry.points.delete(t);
    for (const t of requests.keys()) if (t < oldest) requests.delete(t);
    scheduleDraw();
  }

  function instrumentSeries(name) {
    const result = [];
    for (const entry of series.values()) if (entry.name === name) result.push(entry);
    return result;
  }

  // Sum over every tag set of an instrument at second t (null when no series has a point there).
  function sumAt(list, t, scale = 1) {
    let total = null;
    for (const entry of list) {
      const p = entry.points.get(t);
      if (p) total = (total || 0) + p.value * scale;
    }
    return total;
  }

  function currentSum(name) {
    return instrumentSeries(name).reduce((sum, e) => sum + (e.value || 0), 0);
  }

  // The last closed seconds of the window, starting at the first data when the server is younger than the window.
  function timeAxis() {
    const end = Math.floor(Date.parse(latest.timestamp) / 1000) - 1;
    let first = end - windowSeconds + 1;
    let earliest = Infinity;
    for (const entry of series.values()) for (const t of entry.points.keys()) if (t < earliest) earliest = t;
    for (const [t, p] of requests) if (p.requests > 0 && t < earliest) earliest = t;
    if (earliest > first && earliest < end - 30) first = earliest;
    else if (earliest >= end - 30) first = Math.max(first, end - 60);
    const xs = [];
    for (let t = first; t <= end; t++) xs.push(t);
    return xs;
  }

  // ---- charts ----
  const charts = {};

  function thresholdPlugin(getLines) {
    return {
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx;
          const { left, width } = u.bbox;
          ctx.save();
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          for (const line of getLines()) {
            const y = u.valToPos(line.value, 'y', true);
            ctx.strokeStyle = line.color;
            ctx.fillStyle = line.color;
            ctx.beginPath();
            ctx.moveTo(left, y);
            ctx.lineTo(left + width, y);
            ctx.stroke();
            ctx.textAlign = 'right';
            ctx.fillText(line.label, left + width - 4 * devicePixelRatio, y - 3 * devicePixelRatio);
          }
          ctx.restore();
        }],
      },
    };
  }

  // The memory level over time, as a coloured strip along the top of the memory chart (no colour: Normal).
  let memoryLevels = [];
  const levelColors = [null, palette.warn, palette.crit, palette.max];
  function levelStripPlugin() {
    return {
      hooks: {
        draw: [(u) => {
          const xs = u.data[0];
          if (!xs || xs.length === 0) return;
          const ctx = u.ctx;
          const { top } = u.bbox;
          const h = 6 * devicePixelRatio;
          ctx.save();
          for (let i = 0; i < xs.length; i++) {
            const color = levelColors[memoryLevels[i]];
            if (!color) continue;
            const x0 = u.valToPos(xs[i], 'x', true);
            const x1 = u.valToPos(xs[i] + 1, 'x', true);
            ctx.fillStyle = color;
            ctx.fillRect(x0, top, Math.max(1, x1 - x0), h);
          }
          ctx.restore();
        }],
      },
    };
  }

  function makeChart(id, config) {
    const el = $(id);
    const axisStroke = getComputedStyle(document.body).color;
    const axes = [
      { stroke: axisStroke, grid: { stroke: palette.grid }, ticks: { stroke: palette.grid }, space: 70, values: clockLabels },
      { stroke: axisStroke, grid: { stroke: palette.grid }, ticks: { stroke: palette.grid }, size: 48, label: config.leftLabel, labelSize: 18, values: config.leftValues },
    ];
    if (config.right) {
      axes.push({ side: 1, scale: 'r', stroke: axisStroke, grid: { show: false }, size: 48, label: config.rightLabel, labelSize: 18, values: config.rightValues });
    }
    const opts = {
      width: Math.max(240, el.clientWidth),
      height: 190,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: config.y || {}, r: config.r || {} },
      axes,
      series: [{}, ...config.series.map((s) => ({ spanGaps: true, width: 2, points: { show: false }, ...s }))],
      plugins: config.plugins || [],
    };
    const data = [[], ...config.series.map(() => [])];
    const chart = new uPlot(opts, data, el);
    new ResizeObserver(() => chart.setSize({ width: Math.max(240, el.clientWidth), height: 190 })).observe(el);
    el.dataset.ready = 'true';
    return chart;
  }

  const pct = (u, vals) => vals.map((v) => `${v}%`);
  // Time ticks as wall-clock time (hh:mm, or hh:mm:ss when ticks are less than a minute apart).
  function clockLabels(u, vals, axisIdx, foundSpace, foundIncr) {
    const seconds = foundIncr < 60;
    return vals.map((v) => new Date(v * 1000).toLocaleTimeString([], seconds
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' }));
  }
  const stepped = uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined;

  function createCharts() {
    charts.cpu = makeChart('chart-cpu', {
      y: { range: [0, 100] }, leftLabel: '% of limit', leftValues: pct,
      series: [{ label: 'CPU %', stroke: palette.a, fill: 'rgba(224,123,31,.12)', value: (u, v) => v == null ? '–' : `${v.toFixed(1)}%` }],
    });
    charts.memory = makeChart('chart-memory', {
      y: { range: [0, 100] }, leftLabel: '% of limit', leftValues: pct,
      series: [
        { label: 'Memory %', stroke: palette.b, fill: 'rgba(31,119,180,.12)', value: (u, v) => v == null ? '–' : `${v.toFixed(1)}%` },
      ],
      plugins: [thresholdPlugin(() => {
        const t = (latest && latest.thresholds) || { warningPercent: 60, criticalPercent: 70, maximumPercent: 80 };
        return [
          { value: t.warningPercent, color: palette.warn, label: `Warning ${t.warningPercent}%` },
          { value: t.criticalPercent, color: palette.crit, label: `Critical ${t.criticalPercent}%` },
          { value: t.maximumPercent, color: palette.max, label: `Maximum ${t.maximumPercent}%` },
        ];
      }), levelStripPlugin()],
    });
    charts.workers = makeChart('chart-workers', {
      y: { range: (u, min, max) => [0, Math.max(2, max * 1.15)] }, leftLabel: 'workers / jobs',
      r: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] }, right: true, rightLabel: 'jobs/s',
      series: [
        { label: 'Workers', stroke: palette.b, paths: stepped },
        { label: 'Busy', stroke: palette.a, paths: stepped },
        { label: 'Queued', stroke: palette.e, paths: stepped },
        { label: 'Done/s', stroke: palette.c, scale: 'r' },
      ],
    });
    charts.sessions = makeChart('chart-sessions', {
      y: { range: (u, min, max) => [0, Math.max(2, max * 1.15)] }, leftLabel: 'sessions',
      r: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] }, right: true, rightLabel: 'per second',
      series: [
        { label: 'Active', stroke: palette.b, fill: 'rgba(31,119,180,.10)' },
        { label: 'Steps/s', stroke: palette.a, scale: 'r' },
        { label: 'Choices/s', stroke: palette.c, scale: 'r' },
      ],
    });
    charts.requests = makeChart('chart-requests', {
      y: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] }, leftLabel: 'requests/s',
      r: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] }, right: true, rightLabel: 'ms',
      series: [
        { label: 'Requests/s', stroke: palette.b, fill: 'rgba(31,119,180,.10)' },
        { label: 'p50 ms', stroke: palette.c, scale: 'r', value: (u, v) => v == null ? '–' : v.toFixed(2) },
        { label: 'p99 ms', stroke: palette.e, scale: 'r', value: (u, v) => v == null ? '–' : v.toFixed(2) },
        { label: '5xx/s', stroke: palette.max },
      ],
    });
  }

  let drawPending = false;
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => { drawPending = false; draw(); });
  }

  function draw() {
    if (!latest) return;
    if (!charts.cpu) createCharts();
    const xs = timeAxis();
    const t = latest.telemetry;

    // CPU
    const cpu = instrumentSeries('gamebook.cpu.utilization');
    charts.cpu.setData([xs, xs.map((x) => sumAt(cpu, x, 100))]);
    $('fig-cpu').textContent = t.cpuUtilization == null ? 'no reading yet' : `${(t.cpuUtilization * 100).toFixed(1)}%`;

    // Memory and its level
    const mem = instrumentSeries('gamebook.memory.utilization');
    const level = instrumentSeries('gamebook.memory.level');
    memoryLevels = xs.map((x) => sumAt(level, x));
    charts.memory.setData([xs, xs.map((x) => sumAt(mem, x, 100))]);
    $('fig-memory').textContent = t.memoryUtilization == null ? 'no reading yet'
      : `${(t.memoryUtilization * 100).toFixed(1)}% · ${bytes(t.memoryUsedBytes)} of ${bytes(t.memoryLimitBytes)}`;
    $('memory-hint').textContent = `Level ${t.memoryLevel} (the strip on top colours Warning, Critical, Maximum over time).`
      + (t.managedHeapBytes == null ? '' : ` Managed heap ${bytes(t.managedHeapBytes)}.`);
    const badge = $('memory-badge');
    badge.textContent = `memory ${t.memoryLevel}`;
    badge.dataset.state = { Normal: 'ok', Warning: 'warn', Critical: 'bad', Maximum: 'bad' }[t.memoryLevel] || '';

    // Worker pool
    const workers = instrumentSeries('gamebook.worker.count');
    const busy = instrumentSeries('gamebook.worker.busy');
    const queued = instrumentSeries('gamebook.worker.queue.length');
    const done = instrumentSeries('gamebook.worker.jobs.completed');
    charts.workers.setData([xs, xs.map((x) => sumAt(workers, x)), xs.map((x) => sumAt(busy, x)), xs.map((x) => sumAt(queued, x)), xs.map((x) => sumAt(done, x) ?? (done.length ? 0 : null))]);
    $('fig-workers').textContent = workers.length === 0 ? 'no pool yet'
      : `${currentSum('gamebook.worker.busy')} busy of ${currentSum('gamebook.worker.count')} · ${currentSum('gamebook.worker.queue.length')} queued · ${Math.round(currentSum('gamebook.worker.jobs.completed'))} done`;

    // Sessions: the active count is an up-down counter (points are per-second changes): rebuild it backwards from now.
    const active = instrumentSeries('gamebook.session.active');
    const steps = instrumentSeries('gamebook.session.steps');
    const choices = instrumentSeries('gamebook.session.selections');
    const activeNow = currentSum('gamebook.session.active');
    const activeLine = new Array(xs.length).fill(null);
    if (active.length) {
      let running = activeNow;
      for (let i = xs.length - 1; i >= 0; i--) {
        activeLine[i] = Math.max(0, running);
        running -= sumAt(active, xs[i]) || 0;
      }
    }
    charts.sessions.setData([xs, activeLine, xs.map((x) => sumAt(steps, x) ?? (steps.length ? 0 : null)), xs.map((x) => sumAt(choices, x) ?? (choices.length ? 0 : null))]);
    const recent = xs.slice(-10);
    const perSecond = (list) => recent.reduce((sum, x) => sum + (sumAt(list, x) || 0), 0) / Math.max(1, recent.length);
    // With the Orleans store the server also reports the whole cluster's figures (counted every few seconds).
    const c = latest.cluster;
    const clusterText = !c ? '' : c.activeSessions == null ? ` · cluster: ${c.error || 'not counted yet'}`
      : ` · cluster: ${c.activeSessions} active on ${c.silos} silo${c.silos === 1 ? '' : 's'} (this server: ${c.role.toLowerCase()})${c.error ? ' (stale)' : ''}`;
    $('fig-sessions').textContent = `${activeNow} active here${clusterText} · ${fmt(perSecond(steps))} steps/s · ${fmt(perSecond(choices))} choices/s`;

    // Requests
    const r = latest.requests;
    charts.requests.setData([xs,
      xs.map((x) => (requests.get(x) || { requests: 0 }).requests),
      xs.map((x) => (requests.get(x) || {}).p50Ms ?? null),
      xs.map((x) => (requests.get(x) || {}).p99Ms ?? null),
      xs.map((x) => (requests.get(x) || { serverErrors: 0 }).serverErrors)]);
    $('fig-requests').textContent = `${fmt(r.requestsPerSecond)} req/s · p50 ${ms(r.p50Ms)} · p99 ${ms(r.p99Ms)}`;

    drawBreakers(latest.breakers || []);
    drawHealth(t.health);
    drawAlerts(t.recentAlerts || []);
    document.body.dataset.events = String((Number(document.body.dataset.events) || 0) + 1);
  }

  function drawBreakers(breakers) {
    const body = $('breakers').tBodies[0];
    body.replaceChildren();
    let open = 0;
    for (const b of breakers) {
      const state = b.hasCircuitBreaker ? (b.state || 'not built yet') : 'no breaker';
      if (b.state && b.state !== 'Closed') open++;
      const last = b.lastFailure ? `${b.lastFailure.outcome}: ${b.lastFailure.message} (${ago(b.lastFailure.timestamp)})` : '–';
      body.append(row([b.name, badgeEl(state, { Closed: 'ok', HalfOpen: 'warn', Open: 'bad', Isolated: 'bad' }[b.state] || ''),
        String(b.window.calls), b.window.rejections ? `${b.window.failures} (+${b.window.rejections} rejected)` : String(b.window.failures), last]));
    }
    if (breakers.length === 0) body.append(row(['No resilience pipeline is registered.', '', '', '', '']));
    $('fig-breakers').textContent = breakers.length === 0 ? '–' : open === 0 ? `${breakers.length} closed` : `${open} not closed`;
  }

  function drawHealth(health) {
    const body = $('health').tBodies[0];
    body.replaceChildren();
    const badge = $('health-badge');
    if (!health) {
      body.append(row(['Waiting for the first health report…', '', '']));
      badge.textContent = 'health …';
      return;
    }
    const states = { Healthy: 'ok', Degraded: 'warn', Unhealthy: 'bad' };
    for (const [name, entry] of Object.entries(health.entries || {})) {
      body.append(row([name, badgeEl(entry.status, states[entry.status]), entry.description || '']));
    }
    badge.textContent = `health ${health.status}`;
    badge.dataset.state = states[health.status] || '';
    $('fig-health').textContent = `${health.status} · ${ago(health.timestamp)}`;
  }

  function drawAlerts(alerts) {
    const list = $('alerts');
    list.replaceChildren();
    for (const a of [...alerts].reverse()) {
      const li = document.createElement('li');
      li.dataset.level = a.level;
      li.textContent = `${new Date(a.timestamp).toLocaleTimeString()} — ${a.previousLevel} → ${a.level} at ${a.usagePercent.toFixed(1)}% (${bytes(a.usedBytes)} of ${bytes(a.limitBytes)})`;
      list.append(li);
    }
    if (alerts.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No memory alert since the server started.';
      list.append(li);
    }
    $('fig-alerts').textContent = String(alerts.length);
  }

  // ---- helpers ----
  function row(cells) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      if (cell instanceof Node) td.append(cell); else td.textContent = cell;
      tr.append(td);
    }
    return tr;
  }
  function badgeEl(text, state) {
    const span = document.createElement('span');
    span.className = 'badge';
    span.dataset.state = state || '';
    span.textContent = text;
    return span;
  }
  function bytes(n) {
    if (n == null) return '–';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
  }
  function fmt(n) { return n == null ? '–' : n >= 100 ? Math.round(n).toString() : n.toFixed(1); }
  function ms(n) { return n == null ? '–' : `${n < 10 ? n.toFixed(2) : Math.round(n)} ms`; }
  function ago(timestamp) {
    const s = Math.max(0, Math.round((Date.now() - Date.parse(timestamp)) / 1000));
    return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
  }

  function showProblem(message) {
    const p = $('problem');
    p.hidden = !message;
    p.textContent = message || '';
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json', ...keyHeaders } });
    let data = null;
    try { data = await response.json(); } catch { data = null; }
    if (!response.ok) {
      const error = new Error((data && (data.detail || data.title)) || `The server answered ${response.status}.`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // ---- the live stream ----
  function connect() {
    const connection = $('connection');
    const source = new EventSource(`/api/dashboard/stream${keyQuery}`);
    source.addEventListener('snapshot', (event) => {
      try {
        apply(JSON.parse(event.data));
        connection.textContent = `live · ${new Date().toLocaleTimeString()}`;
        connection.dataset.state = 'ok';
        showProblem(null);
      } catch (error) {
        showProblem(`A dashboard update could not be read: ${error.message}`);
      }
    });
    source.onerror = () => {
      connection.textContent = 'reconnecting…';
      connection.dataset.state = 'warn';
    };
    setInterval(() => {
      if (lastEventAt && Date.now() - lastEventAt > 10000) {
        connection.textContent = `no update for ${Math.round((Date.now() - lastEventAt) / 1000)}s`;
        connection.dataset.state = 'bad';
      }
    }, 2000);
  }

  // ---- story analytics ----
  const analytics = { story: null, graph: null, detail: null };

  async function loadStories() {
    // A story that never compiled has no graph nor plays to count (the health panel names it).
    const stories = ((await getJson('/api/stories')) || []).filter((s) => s.playable !== false);
    const select = $('analytics-story');
    select.replaceChildren();
    for (const s of stories || []) {
      const option = document.createElement('option');
      option.value = s.name;
      option.textContent = s.name;
      select.append(option);
    }
    if (stories && stories.length) {
      analytics.story = stories[0].name;
      await refreshAnalytics(true);
    } else {
      $('analytics-stats').textContent = 'This server has no stories.';
    }
    select.addEventListener('change', () => { analytics.story = select.value; refreshAnalytics(true); });
    setInterval(() => refreshAnalytics(false), 3000);
  }

  async function refreshAnalytics(storyChanged) {
    const name = analytics.story;
    if (!name) return;
    try {
      if (storyChanged || !analytics.graph || analytics.graph.story !== name) {
        analytics.graph = await getJson(`/api/dashboard/stories/${encodeURIComponent(name)}/graph`);
      }
      const data = await getJson(`/api/analytics/stories/${encodeURIComponent(name)}`);
      if (analytics.story !== name) return;
      drawAnalytics(data, analytics.graph);
      $('analytics-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      $('analytics-updated').textContent = `analytics unavailable: ${error.message}`;
    }
  }

  function drawAnalytics(data, graph) {
    const endings = Object.entries(data.endingsReached || {}).sort((a, b) => b[1] - a[1]);
    const stops = Object.entries(data.stops || {}).sort((a, b) => b[1] - a[1]);
    const sum = (pairs) => pairs.reduce((s, [, n]) => s + n, 0);
    const chosen = (data.optionSets || []).reduce((s, set) => s + set.options.reduce((t, o) => t + o.chosen, 0), 0);
    const stats = $('analytics-stats');
    stats.replaceChildren(
      stat('Sessions started', data.sessionsStarted),
      stat('Endings reached', sum(endings)),
      stat('Stopped before an ending', sum(stops)),
      stat('Choices made', chosen));

    fillPairs($('analytics-endings'), endings, 'No ending reached yet.');
    fillPairs($('analytics-stops'), stops, 'Nobody stopped early yet.');

    const sets = $('analytics-options');
    sets.replaceChildren();
    const ordered = [...(data.optionSets || [])].sort((a, b) => total(b) - total(a));
    for (const set of ordered) {
      const box = document.createElement('div');
      box.className = 'option-set';
      const h = document.createElement('h4');
      h.textContent = `${set.node} · ${total(set)} choices`;
      box.append(h);
      const max = Math.max(1, ...set.options.map((o) => o.chosen));
      for (const o of set.options) {
        const line = document.createElement('div');
        line.className = 'option-bar';
        const label = document.createElement('span');
        label.className = 'label';
        label.textContent = o.text;
        const bar = document.createElement('span');
        bar.className = 'bar';
        bar.style.width = `${(o.chosen / max) * 100}%`;
        const count = document.createElement('span');
        count.className = 'count';
        count.textContent = String(o.chosen);
        line.append(label, bar, count);
        box.append(line);
      }
      sets.append(box);
    }
    if (ordered.length === 0) sets.textContent = 'No choice made yet.';

    drawGraph(graph, data);
  }

  function total(set) { return set.options.reduce((t, o) => t + o.chosen, 0); }

  function stat(label, value) {
    const div = document.createElement('div');
    div.className = 'stat';
    const v = document.createElement('span');
    v.className = 'value';
    v.textContent = String(value ?? 0);
    const l = document.createElement('span');
    l.className = 'label';
    l.textContent = label;
    div.append(v, l);
    return div;
  }

  function fillPairs(table, pairs, empty) {
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const [k, v] of pairs) body.append(row([k, String(v)]));
    if (pairs.length === 0) body.append(row([empty, '']));
  }

  // ---- the story graph: nodes in layers by BFS depth from the entry, edge width by choices ----
  const svgNs = 'http://www.w3.org/2000/svg';

  function drawGraph(graph, data) {
    const wrap = $('graph');
    if (!graph || !graph.nodes || graph.nodes.length === 0) { wrap.textContent = 'No graph for this story.'; return; }

    // How often each option was chosen, by node and option text (the analytics' option sets).
    const chosenBy = new Map();
    for (const set of data.optionSets || []) {
      for (const o of set.options) {
        const k = `${set.node}\u0000${o.text}`;
        chosenBy.set(k, (chosenBy.get(k) || 0) + o.chosen);
      }
    }
    const edges = graph.edges.map((e) => ({ ...e, chosen: e.text == null ? null : (chosenBy.get(`${e.from}\u0000${e.text}`) || 0) }));
    const maxChosen = Math.max(1, ...edges.map((e) => e.chosen || 0));

    // Layers: BFS from Start (or the first node).
    const ids = graph.nodes.map((n) => n.id);
    const out = new Map(ids.map((id) => [id, []]));
    for (const e of edges) if (out.has(e.from) && out.has(e.to)) out.get(e.from).push(e.to);
    const start = ids.includes('Start') ? 'Start' : ids[0];
    const depth = new Map([[start, 0]]);
    const queue = [start];
    while (queue.length) {
      const id = queue.shift();
      for (const next of out.get(id)) if (!depth.has(next)) { depth.set(next, depth.get(id) + 1); queue.push(next); }
    }
    const maxDepth = Math.max(0, ...depth.values());
    const layers = [];
    for (const id of ids) if (depth.has(id)) (layers[depth.get(id)] = layers[depth.get(id)] || []).push(id);
    // Nodes the probe did not reach from Start: last columns, no taller than the tallest layer.
    const unreachedIds = ids.filter((id) => !depth.has(id));
    const tallest = Math.max(8, ...layers.map((l) => (l ? l.length : 0)));
    for (let i = 0; i < unreachedIds.length; i += tallest) layers.push(unreachedIds.slice(i, i + tallest));
    // Order each layer by the mean position of its parents (one barycentre pass keeps edges short).
    const position = new Map();
    layers.forEach((layer, d) => {
      if (d > 0) {
        const parentsOf = (id) => edges.filter((e) => e.to === id && position.has(e.from)).map((e) => position.get(e.from));
        layer.sort((a, b) => mean(parentsOf(a)) - mean(parentsOf(b)));
      }
      layer.forEach((id, i) => position.set(id, i));
    });

    const colW = 190, rowH = 54, nodeW = 150, nodeH = 30, pad = 20;
    const rows = Math.max(...layers.map((l) => (l ? l.length : 0)));
    const width = pad * 2 + layers.length * colW;
    const height = pad * 2 + rows * rowH;
    const at = new Map();
    layers.forEach((layer, d) => (layer || []).forEach((id, i) => at.set(id, { x: pad + d * colW, y: pad + i * rowH })));

    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Story graph of ${graph.story}: ${ids.length} nodes, ${edges.length} edges`);

    const edgeLayer = document.createElementNS(svgNs, 'g');
    edgeLayer.setAttribute('class', 'edges');
    for (const e of edges) {
      const a = at.get(e.from), b = at.get(e.to);
      if (!a || !b) continue;
      const path = document.createElementNS(svgNs, 'path');
      const x1 = a.x + nodeW, y1 = a.y + nodeH / 2, x2 = b.x, y2 = b.y + nodeH / 2;
      let d;
      if (x2 > x1) {
        const mid = (x1 + x2) / 2;
        d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
      } else {
        // A move back (or within a layer): arc below both nodes.
        const dip = Math.max(y1, y2) + rowH * 0.9;
        d = `M${a.x + nodeW / 2},${a.y + nodeH} C${a.x + nodeW / 2},${dip} ${b.x + nodeW / 2},${dip} ${b.x + nodeW / 2},${b.y + nodeH}`;
      }
      path.setAttribute('d', d);
      const w = e.chosen == null ? 1.2 : 1 + 11 * (e.chosen / maxChosen);
      path.setAttribute('stroke-width', w.toFixed(2));
      path.setAttribute('class', e.text == null ? 'edge jump' : e.chosen ? 'edge chosen' : 'edge unchosen');
      const title = document.createElementNS(svgNs, 'title');
      title.textContent = e.text == null ? `${e.from} → ${e.to} (jump or detour)` : `${e.from} → ${e.to}: "${e.text}" chosen ${e.chosen} time(s)`;
      path.append(title);
      edgeLayer.append(path);
    }
    svg.append(edgeLayer);

    const stopsBy = data.stops || {};
    const endingsBy = data.endingsReached || {};
    const maxStops = Math.max(1, ...Object.values(stopsBy));
    const nodeLayer = document.createElementNS(svgNs, 'g');
    for (const n of graph.nodes) {
      const p = at.get(n.id);
      const g = document.createElementNS(svgNs, 'g');
      g.setAttribute('class', `node${n.isEnding ? ' ending' : ''}${(n.tags || []).includes('death') ? ' death' : ''}${n.id === start ? ' start' : ''}${depth.has(n.id) ? '' : ' unreached'}`);
      g.setAttribute('transform', `translate(${p.x},${p.y})`);
      if (stopsBy[n.id]) {
        const ring = document.createElementNS(svgNs, 'rect');
        const grow = 3 + 7 * (stopsBy[n.id] / maxStops);
        ring.setAttribute('x', String(-grow)); ring.setAttribute('y', String(-grow));
        ring.setAttribute('width', String(nodeW + 2 * grow)); ring.setAttribute('height', String(nodeH + 2 * grow));
        ring.setAttribute('rx', '10');
        ring.setAttribute('class', 'stop-ring');
        g.append(ring);
      }
      const rect = document.createElementNS(svgNs, 'rect');
      rect.setAttribute('width', String(nodeW)); rect.setAttribute('height', String(nodeH)); rect.setAttribute('rx', '7');
      g.append(rect);
      const text = document.createElementNS(svgNs, 'text');
      text.setAttribute('x', String(nodeW / 2)); text.setAttribute('y', String(nodeH / 2 + 4));
      text.setAttribute('text-anchor', 'middle');
      const label = n.section != null ? `${n.section}. ${n.name}` : n.name;
      const extra = endingsBy[n.id] ? ` ★${endingsBy[n.id]}` : '';
      text.textContent = truncate(label, 20 - extra.length) + extra;
      g.append(text);
      const title = document.createElementNS(svgNs, 'title');
      title.textContent = `${n.name}${n.isEnding ? ' (ending)' : ''}${stopsBy[n.id] ? `, ${stopsBy[n.id]} stopped here` : ''}${endingsBy[n.id] ? `, ${endingsBy[n.id]} ended here` : ''}`;
      g.append(title);
      nodeLayer.append(g);
    }
    svg.append(nodeLayer);
    wrap.replaceChildren(svg);
    const unreached = ids.length - depth.size;
    $('graph-note').textContent = `${ids.length} nodes, ${edges.length} edges found by playing the story from Start and each node from the states the probe reached`
      + (unreached ? `; the ${unreached} node(s) it did not reach from Start (dashed) are in the last columns` : '')
      + (graph.truncated ? '; the probe stopped at its step budget, so some edges are missing' : '') + '.';
  }

  function mean(list) { return list.length ? list.reduce((a, b) => a + b, 0) / list.length : Number.MAX_SAFE_INTEGER; }
  function truncate(text, n) { return text.length <= n ? text : `${text.slice(0, Math.max(1, n - 1))}…`; }

  // ---- start: one snapshot first (it shows a clear message when the key is missing), then the stream ----
  (async () => {
    try {
      apply(await getJson(`/api/dashboard?window=${windowSeconds}`));
      connect();
      loadStories().catch((error) => { $('analytics-updated').textContent = `analytics unavailable: ${error.message}`; });
    } catch (error) {
      $('connection').textContent = 'not connected';
      $('connection').dataset.state = 'bad';
      showProblem(error.status === 401 ? `${error.message} Open this page as /dashboard?key=YOUR-KEY.` : error.message);
    }
  })();
})();
