// refnet report page: draws the charts from the page's data block and wires
// up search, filters and switches. Every name in the data is untrusted: it
// only ever reaches the page as text (textContent, option values, canvas
// labels) or through esc() in tooltips.
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('refnet-data').textContent);
  var M = D.map;
  var charts = {};
  var pending = 0;
  // state is what the toolbar asks of the map.
  var state = { min: 0, from: 0, to: Math.max(D.months.length - 1, 0), colour: 'kind', size: 'rank' };
  // window.refnet is the page's small API, for the console and for tests:
  // ready turns true once every chart has finished its first render.
  var api = window.refnet = { ready: false, charts: charts, data: D };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function num(x) {
    return Number(x).toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
  function amount(x) { return num(x) + ' ' + D.unit; }
  function plural(n, word) { return num(n) + ' ' + word + (n === 1 ? '' : 's'); }
  function line(label, value) { return esc(label) + ': <b>' + esc(value) + '</b>'; }

  // ---- tooltips ----------------------------------------------------------

  function mapTip(p) {
    if (p.dataType === 'edge') {
      var l = M.links[p.data.i];
      var a = M.people[l.s].name, b = M.people[l.t].name;
      var parts = ['<b>' + esc(a) + ' → ' + esc(b) + '</b>'];
      var detail = plural(l.n, 'referral');
      if (l.won) { detail += ', ' + num(l.won) + ' won'; }
      if (D.hasValues && l.v) { detail += ', worth ' + num(l.v); }
      parts.push(esc(detail));
      parts.push(l.mutual ? esc('Two-way: ' + b + ' also refers to ' + a)
        : '<span class="tip-oneway">' + esc('One-way: ' + b + ' has not referred ' + a) + '</span>');
      return parts.join('<br>');
    }
    var q = M.people[p.dataIndex];
    var out = ['<b>' + esc(q.name) + '</b>'];
    if (q.company) { out.push(esc(q.company)); }
    out.push(line('Kind', q.kind));
    out.push(line('Given', amount(q.given)));
    out.push(line('Received', amount(q.received)));
    if (q.community >= 0) { out.push(line('Community', q.community + 1)); }
    return out.join('<br>');
  }

  function sourcesTip(p) {
    var s = D.sources[p.dataIndex];
    var out = ['<b>' + esc(s.Name) + '</b>', line('Weight', amount(s.Weight)), line('Referrals', num(s.Count) + ' (' + num(s.Won) + ' won)')];
    if (D.hasValues) { out.push(line('Value', num(s.Value))); }
    return out.join('<br>');
  }

  function balanceTip(p) {
    if (!p.data || !p.name) { return ''; }
    var v = p.data.value;
    return ['<b>' + esc(p.name) + '</b>', line('Gives', amount(v[0])), line('Receives', amount(v[1])),
      line('Referral partners', num(v[2])), line('One-way relationships', num(v[3]) + ' of ' + num(v[2]))].join('<br>');
  }

  function chainTip(p) {
    if (p.dataType === 'edge') {
      var nodes = charts.chain.getOption().series[0].data;
      var byId = {};
      nodes.forEach(function (n) { byId[n.id] = n.name; });
      return '<b>' + esc(byId[p.data.source]) + ' → ' + esc(byId[p.data.target]) + '</b><br>' + esc(amount(p.data.value));
    }
    var d = p.data, where;
    if (d.tier === 0) { where = 'the person this food chain is about'; }
    else if (d.tier === -1) { where = 'sends referrals to ' + D.chainPerson + ' directly'; }
    else if (d.tier < 0) { where = (-d.tier) + ' steps upstream'; }
    else if (d.tier === 1) { where = 'receives referrals from ' + D.chainPerson + ' directly'; }
    else { where = d.tier + ' steps downstream'; }
    var out = ['<b>' + esc(d.name) + '</b>', esc(where)];
    if (d.share >= 0) { out.push(line('Vested interest', Math.round(d.share * 100) + '%')); }
    return out.join('<br>');
  }

  function coverageTip(p) {
    return '<b>' + esc(p.name) + '</b><br>' + esc(p.value === 0 ? 'no active partners: missing' : plural(p.value, 'active partner'));
  }

  function chainLabel(p) {
    var s = p.data.share;
    return p.data.name + (s >= 0 && p.data.tier !== 0 ? '  ' + Math.round(s * 100) + '%' : '');
  }

  // ---- drawing -------------------------------------------------------------

  // baseNodes and baseLinks are the map's full node and link lists, from
  // which the filters and switches build what is drawn.
  var baseNodes = [], baseLinks = [];

  function prepare(id, option) {
    var tips = { map: mapTip, sources: sourcesTip, balance: balanceTip, chain: chainTip, coverage: coverageTip };
    option.tooltip = Object.assign({}, option.tooltip, { confine: true }, tips[id] ? { formatter: tips[id] } : {});
    if (option.toolbox && option.toolbox.feature && option.toolbox.feature.saveAsImage) {
      option.toolbox.feature.saveAsImage.pixelRatio = 2;
    }
    if (id === 'chain') {
      option.series[0].label = Object.assign({}, option.series[0].label, { formatter: chainLabel });
    }
    if (id === 'map') {
      var s = option.series[0];
      var el = document.getElementById('chart-map');
      baseNodes = s.data;
      baseLinks = s.links;
      if (M.positioned) {
        baseNodes = s.data = landscape(baseNodes);
        Object.assign(s, mapBox(baseNodes, el));
      } else {
        // Force layout: start from the positions computed in Go, spread
        // over the chart, so the picture is the same every time.
        var w = el.clientWidth || 900, h = el.clientHeight || 600;
        baseNodes = s.data = baseNodes.map(function (n) {
          return Object.assign({}, n, { x: (n.x / M.layoutSize - 0.5) * 0.8 * w + w / 2, y: (n.y / M.layoutSize - 0.5) * 0.8 * h + h / 2 });
        });
      }
    }
    return option;
  }

  // mapBox returns where a map with fixed positions is drawn: the largest
  // box below the legend and clear of the caption with the layout's own
  // shape, centred. (ECharts scales the nodes with the box, so a box of
  // another shape would draw them as ellipses; for the same reason a force
  // layout gets no box at all.)
  function mapBox(nodes, el) {
    var b = bounds(nodes);
    var top = 56, bottom = 34, side = 40;
    var w = el.clientWidth || 900, h = el.clientHeight || 600;
    var aw = Math.max(w - 2 * side, 10), ah = Math.max(h - top - bottom, 10), room = aw / ah;
    var aspect = b.w > 0 && b.h > 0 ? b.w / b.h : 1;
    var bw = aw, bh = ah;
    if (aspect < room) { bw = ah * aspect; } else { bh = aw / aspect; }
    return { left: side + (aw - bw) / 2, right: side + (aw - bw) / 2, top: top + (ah - bh) / 2, bottom: bottom + (ah - bh) / 2 };
  }

  function bounds(nodes) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    nodes.forEach(function (n) {
      x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x);
      y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
    });
    return { x0: x0, y0: y0, w: x1 - x0, h: y1 - y0 };
  }

  // landscape turns a layout taller than wide by a quarter turn: the chart
  // is wide, and a turned layout shows the same network.
  function landscape(nodes) {
    var b = bounds(nodes);
    if (!(b.h > b.w)) { return nodes; }
    return nodes.map(function (n) { return Object.assign({}, n, { x: n.y, y: b.w - (n.x - b.x0) }); });
  }

  function markReady() {
    pending--;
    if (pending === 0) {
      api.ready = true;
      document.body.setAttribute('data-ready', '1');
    }
  }

  Object.keys(D.charts).sort().forEach(function (id) {
    var el = document.getElementById('chart-' + id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    charts[id] = chart;
    pending++;
    var done = false;
    chart.on('finished', function () {
      if (done) { return; }
      // ECharts ignores setOption while it is still inside a render, so
      // the freeze waits for the next turn.
      if (id === 'map' && !M.positioned) { setTimeout(freezeMap, 0); return; }
      done = true;
      markReady();
    });
    chart.setOption(prepare(id, D.charts[id]));
  });
  D.chainPerson = (D.charts.chain && D.charts.chain.series[0].data.filter(function (n) { return n.tier === 0; }).map(function (n) { return n.name; })[0]) || '';

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });

  // ---- find ------------------------------------------------------------------

  var status = document.getElementById('status');
  var list = document.getElementById('people-list');
  M.people.forEach(function (p) {
    var o = document.createElement('option');
    o.value = p.name;
    list.appendChild(o);
  });

  // find looks a person up by name (exact, then partial, ignoring case),
  // highlights them with their neighbours, centres and zooms the map on
  // them and shows their details. It returns the node index, or -1.
  function find(query) {
    var q = String(query).trim().toLowerCase();
    var chart = charts.map;
    if (!q || !chart) { return -1; }
    var idx = -1, i;
    for (i = 0; i < M.people.length && idx < 0; i++) {
      if (M.people[i].name.toLowerCase() === q) { idx = i; }
    }
    for (i = 0; i < M.people.length && idx < 0; i++) {
      if (M.people[i].name.toLowerCase().indexOf(q) >= 0) { idx = i; }
    }
    if (idx < 0) {
      status.textContent = 'No one on the map matches "' + String(query).trim() + '".';
      return -1;
    }
    chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
    centre(idx, 1.6);
    chart.dispatchAction({ type: 'highlight', seriesIndex: 0, dataIndex: idx });
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: idx });
    status.textContent = 'Showing ' + M.people[idx].name + ' and their referral partners.';
    return idx;
  }

  // freezeMap keeps the positions the browser's force layout found and
  // turns the layout off: from then on the map is drawn from fixed
  // positions, fitted into the chart below the legend, and searching,
  // filtering and switching never make it re-run (and move everyone).
  function freezeMap() {
    var chart = charts.map;
    if (M.positioned) { return; }
    var data = chart.getModel().getSeriesByIndex(0).getData();
    baseNodes = landscape(baseNodes.map(function (n, i) {
      var xy = data.getItemLayout(i);
      return xy && isFinite(xy[0]) && isFinite(xy[1]) ? Object.assign({}, n, { x: xy[0], y: xy[1] }) : n;
    }));
    M.positioned = true;
    chart.setOption({ series: [Object.assign({ id: 'map', layout: 'none', data: currentNodes() }, mapBox(baseNodes, chart.getDom()))] });
  }

  // centre moves the map so node idx is in the middle, zoomed by factor.
  // (ECharts' graphRoam action only updates the model, not the picture, so
  // the page sets the series' center and zoom, which redraws.)
  function centre(idx, factor) {
    var chart = charts.map;
    var xy = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(idx);
    if (!xy || !M.positioned) { return; }
    var zoom = chart.getOption().series[0].zoom || 1;
    chart.setOption({ series: [{ id: 'map', center: [baseNodes[idx].x, baseNodes[idx].y], zoom: zoom * (factor || 1) }] });
  }

  var findBox = document.getElementById('find');
  findBox.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); find(findBox.value); } });
  findBox.addEventListener('change', function () { find(findBox.value); });

  // ---- filters and switches -----------------------------------------------------


  function monthIndex(v) { return D.months.indexOf(v); }

  // visibleLinks applies the minimum and the date range to the map's links.
  // With dated referrals the filters work referral by referral; otherwise on
  // whole links.
  function visibleLinks() {
    var ranged = state.from > 0 || state.to < D.months.length - 1;
    var out = [];
    M.links.forEach(function (l, i) {
      var n = 0, v = 0;
      if (M.hasEvents && (l.ev || ranged)) {
        (l.ev || []).forEach(function (e) {
          if (e[0] < state.from || e[0] > state.to) { return; }
          if (D.hasValues && e[1] < state.min) { return; }
          n++; v += e[1];
        });
        if (!l.ev && !ranged) { n = l.n; }
      } else {
        n = l.n; v = l.v;
        if (D.hasValues && v < state.min) { n = 0; }
      }
      if (!D.hasValues && n < state.min) { n = 0; }
      if (n > 0) { out.push(baseLinks[i]); }
    });
    return out;
  }

  function currentNodes() {
    var cat = state.colour === 'community' ? M.commIndex : M.kindIndex;
    var size = state.size === 'strength' ? M.sizeStrength : M.sizeRank;
    return baseNodes.map(function (n, i) {
      return Object.assign({}, n, { category: cat[i], symbolSize: size[i] });
    });
  }

  function update() {
    var chart = charts.map;
    if (!chart) { return; }
    var cats = state.colour === 'community' ? M.byCommunity : M.byKind;
    var links = visibleLinks();
    chart.setOption({
      legend: [{ data: cats.map(function (c) { return c.name; }) }],
      series: [{ id: 'map', categories: cats, data: currentNodes(), links: links }]
    });
    var hidden = M.links.length - links.length;
    status.textContent = hidden ? 'Showing ' + num(links.length) + ' of ' + num(M.links.length) + ' links; ' + num(hidden) + ' hidden by the filters.' : '';
  }

  function on(id, ev, fn) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener(ev, fn); }
    return el;
  }
  on('min-value', 'input', function (e) { state.min = Math.max(Number(e.target.value) || 0, 0); update(); });
  on('date-from', 'change', function (e) { var i = monthIndex(e.target.value); state.from = i < 0 ? 0 : i; update(); });
  on('date-to', 'change', function (e) { var i = monthIndex(e.target.value); state.to = i < 0 ? D.months.length - 1 : i; update(); });
  on('colour-by', 'change', function (e) { state.colour = e.target.value; update(); });
  on('size-by', 'change', function (e) { state.size = e.target.value; update(); });
  on('reset', 'click', function () {
    state = { min: 0, from: 0, to: Math.max(D.months.length - 1, 0), colour: 'kind', size: 'rank' };
    ['min-value', 'date-from', 'date-to', 'colour-by', 'size-by', 'find'].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.value = el.defaultValue !== undefined && el.tagName === 'INPUT' ? el.defaultValue : el.options[0].value; }
    });
    update();
    status.textContent = '';
    Object.keys(charts).forEach(function (id) { charts[id].dispatchAction({ type: 'restore' }); });
  });

  Object.assign(api, {
    find: find,
    filter: function (min, from, to) {
      state.min = min || 0;
      if (from !== undefined) { state.from = from; }
      if (to !== undefined) { state.to = to; }
      update();
      return charts.map.getOption().series[0].links.length;
    },
    colourBy: function (mode) { state.colour = mode; update(); },
    sizeBy: function (mode) { state.size = mode; update(); }
  });
  if (pending === 0) { api.ready = true; document.body.setAttribute('data-ready', '1'); }
})();
