// refnet report page: draws the charts from the page's data block and wires
// up search, filters and switches. Every name in the data is untrusted: it
// only ever reaches the page as text (textContent, option values, canvas
// labels) or through esc() in tooltips.
(function () {
  'use strict';

  // timings are milliseconds since navigation at which the page reached
  // its steps (for the map benchmark).
  var timings = { start: performance.now() };
  var D = JSON.parse(document.getElementById('refnet-data').textContent);
  timings.parsed = performance.now();
  // M is the ECharts map's data; a large map comes as S instead, in
  // columns, and is drawn with sigma.js (see "the large map" below).
  var M = D.map, S = D.sigmaMap;
  var charts = {};
  var pending = 0;
  // state is what the toolbar asks of the map.
  var state = { min: 0, from: 0, to: Math.max(D.months.length - 1, 0), colour: 'kind', size: 'rank' };
  // window.refnet is the page's small API, for the console and for tests:
  // ready turns true once every chart has finished its first render.
  var api = window.refnet = { ready: false, charts: charts, data: D, map: null, timings: timings };

  var measure = document.createElement('canvas').getContext('2d');
  function textWidth(s, font) { measure.font = font; return measure.measureText(s).width; }

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
  // pct formats a share as output.FormatPercent does in Go: whole percents
  // from 10%, one decimal from 1%, two below, "<0.01%" for a sliver.
  function pct(x) {
    var p = Math.abs(x * 100), s;
    if (p === 0) { return '0%'; }
    if (p >= 9.95) { s = String(Math.round(p)); }
    else if (p >= 0.995) { s = p.toFixed(1).replace(/\.0$/, ''); }
    else if (p >= 0.005) { s = p.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''); }
    else { s = '<0.01'; }
    return (x < 0 ? '-' : '') + s + '%';
  }

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
    return personTip(M.people[p.dataIndex]);
  }

  // personTip is the tooltip of a person on the map (either renderer).
  function personTip(q) {
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
    if (d.share >= 0 && d.tier < 0) { out.push(line('Share of ' + D.chainPerson + "'s income credited to them", pct(d.share))); }
    else if (d.share >= 0 && d.tier > 0) { out.push(line('Share of their income credited to ' + D.chainPerson, pct(d.share))); }
    return out.join('<br>');
  }

  function coverageTip(p) {
    return '<b>' + esc(p.name) + '</b><br>' + esc(p.value === 0 ? 'no active partners: missing' : plural(p.value, 'active partner'));
  }

  // The chapter heatmaps list members top-down, the y axis bottom-up:
  // value [column, reversed row, count].
  function matrixPair(p) {
    var ms = D.chapter.members, v = p.data.value || p.value;
    return [ms[ms.length - 1 - v[1]], ms[v[0]], v[2]];
  }
  function refMatrixTip(p) {
    var m = matrixPair(p);
    return '<b>' + esc(m[0]) + ' → ' + esc(m[1]) + '</b><br>' + esc(plural(m[2], 'referral'));
  }
  function metMatrixTip(p) {
    var m = matrixPair(p);
    return '<b>' + esc(m[0]) + ' and ' + esc(m[1]) + '</b><br>' + esc(plural(m[2], 'one-to-one'));
  }
  function closedTip(ps) {
    var p = [].concat(ps)[0];
    var v = D.chapter.closed === 'count' ? plural(p.value, 'thank-you') : num(p.value) + ' closed business';
    return '<b>' + esc(p.name) + '</b><br>' + esc(v);
  }

  // NARROW is the chart width (pixels) below which the food chain stands
  // upright (its tiers become rows, its names run down the page) and other
  // charts make room for their texts: a phone's.
  var NARROW = 540;

  // chainShape is how the food chain is drawn in chart el at the page's
  // width: left to right with names beside the bars, or, on a phone, top
  // to bottom with each name running down from its bar, cut short before
  // the next row (the whole name is in the tooltip). ECharts hides names
  // that would still overlap (labelLayout).
  function chainShape(el) {
    if ((el.clientWidth || 900) >= NARROW) {
      return { orient: 'horizontal', left: 24, right: 150, top: 28, bottom: 36,
        label: { position: 'right', rotate: 0, align: null, verticalAlign: null, fontSize: 12, width: null, overflow: 'none' } };
    }
    var tiers = 0;
    (D.charts.chain.series[0].data || []).forEach(function (n) { tiers = Math.max(tiers, n.depth + 1); });
    var gap = ((el.clientHeight || 840) - 40 - 170) / Math.max(tiers - 1, 1);
    return { orient: 'vertical', left: 16, right: 16, top: 40, bottom: 170,
      label: { position: 'bottom', rotate: -90, align: 'left', verticalAlign: 'middle', fontSize: 11, width: Math.max(gap - 24, 40), overflow: 'truncate' } };
  }

  function chainLabel(p) {
    var s = p.data.share;
    return p.data.name + (s >= 0 && p.data.tier !== 0 ? '  ' + pct(s) : '');
  }

  // ---- drawing -------------------------------------------------------------

  // baseNodes and baseLinks are the map's node and link lists as drawn
  // (positions fitted to the chart, names placed), from which the filters
  // and switches build what is shown.
  var baseNodes = [], baseLinks = [], goNodes = [];

  function prepare(id, option) {
    var tips = { map: mapTip, sources: sourcesTip, balance: balanceTip, chain: chainTip, coverage: coverageTip,
      refmatrix: refMatrixTip, metmatrix: metMatrixTip, closed: closedTip };
    option.tooltip = Object.assign({}, option.tooltip, { confine: true }, tips[id] ? { formatter: tips[id] } : {});
    if (option.toolbox && option.toolbox.feature && option.toolbox.feature.saveAsImage) {
      option.toolbox.feature.saveAsImage.pixelRatio = 2;
    }
    fitSmall(id, option, document.getElementById('chart-' + id));
    if (id === 'sources') {
      // Bar values read as numbers for people: 144,300, not 144300.
      option.series[0].label = Object.assign({}, option.series[0].label, {
        formatter: function (p) { return Number(p.value).toLocaleString('en-US', { maximumFractionDigits: 0 }); }
      });
    }
    if (id === 'chain') {
      var shape = chainShape(document.getElementById('chart-chain'));
      shape.label = Object.assign({}, option.series[0].label, { formatter: chainLabel }, shape.label);
      shape.labelLayout = { hideOverlap: true };
      Object.assign(option.series[0], shape);
    }
    if (id === 'map') {
      var s = option.series[0];
      // Names stay legible over the arrows.
      s.label = Object.assign({}, s.label, { textBorderColor: '#ffffff', textBorderWidth: 2 });
      goNodes = s.data;
      baseLinks = s.links;
      Object.assign(s, layMap(document.getElementById('chart-map')));
      s.data = currentNodes();
    }
    return option;
  }

  // fitSmall adapts any chart to a small screen: axis labels that would
  // pile up are thinned out, the legend leaves room for the toolbox, a
  // colour scale shrinks to stay clear of it, and a caption wider than the
  // chart wraps onto a second line (with the room below the chart grown to
  // match).
  function fitSmall(id, option, el) {
    var W = el.clientWidth || 900;
    if (id === 'map') { mapBottom = MAP_BOTTOM; }
    ['xAxis', 'yAxis'].forEach(function (k) {
      [].concat(option[k] || []).forEach(function (a) { a.axisLabel = Object.assign({ hideOverlap: true }, a.axisLabel); });
    });
    [].concat(option.legend || []).forEach(function (l) {
      l.width = Math.max(W - (Number(l.left) || 0) - 80, 60);
      if (W < NARROW) { l.type = 'scroll'; } // one line, clear of the axis names
    });
    if (W < NARROW) {
      [].concat(option.visualMap || []).forEach(function (v) {
        if (v.orient === 'horizontal') { Object.assign(v, { left: 4, itemHeight: Math.min(140, W - 220) }); }
      });
    }
    [].concat(option.title || []).forEach(function (t) {
      var ts = t.textStyle || {};
      if (textWidth(String(t.text || ''), (ts.fontSize || 11) + 'px sans-serif') <= W - 20) { return; }
      t.textStyle = Object.assign({}, ts, { width: W - 20, overflow: 'break', lineHeight: 13 });
      [].concat(option.grid || []).forEach(function (g) { g.bottom = (Number(g.bottom) || 0) + 20; });
      if (id === 'map') { mapBottom = MAP_BOTTOM + 14; }
    });
  }

  // ---- the map's drawing and names -----------------------------------------

  // The map's drawing area: below the legend, above the caption, off the
  // sides (pixels). Names stay below the legend too.
  var MAP_TOP = 40, MAP_BOTTOM = 26, MAP_SIDE = 10, mapBottom = MAP_BOTTOM;
  var LABEL_GAP = 5; // ECharts' distance between a dot and its name


  // layMap fits the positions computed in Go to the chart element el
  // (stretched to fill the drawing area, turned a quarter if the chart is
  // taller than wide), pushes apart dots whose names would collide, and
  // chooses which names to show and on which side of their dot. It sets
  // baseNodes and returns the series' box, chosen so that ECharts draws
  // the positions at exactly these pixels.
  function layMap(el) {
    var W = el.clientWidth || 900, H = el.clientHeight || 600;
    var size = state.size === 'strength' ? M.sizeStrength : M.sizeRank;
    var tall = H > W * 1.1;
    var pts = goNodes.map(function (n, i) {
      var lab = n.label || {}, fs = lab.fontSize || 11;
      return { x: tall ? n.y : n.x, y: tall ? n.x : n.y, r: size[i] / 2, h: fs + 3,
        w: textWidth(n.name, (lab.fontWeight === 'bold' ? 'bold ' : '') + fs + 'px sans-serif') };
    });
    var box = { x0: MAP_SIDE, x1: W - MAP_SIDE, y0: MAP_TOP, y1: H - mapBottom };
    fitAxis(pts, 'x', 'r', box.x0, box.x1);
    fitAxis(pts, 'y', 'r', box.y0, box.y1);
    spread(pts, box);
    var sides = placeNames(pts, { x0: 0, x1: W, y0: MAP_TOP - 10, y1: H - mapBottom + 8 });
    baseNodes = goNodes.map(function (n, i) {
      var label = Object.assign({}, n.label, { show: sides[i] !== '', position: sides[i] || 'right' });
      // ECharts copies an item's label.show into its emphasis: say that
      // pointing at the dot shows the name.
      return Object.assign({}, n, { x: Math.round(pts[i].x * 10) / 10, y: Math.round(pts[i].y * 10) / 10, label: label,
        emphasis: { label: { show: true, position: label.position } } });
    });
    var b = bounds(baseNodes);
    if (!(b.w > 0)) { b.x0 -= 1; b.w = 2; }
    if (!(b.h > 0)) { b.y0 -= 1; b.h = 2; }
    return { left: b.x0, top: b.y0, right: W - b.x0 - b.w, bottom: H - b.y0 - b.h, center: null, zoom: 1 };
  }

  // fitAxis maps the points' coordinate k linearly onto [lo, hi], as
  // large as it can be with every dot (radius in key r) inside.
  function fitAxis(pts, k, r, lo, hi) {
    var i, j, scale = Infinity, a = -Infinity;
    for (i = 0; i < pts.length; i++) {
      for (j = 0; j < pts.length; j++) {
        var d = pts[j][k] - pts[i][k];
        if (d > 0) { scale = Math.min(scale, (hi - lo - pts[i][r] - pts[j][r]) / d); }
      }
    }
    if (!isFinite(scale) || scale <= 0) { // one point, or all in a line
      pts.forEach(function (p) { p[k] = (lo + hi) / 2; });
      return;
    }
    pts.forEach(function (p) { a = Math.max(a, lo + p[r] - scale * p[k]); });
    pts.forEach(function (p) { p[k] = a + scale * p[k]; });
  }

  // nameBox is where point p's name goes on side (right, left, top or
  // bottom of its dot), padded by pad pixels.
  function nameBox(p, side, pad) {
    var x, y;
    if (side === 'right') { x = p.x + p.r + LABEL_GAP; y = p.y - p.h / 2; }
    else if (side === 'left') { x = p.x - p.r - LABEL_GAP - p.w; y = p.y - p.h / 2; }
    else if (side === 'top') { x = p.x - p.w / 2; y = p.y - p.r - LABEL_GAP - p.h; }
    else { x = p.x - p.w / 2; y = p.y + p.r + LABEL_GAP; }
    return { x0: x - pad, y0: y - pad, x1: x + p.w + pad, y1: y + p.h + pad };
  }
  function dotBox(p, pad) { return { x0: p.x - p.r - pad, y0: p.y - p.r - pad, x1: p.x + p.r + pad, y1: p.y + p.r + pad }; }
  function hit(a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

  // spread pushes apart, for a few rounds, dots that overlap, counting with
  // its name on the right each of the first people of LabelOrder whose
  // names take up to a fifth of the area: the dense middle of a network
  // opens up enough to name its most central people. Everyone stays in
  // the box.
  function spread(pts, box) {
    var room = (box.x1 - box.x0) * (box.y1 - box.y0) / 5, named = {};
    M.labelOrder.forEach(function (i) {
      var p = pts[i], a = (p.w + 2 * p.r + LABEL_GAP) * Math.max(p.h, 2 * p.r);
      if (room >= a) { named[i] = true; room -= a; }
    });
    var rect = function (i) {
      var p = pts[i];
      if (!named[i]) { return dotBox(p, 3); }
      return { x0: p.x - p.r - 3, x1: p.x + p.r + LABEL_GAP + p.w + 3, y0: p.y - Math.max(p.r, p.h / 2) - 3, y1: p.y + Math.max(p.r, p.h / 2) + 3 };
    };
    for (var round = 0; round < 80; round++) {
      var moved = false;
      for (var i = 0; i < pts.length; i++) {
        for (var j = i + 1; j < pts.length; j++) {
          var a = rect(i), b = rect(j);
          if (!hit(a, b)) { continue; }
          var ox = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), oy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
          var p = pts[i], q = pts[j];
          if (ox < oy) {
            var sx = p.x < q.x || (p.x === q.x && i < j) ? -1 : 1;
            p.x += sx * ox / 2; q.x -= sx * ox / 2;
          } else {
            var sy = p.y < q.y || (p.y === q.y && i < j) ? -1 : 1;
            p.y += sy * oy / 2; q.y -= sy * oy / 2;
          }
          moved = true;
        }
      }
      pts.forEach(function (p) {
        p.x = Math.min(Math.max(p.x, box.x0 + p.r), box.x1 - p.r);
        p.y = Math.min(Math.max(p.y, box.y0 + p.r), box.y1 - p.r);
      });
      if (!moved) { break; }
    }
  }

  // placeNames gives each person in LabelOrder the first side of their dot
  // where their name fits in the box without touching another name or
  // another dot; '' means the name is only shown on hover. The focus
  // person is always named.
  function placeNames(pts, box) {
    var sides = pts.map(function () { return ''; }), placed = [];
    var inside = function (r) { return r.x0 >= box.x0 && r.x1 <= box.x1 && r.y0 >= box.y0 && r.y1 <= box.y1; };
    M.labelOrder.forEach(function (i, rank) {
      var p = pts[i];
      var ok = ['right', 'left', 'top', 'bottom'].filter(function (side) {
        var r = nameBox(p, side, 2);
        if (!inside(r)) { return false; }
        for (var k = 0; k < placed.length; k++) { if (hit(r, placed[k])) { return false; } }
        for (var j = 0; j < pts.length; j++) { if (j !== i && hit(r, dotBox(pts[j], 0))) { return false; } }
        return true;
      })[0];
      if (!ok && rank === 0 && goNodes[i].label) { ok = 'right'; } // the focus person
      if (ok) { sides[i] = ok; placed.push(nameBox(p, ok, 2)); }
    });
    return sides;
  }

  function bounds(nodes) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    nodes.forEach(function (n) {
      x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x);
      y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
    });
    return { x0: x0, y0: y0, w: x1 - x0, h: y1 - y0 };
  }

  function markReady() {
    pending--;
    if (pending === 0) {
      timings.ready = performance.now();
      api.ready = true;
      document.body.setAttribute('data-ready', '1');
    }
  }

  // ---- the large map (sigma.js) ----------------------------------------------

  // drawSigma draws a large map (S) with sigma.js and graphology: the
  // positions computed in Go (y turned up, as sigma's axis runs), dots
  // coloured and sized as the ECharts map's, one-way links orange and
  // two-way ones grey, thin and translucent. It sets api.map, through which
  // the search, the filters, the switches and the legend work, and counts
  // as ready after sigma's first frame.
  function drawSigma() {
    var el = document.getElementById('chart-map');
    if (!el || typeof Sigma === 'undefined') { return; }
    var n = S.names.length, L = S.links.length / 2, i, j;
    var graph = new graphology.DirectedGraph({ allowSelfLoops: true, multi: false });
    for (i = 0; i < n; i++) {
      graph.addNode(String(i), { i: i, x: S.xy[2 * i], y: -S.xy[2 * i + 1], label: S.names[i] });
    }
    for (j = 0; j < L; j++) {
      graph.addDirectedEdgeWithKey(String(j), String(S.links[2 * j]), String(S.links[2 * j + 1]), { i: j });
    }
    timings.graph = performance.now();
    var near = new Uint8Array(n);
    (S.near || []).forEach(function (k) { near[k] = 1; });
    // m is the map's state: links the filters show, categories the legend
    // hides, the person found and their partners.
    var m = { shown: new Uint8Array(L).fill(1), off: {}, selected: -1, partners: null };
    var alpha = Math.min(0.5, Math.max(0.08, 40 / Math.sqrt(Math.max(L, 1))));
    var maxW = 0;
    (S.weight || []).forEach(function (w) { maxW = Math.max(maxW, w); });
    // Dot radii: the ECharts sizes' range mapped onto a smaller one on a
    // crowded map.
    var rMin = n > 20000 ? 0.8 : 1.2, rMax = n > 20000 ? 9 : 8;
    function radius(i) {
      var s = state.size === 'strength' ? S.sizeStrength : S.sizeRank, lo = Infinity, hi = -Infinity;
      if (!radius.range || radius.mode !== state.size) {
        s.forEach(function (x) { lo = Math.min(lo, x); hi = Math.max(hi, x); });
        radius.range = [lo, hi]; radius.mode = state.size;
      }
      var r = radius.range, f = r[1] > r[0] ? (s[i] - r[0]) / (r[1] - r[0]) : 0.3;
      return rMin + f * (rMax - rMin);
    }
    function cats() { return state.colour === 'community' && S.byCommunity ? S.byCommunity : S.byKind; }
    function catOf(i) { return (state.colour === 'community' && S.byCommunity ? S.commIndex : S.kind)[i]; }
    function faded(hex) { // the colour seen at 30% opacity on white
      var v = parseInt(hex.slice(1), 16), c = [v >> 16, (v >> 8) & 255, v & 255];
      return 'rgb(' + c.map(function (x) { return Math.round(255 - 0.3 * (255 - x)); }).join(',') + ')';
    }
    // paint computes every dot's colour, faded colour and size for the
    // switches' current state, so that the reducers only look them up.
    var colour = new Array(n), fade = new Array(n), size = new Float32Array(n), off = new Uint8Array(n);
    function paint() {
      var cs = cats(), fadedOf = cs.map(function (c) { return faded(c.itemStyle.color); });
      for (var i = 0; i < n; i++) {
        var k = catOf(i);
        colour[i] = cs[k].itemStyle.color; fade[i] = fadedOf[k]; size[i] = radius(i); off[i] = m.off[k] ? 1 : 0;
      }
    }
    paint();
    // Link colours by shade (0 plain, 1 away from the focus person, 2 of
    // the person found) and kind (one-way orange, two-way grey). sigma
    // blends premultiplied colours: the channels are scaled by the
    // opacity here.
    function rgba(c, a) { return 'rgba(' + c.map(function (x) { return Math.round(x * a); }).join(',') + ',' + a + ')'; }
    var ONE_WAY = [224, 123, 57], TWO_WAY = [125, 138, 156];
    var edgeColour = [[rgba(ONE_WAY, alpha), rgba(TWO_WAY, alpha * 0.7)],
      [rgba(ONE_WAY, alpha / 3), rgba(TWO_WAY, alpha * 0.7 / 3)],
      [rgba(ONE_WAY, 0.8), rgba(TWO_WAY, 0.8)]];

    var renderer;
    try {
      renderer = new Sigma(graph, el, {
        allowInvalidContainer: true,
        // One-pixel lines and WebGL points: software WebGL (headless
        // browsers, machines without a GPU) draws them many times faster
        // than sigma's rectangles and circles (76k dots: 0.2 s a frame
        // instead of 2.5 s).
        defaultEdgeType: 'line',
        edgeProgramClasses: { line: sigmaPrograms.EdgeLineProgram },
        nodeProgramClasses: { circle: sigmaPrograms.NodePointProgram },
        hideEdgesOnMove: L > 50000,
        renderEdgeLabels: false,
        enableEdgeEvents: false,
        labelRenderedSizeThreshold: 7,
        labelDensity: 0.5,
        labelFont: 'sans-serif',
        labelSize: 11,
        labelColor: { color: '#33404f' },
        zIndex: true,
        nodeReducer: function (key, a) {
          var i = a.i;
          var d = { x: a.x, y: a.y, label: a.label, size: size[i], color: colour[i], zIndex: 1 };
          if (off[i]) { d.hidden = true; return d; }
          if (m.selected >= 0) {
            if (i === m.selected) { d.highlighted = true; d.forceLabel = true; d.zIndex = 3; d.size = Math.max(d.size * 1.5, 6); }
            else if (m.partners.has(key)) { d.zIndex = 2; d.forceLabel = m.partners.size <= 30; }
            else { d.color = fade[i]; d.label = null; d.zIndex = 0; }
          } else if (S.focus >= 0) {
            if (i === S.focus) { d.forceLabel = true; d.highlighted = true; d.zIndex = 3; d.size = Math.max(d.size * 1.5, 6); }
            else if (!near[i]) { d.color = fade[i]; d.zIndex = 0; }
          }
          return d;
        },
        edgeReducer: function (key, a) {
          var j = a.i, s = S.links[2 * j], t = S.links[2 * j + 1], shade = 0;
          if (!m.shown[j] || off[s] || off[t]) { return { hidden: true }; }
          if (m.selected >= 0) {
            if (s !== m.selected && t !== m.selected) { return { hidden: true }; }
            shade = 2;
          } else if (S.focus >= 0 && s !== S.focus && t !== S.focus) {
            shade = 1;
          }
          return { size: S.weight ? 0.5 + 2 * Math.sqrt(Math.max(S.weight[j], 0) / maxW) : 1, color: edgeColour[shade][S.mutual.charCodeAt(j) === 49 ? 1 : 0] };
        }
      });
    } catch (err) {
      // No WebGL (an old browser, or turned off): say so; the rest of
      // the page works.
      var p = document.createElement('p');
      p.className = 'note';
      p.textContent = 'This map of ' + num(n) + ' people needs WebGL, which this browser does not offer (' + String(err && err.message || err) + ').';
      el.appendChild(p);
      return;
    }

    // Tooltips: hovering a dot shows the person's details, as text.
    var tip = document.createElement('div');
    tip.className = 'map-tip';
    tip.hidden = true;
    el.appendChild(tip);
    function person(i) {
      return { name: S.names[i], company: S.companies ? S.companies[i] : '', kind: S.byKind[S.kind[i]].name,
        given: S.given[i], received: S.received[i], community: S.community[i] };
    }
    function showTip(i) {
      var p = renderer.graphToViewport(graph.getNodeAttributes(String(i)));
      tip.innerHTML = personTip(person(i));
      tip.hidden = false;
      tip.style.left = Math.min(Math.max(p.x + 12, 0), Math.max(el.clientWidth - tip.offsetWidth - 4, 0)) + 'px';
      tip.style.top = Math.min(Math.max(p.y + 12, 0), Math.max(el.clientHeight - tip.offsetHeight - 4, 0)) + 'px';
    }
    renderer.on('enterNode', function (e) { showTip(Number(e.node)); });
    renderer.on('leaveNode', function () { tip.hidden = true; });
    if (D.personLink && S.ids) {
      renderer.on('clickNode', function (e) {
        var id = S.ids[Number(e.node)];
        if (id) { window.location.href = D.personLink + encodeURIComponent(id); }
      });
    }

    // The legend: one button per colour; a click hides or shows it.
    var legend = document.getElementById('map-legend');
    function drawLegend() {
      if (!legend) { return; }
      legend.textContent = '';
      cats().forEach(function (c, k) {
        var b = document.createElement('button'), sw = document.createElement('span');
        b.type = 'button';
        b.setAttribute('aria-pressed', m.off[k] ? 'false' : 'true');
        sw.className = 'swatch';
        sw.style.background = c.itemStyle.color;
        b.appendChild(sw);
        b.appendChild(document.createTextNode(c.name));
        b.addEventListener('click', function () { m.off[k] = !m.off[k]; drawLegend(); paint(); renderer.refresh(); });
        legend.appendChild(b);
      });
    }
    var mode = state.colour;

    api.sigma = renderer;
    api.graph = graph;
    api.map = {
      state: m,
      // select highlights person i with their partners and centres the map
      // on them, zoomed in.
      select: function (i) {
        m.selected = i;
        m.partners = new Set(graph.neighbors(String(i)));
        renderer.refresh();
        var d = renderer.getNodeDisplayData(String(i)), cam = renderer.getCamera();
        cam.setState({ x: d.x, y: d.y, ratio: Math.min(cam.ratio / 1.6, 0.35) });
        showTip(i);
      },
      // update applies the filters and switches.
      update: function () {
        if (state.colour !== mode) { mode = state.colour; m.off = {}; drawLegend(); }
        paint();
        var ranged = isRanged(), hasEv = !!S.evStart, shown = 0;
        for (var j = 0; j < L; j++) {
          var ev = null;
          if (hasEv && S.evStart[j] < S.evStart[j + 1]) {
            ev = [];
            for (var k = S.evStart[j]; k < S.evStart[j + 1]; k++) { ev.push([S.ev[3 * k], S.ev[3 * k + 1], S.ev[3 * k + 2]]); }
          }
          m.shown[j] = linkShown(S.count ? S.count[j] : 1, S.value ? S.value[j] : 0, ev, hasEv, ranged) ? 1 : 0;
          shown += m.shown[j];
        }
        renderer.refresh();
        status.textContent = shown < L ? 'Showing ' + num(shown) + ' of ' + num(L) + ' links; ' + num(L - shown) + ' hidden by the filters.' : '';
      },
      linksShown: function () { var c = 0; for (var j = 0; j < L; j++) { c += m.shown[j]; } return c; },
      reset: function () {
        m.selected = -1; m.partners = null; m.off = {}; tip.hidden = true;
        paint();
        renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
        drawLegend();
      }
    };
    drawLegend();
    timings.sigma = performance.now();
    pending++;
    renderer.once('afterRender', function () { timings.mapDrawn = performance.now(); markReady(); });
    renderer.refresh();
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
      done = true;
      timings[id] = performance.now();
      markReady();
    });
    chart.setOption(prepare(id, D.charts[id]));
  });
  if (S) { drawSigma(); }
  // A served report opens a person's page when their dot is clicked.
  if (D.personLink && charts.map) {
    charts.map.on('click', function (p) {
      var who = p.dataType === 'node' && M.people[p.dataIndex];
      if (who && who.id) { window.location.href = D.personLink + encodeURIComponent(who.id); }
    });
  }
  D.chainPerson = (D.charts.chain && D.charts.chain.series[0].data.filter(function (n) { return n.tier === 0; }).map(function (n) { return n.name; })[0]) || '';

  // A new size redraws every chart from the page's data, fitted to it (the
  // map's names placed again, the food chain turned, captions wrapped),
  // then applies the toolbar's filters and switches again.
  var redrawing = 0;
  window.addEventListener('resize', function () {
    clearTimeout(redrawing);
    redrawing = setTimeout(function () {
      var fresh = JSON.parse(document.getElementById('refnet-data').textContent).charts;
      Object.keys(charts).forEach(function (id) {
        charts[id].resize();
        charts[id].setOption(prepare(id, fresh[id]), true);
      });
      update();
    }, 50);
  });

  // ---- find ------------------------------------------------------------------

  var status = document.getElementById('status');
  var list = document.getElementById('people-list');
  mapSuggestions().forEach(function (name) {
    var o = document.createElement('option');
    o.value = name;
    list.appendChild(o);
  });

  // mapNames lists the names of the people on the map, by node index.
  function mapNames() { return S ? S.names : (M ? M.people.map(function (p) { return p.name; }) : []); }

  // mapSuggestions are the names the search box offers: everyone on an
  // ECharts map, the SUGGEST most central people of a large one (the
  // search itself looks at everyone).
  var SUGGEST = 1000;
  function mapSuggestions() {
    var names = mapNames();
    if (!S || names.length <= SUGGEST) { return names; }
    var idx = names.map(function (_, i) { return i; });
    idx.sort(function (a, b) { return S.sizeRank[b] - S.sizeRank[a] || a - b; });
    return idx.slice(0, SUGGEST).map(function (i) { return names[i]; });
  }

  // find looks a person up by name (exact, then partial, ignoring case),
  // highlights them with their neighbours, centres and zooms the map on
  // them and shows their details. It returns the node index, or -1.
  function find(query) {
    var q = String(query).trim().toLowerCase();
    var chart = charts.map;
    if (!q || !(chart || api.map)) { return -1; }
    var names = mapNames(), idx = -1, i;
    for (i = 0; i < names.length && idx < 0; i++) {
      if (names[i].toLowerCase() === q) { idx = i; }
    }
    for (i = 0; i < names.length && idx < 0; i++) {
      if (names[i].toLowerCase().indexOf(q) >= 0) { idx = i; }
    }
    if (idx < 0) {
      status.textContent = 'No one on the map matches "' + String(query).trim() + '".';
      return -1;
    }
    if (!chart) {
      api.map.select(idx);
      status.textContent = 'Showing ' + names[idx] + ' and their referral partners.';
      return idx;
    }
    chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
    centre(idx, 1.6);
    chart.dispatchAction({ type: 'highlight', seriesIndex: 0, dataIndex: idx });
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: idx });
    status.textContent = 'Showing ' + M.people[idx].name + ' and their referral partners.';
    return idx;
  }

  // centre moves the map so node idx is in the middle, zoomed by factor.
  // (ECharts' graphRoam action only updates the model, not the picture, so
  // the page sets the series' center and zoom, which redraws.)
  function centre(idx, factor) {
    var chart = charts.map;
    var xy = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(idx);
    if (!xy) { return; }
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
    var ranged = isRanged(), out = [];
    M.links.forEach(function (l, i) {
      if (linkShown(l.n, l.v, l.ev, M.hasEvents, ranged)) { out.push(baseLinks[i]); }
    });
    return out;
  }

  function isRanged() { return state.from > 0 || state.to < D.months.length - 1; }

  // linkShown applies the filters to one link of count referrals worth
  // value, with dated referrals ev ([month, value, won] triples; null when
  // it has none); hasEvents says whether any link of the map has some.
  function linkShown(count, value, ev, hasEvents, ranged) {
    var n = 0, v = 0;
    if (hasEvents && (ev || ranged)) {
      (ev || []).forEach(function (e) {
        if (e[0] < state.from || e[0] > state.to) { return; }
        if (D.hasValues && e[1] < state.min) { return; }
        n++; v += e[1];
      });
    } else {
      n = count; v = value;
      if (D.hasValues && v < state.min) { n = 0; }
    }
    if (!D.hasValues && n < state.min) { n = 0; }
    return n > 0;
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
    if (api.map) { api.map.update(); return; }
    if (!chart) { return; }
    var cats = state.colour === 'community' ? M.byCommunity : M.byKind;
    var links = visibleLinks();
    var box = layMap(chart.getDom()); // sizes may have changed: names move
    chart.setOption({
      legend: [{ data: cats.map(function (c) { return c.name; }) }],
      series: [Object.assign({ id: 'map', categories: cats, data: currentNodes(), links: links }, box)]
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
  on('print', 'click', function () { window.print(); });
  on('reset', 'click', function () {
    state = { min: 0, from: 0, to: Math.max(D.months.length - 1, 0), colour: 'kind', size: 'rank' };
    ['min-value', 'date-from', 'date-to', 'colour-by', 'size-by', 'find'].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.value = el.defaultValue !== undefined && el.tagName === 'INPUT' ? el.defaultValue : el.options[0].value; }
    });
    if (api.map) { api.map.reset(); }
    update();
    status.textContent = '';
    Object.keys(charts).forEach(function (id) { charts[id].dispatchAction({ type: 'restore' }); });
  });

  // Sortable tables: a click on a column's heading sorts the rows by it
  // (numbers by their data-v value, text by the cell's text), a second
  // click the other way round.
  function sortTable(table, col, dir) {
    var th = table.tHead.rows[0].cells[col];
    var numeric = th.querySelector('button').getAttribute('data-kind') === 'num';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (r) {
      var c = r.cells[col];
      return numeric ? Number(c.getAttribute('data-v')) : c.textContent.toLocaleLowerCase();
    };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = numeric ? x - y : x.localeCompare(y);
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c, i) { c.setAttribute('aria-sort', i === col ? dir : 'none'); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var b = th.querySelector('button');
      if (!b) { return; }
      b.addEventListener('click', function () {
        var now = th.getAttribute('aria-sort');
        var numeric = b.getAttribute('data-kind') === 'num';
        var dir = now === 'none' ? (numeric ? 'descending' : 'ascending') : (now === 'ascending' ? 'descending' : 'ascending');
        sortTable(table, i, dir);
      });
    });
  });

  Object.assign(api, {
    sortTable: function (id, col, dir) { sortTable(document.getElementById(id), col, dir); },
    find: find,
    filter: function (min, from, to) {
      state.min = min || 0;
      if (from !== undefined) { state.from = from; }
      if (to !== undefined) { state.to = to; }
      update();
      return api.map ? api.map.linksShown() : charts.map.getOption().series[0].links.length;
    },
    colourBy: function (mode) { state.colour = mode; update(); },
    sizeBy: function (mode) { state.size = mode; update(); }
  });
  if (pending === 0) { api.ready = true; document.body.setAttribute('data-ready', '1'); }
})();
