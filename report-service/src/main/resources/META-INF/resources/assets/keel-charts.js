/* Keel report pages: charts drawn with Apache ECharts (served by report-service itself). */
(function () {
  'use strict';
  var PALETTE = ['#1f5fbf', '#e07b00', '#2e9e5b', '#c23b3b', '#7a4fc2', '#8c6d1f', '#d64f9a', '#5b6b7f',
    '#17a3b8', '#9aa728', '#3c3cb0', '#b0603c'];
  var charts = [];
  var expected = 0;

  function data(id) {
    var el = document.getElementById(id);
    return JSON.parse(el.textContent);
  }
  function pct(v, digits) {
    return v == null ? '' : (v * 100).toFixed(digits == null ? 2 : digits) + '%';
  }
  function pairs(dates, values) {
    var out = new Array(dates.length);
    for (var i = 0; i < dates.length; i++) { out[i] = [dates[i], values[i]]; }
    return out;
  }
  function base(title) {
    return {
      animation: false,
      color: PALETTE,
      grid: { left: 64, right: 24, top: 36, bottom: 56 },
      tooltip: { trigger: 'axis' },
      legend: { top: 4, type: 'scroll' },
      xAxis: { type: 'time' },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }]
    };
  }
  /* Growth-of-1 values as people read them: 0.5, 1, 2, 4, 16, 128. */
  function growth(v) {
    return v >= 10 ? v.toFixed(0) : v >= 1 ? String(+v.toFixed(1)) : String(+v.toFixed(2));
  }
  /* A value axis, or a base-2 log axis whose ends snap to powers of 2, so every tick is 0.5, 1, 2, 4 ... */
  function logAxis(log, name) {
    var label = { formatter: growth };
    if (!log) {
      return { type: 'value', scale: true, name: name, logBase: 10, min: null, max: null, axisLabel: label };
    }
    return { type: 'log', logBase: 2, name: name, axisLabel: label,
      min: function (v) { return Math.pow(2, Math.floor(Math.log2(v.min))); },
      max: function (v) { return Math.pow(2, Math.ceil(Math.log2(v.max))); } };
  }
  /* Points of every series of an option (a heatmap's cells, a bar chart's bars). */
  function describe(el, option) {
    var names = [];
    var points = 0;
    var drawn = 0;
    (option.series || []).forEach(function (s) {
      var n = (s.data || []).filter(function (p) {
        var y = Array.isArray(p) ? p[p.length - 1] : p;
        return y !== null && y !== undefined && !(typeof y === 'number' && isNaN(y));
      }).length;
      points += n;
      if (n > 0) { drawn++; names.push(s.name || s.type); }
    });
    el.setAttribute('data-series', String(drawn));
    el.setAttribute('data-points', String(points));
    el.setAttribute('data-series-names', names.join('|'));
  }
  function mount(id, option) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    expected++;
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    describe(el, option);
    charts.push(chart);
    return chart;
  }
  function done() {
    var status = document.getElementById('render-status');
    var rendered = 0;
    charts.forEach(function (c) { if (c.getDom().querySelector('canvas')) { rendered++; } });
    if (status) {
      status.setAttribute('data-rendered', String(rendered));
      status.setAttribute('data-expected', String(expected));
    }
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  }

  function tearsheet() {
    var d = data('tearsheet-data');
    var equitySeries = [
      { name: 'overlay (' + d.definition + ')', type: 'line', showSymbol: false, data: pairs(d.dates, d.portEquity) },
      { name: 'base', type: 'line', showSymbol: false, data: pairs(d.dates, d.baseEquity) }
    ];
    if (d.benchmark) {
      /* over the aligned days only: both curves start at 1 before the first of them */
      equitySeries.push({ name: 'benchmark: ' + d.benchmark.label, type: 'line', showSymbol: false,
        lineStyle: { type: 'dashed' }, data: pairs(d.benchmark.dates, d.benchmark.equity) });
      equitySeries.push({ name: 'overlay on the aligned days', type: 'line', showSymbol: false,
        data: pairs(d.benchmark.dates, d.benchmark.strategyEquity) });
    }
    var eq = mount('chart-equity', Object.assign(base(), {
      yAxis: logAxis(false, 'growth of 1'),
      series: equitySeries
    }));
    var log = document.getElementById('log-scale');
    if (log && eq) {
      var apply = function () {
        eq.setOption({ yAxis: logAxis(log.checked, 'growth of 1') });
      };
      log.addEventListener('change', apply);
      if (/(^|[#&])log\b/.test(window.location.hash)) { log.checked = true; apply(); }
    }
    mount('chart-drawdown', Object.assign(base(), {
      yAxis: { type: 'value', max: 0, axisLabel: { formatter: function (v) { return pct(v, 0); } } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return pct(v); } },
      series: [
        { name: 'overlay', type: 'line', showSymbol: false, areaStyle: { opacity: 0.25 }, data: pairs(d.dates, d.portDrawdown) },
        { name: 'base', type: 'line', showSymbol: false, data: pairs(d.dates, d.baseDrawdown) }
      ]
    }));
    var levSeries = [{ name: 'leverage', type: 'line', showSymbol: false, yAxisIndex: 0, data: pairs(d.dates, d.leverage) }];
    /* every overlay diagnostic the run's result declares, in the unit its overlay reports it (right axis) */
    (d.diagnostics || []).forEach(function (g) {
      levSeries.push({ name: g.name + ' (' + g.overlay + ')', type: 'line', showSymbol: false, yAxisIndex: 1,
        data: pairs(d.dates, g.values) });
    });
    mount('chart-leverage', Object.assign(base(), {
      grid: { left: 64, right: 72, top: 36, bottom: 56 },
      yAxis: [{ type: 'value', name: 'leverage', scale: true },
        { type: 'value', name: 'diagnostics', scale: true, splitLine: { show: false },
          axisLabel: { formatter: function (v) { return String(+v.toPrecision(3)); } } }],
      series: levSeries
    }));
    mount('chart-weights', Object.assign(base(), {
      yAxis: { type: 'value', axisLabel: { formatter: function (v) { return pct(v, 0); } } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return pct(v, 1); } },
      series: d.weights.map(function (w) {
        return { name: w.symbol, type: 'line', stack: 'weights', showSymbol: false, lineStyle: { width: 0.5 },
          areaStyle: {}, data: pairs(d.dates, w.values) };
      })
    }));
    heatmap('chart-monthly', d.monthly);
    rolling('chart-rolling-vol', d.dates, d.rolling.volatility, function (v) { return pct(v, 0); }, 'volatility');
    rolling('chart-rolling-sharpe', d.dates, d.rolling.sharpe, function (v) { return v.toFixed(1); }, 'Sharpe');
    if (d.rollingBeta) {
      rolling('chart-rolling-beta', d.benchmark.dates, d.rollingBeta, function (v) { return v.toFixed(2); }, 'beta');
    }
    mount('chart-distribution', Object.assign(base(), {
      xAxis: { type: 'category', data: d.distribution.centers.map(function (c) { return pct(c, 1); }), name: 'daily return' },
      yAxis: { type: 'value', name: 'days' },
      dataZoom: [],
      series: [{ name: 'days', type: 'bar', barCategoryGap: '5%', data: d.distribution.counts }]
    }));
    done();
  }
  /* One line per window (63, 126, 252 days) of a rolling figure. */
  function rolling(id, dates, byWindow, format, name) {
    mount(id, Object.assign(base(), {
      yAxis: { type: 'value', name: name, scale: true, axisLabel: { formatter: format } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '' : format(v); } },
      series: Object.keys(byWindow).map(function (w) {
        return { name: w + ' days', type: 'line', showSymbol: false, data: pairs(dates, byWindow[w]) };
      })
    }));
  }

  function heatmap(id, monthly) {
    var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    var years = [];
    var cells = [];
    var extreme = 0.0001;
    monthly.forEach(function (m) {
      var y = m.period.substring(0, 4);
      if (years.indexOf(y) < 0) { years.push(y); }
      extreme = Math.max(extreme, Math.abs(m.value));
      cells.push([parseInt(m.period.substring(5, 7), 10) - 1, years.indexOf(y), m.value]);
    });
    mount(id, {
      animation: false,
      grid: { left: 56, right: 24, top: 12, bottom: 84 },
      tooltip: { formatter: function (p) { return years[p.value[1]] + ' ' + months[p.value[0]] + ': ' + pct(p.value[2]); } },
      xAxis: { type: 'category', data: months, splitArea: { show: true } },
      yAxis: { type: 'category', data: years, inverse: true, splitArea: { show: true } },
      visualMap: { min: -extreme, max: extreme, calculable: true, orient: 'horizontal', left: 'center', bottom: 4,
        itemHeight: 120, inRange: { color: ['#b42318', '#fdf2f2', '#ffffff', '#ecfdf3', '#067647'] },
        formatter: function (v) { return pct(v, 1); } },
      series: [{ type: 'heatmap', data: cells, label: { show: true, fontSize: 10, formatter: function (p) { return (p.value[2] * 100).toFixed(1); } } }]
    });
  }

  function compare() {
    var d = data('compare-data');
    mount('chart-compare-equity', Object.assign(base(), {
      yAxis: logAxis(true, 'growth of 1 (log)'),
      series: d.runs.map(function (r) {
        return { name: r.label, type: 'line', showSymbol: false, data: pairs(r.dates, r.equity) };
      })
    }));
    mount('chart-compare-drawdown', Object.assign(base(), {
      yAxis: { type: 'value', max: 0, axisLabel: { formatter: function (v) { return pct(v, 0); } } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return pct(v); } },
      series: d.runs.map(function (r) {
        return { name: r.label, type: 'line', showSymbol: false, data: pairs(r.dates, r.drawdown) };
      })
    }));
    done();
  }

  /* A portfolio's tracking: its equity against the shadow backtest's, and the gap of their growth. */
  function tracking() {
    var d = data('tracking-data');
    var e0 = d.equity[0];
    var x0 = null;
    for (var i = 0; i < d.expected.length && x0 === null; i++) { if (d.expected[i] != null) { x0 = d.expected[i]; } }
    mount('chart-tracking-equity', Object.assign(base(), {
      yAxis: { type: 'value', scale: true, name: 'equity' },
      series: [
        { name: d.mode.toLowerCase() + ' (' + d.portfolio + ')', type: 'line', showSymbol: false, data: pairs(d.dates, d.equity) },
        { name: 'expected (shadow backtest)', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' },
          data: pairs(d.dates, d.expected) }
      ]
    }));
    var gap = d.dates.map(function (day, k) {
      var x = d.expected[k];
      return [day, x == null || x0 === null ? null : d.equity[k] / e0 - x / x0];
    });
    mount('chart-tracking-gap', Object.assign(base(), {
      yAxis: { type: 'value', axisLabel: { formatter: function (v) { return pct(v, 1); } } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '' : pct(v); } },
      series: [{ name: 'actual - expected growth', type: 'line', showSymbol: false, areaStyle: { opacity: 0.2 }, data: gap }]
    }));
    done();
  }


  /* A parameter sweep: heatmap of a figure over two axes, equity of the best variants, walk-forward folds and the
     stitched out-of-sample equity. */
  function sweep() {
    var d = data('sweep-data');
    var h = d.heatmap;
    var format = function (v) { return v == null ? '' : h.fraction ? pct(v, 1) : v.toFixed(2); };
    /* only the cells with a figure are drawn: a combination no variant ran stays empty */
    var cells = h.cells.filter(function (c) { return c[2] !== null; });
    var values = cells.map(function (c) { return c[2]; });
    var lo = values.length ? Math.min.apply(null, values) : 0;
    var hi = values.length ? Math.max.apply(null, values) : 1;
    if (lo === hi) { lo -= 1e-9; hi += 1e-9; }
    var colours = ['#b42318', '#fdf2f2', '#ffffff', '#ecfdf3', '#067647'];
    mount('chart-sweep-heatmap', {
      animation: false,
      grid: { left: 96, right: 24, top: 12, bottom: 96 },
      tooltip: { formatter: function (p) {
        return h.xName + ' = ' + h.x[p.value[0]] + (h.yName ? '<br>' + h.yName + ' = ' + h.y[p.value[1]] : '') +
          '<br>' + h.label + ': ' + format(p.value[2]) + ' (variant ' + p.value[3] + ')';
      } },
      xAxis: { type: 'category', data: h.x, name: h.xName, nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
      yAxis: { type: 'category', data: h.y, name: h.yName, splitArea: { show: true }, axisLabel: { width: 88, overflow: 'truncate' } },
      visualMap: { dimension: 2, min: lo, max: hi, calculable: true, orient: 'horizontal', left: 'center', bottom: 4, itemHeight: 160,
        inRange: { color: h.higherIsBetter ? colours : colours.slice().reverse() }, formatter: format },
      series: [{ name: h.label, type: 'heatmap', data: cells,
        label: { show: h.x.length * h.y.length <= 400, fontSize: 10, formatter: function (p) { return format(p.value[2]); } } }]
    });
    mount('chart-sweep-equity', Object.assign(base(), {
      yAxis: logAxis(false, 'growth of 1'),
      series: d.curves.map(function (c) {
        return { name: c.label, type: 'line', showSymbol: false, data: pairs(c.dates, c.equity) };
      })
    }));
    var w = d.walkForward;
    if (w) {
      var day = 86400000;
      var t0 = Date.parse(w.folds[0].isFrom);
      var labels = w.folds.map(function (f) { return 'fold ' + f.number + ': #' + f.variant; });
      var start = w.folds.map(function (f) { return Date.parse(f.isFrom); });
      var inSample = w.folds.map(function (f) { return Date.parse(f.oosFrom) - Date.parse(f.isFrom); });
      var outOfSample = w.folds.map(function (f) { return Date.parse(f.oosTo) + day - Date.parse(f.oosFrom); });
      var month = function (v) { return new Date(v).toISOString().substring(0, 7); };
      mount('chart-walkforward', {
        animation: false,
        color: ['#98a2b3', '#1f5fbf'],
        grid: { left: 96, right: 24, top: 36, bottom: 36 },
        legend: { top: 4, data: ['in sample', 'out of sample'] },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
          var f = w.folds[ps[0].dataIndex];
          return 'fold ' + f.number + ': variant ' + f.variant + '<br>' + f.values + '<br>in sample ' + month(Date.parse(f.isFrom)) +
            ' to ' + month(Date.parse(f.oosFrom) - day) + ': ' + w.metric + ' ' + (f.inSample == null ? '–' : f.inSample.toFixed(3)) +
            '<br>out of sample ' + month(Date.parse(f.oosFrom)) + ' to ' + month(Date.parse(f.oosTo)) + ': ' + w.metric + ' ' +
            (f.outOfSample == null ? '–' : f.outOfSample.toFixed(3));
        } },
        xAxis: { type: 'value', min: t0, scale: true, axisLabel: { formatter: month } },
        yAxis: { type: 'category', data: labels, inverse: true },
        series: [
          { name: 'offset', type: 'bar', stack: 'fold', silent: true, itemStyle: { color: 'transparent' }, data: start },
          { name: 'in sample', type: 'bar', stack: 'fold', barWidth: '60%', data: inSample },
          { name: 'out of sample', type: 'bar', stack: 'fold', data: outOfSample }
        ]
      });
      var bands = w.folds.map(function (f, i) {
        return [{ xAxis: f.oosFrom, name: 'fold ' + f.number, itemStyle: { color: i % 2 ? 'rgba(31,95,191,0.06)' : 'rgba(31,95,191,0.14)' } },
          { xAxis: f.oosTo }];
      });
      mount('chart-oos-equity', Object.assign(base(), {
        yAxis: logAxis(false, 'growth of 1'),
        series: [{ name: 'stitched out of sample (' + w.metric + ')', type: 'line', showSymbol: false, data: pairs(w.dates, w.equity),
          markArea: { silent: true, label: { show: true, position: 'insideTop', fontSize: 10 }, data: bands } }]
      }));
    }
    done();
  }

  window.Keel = { tearsheet: tearsheet, compare: compare, tracking: tracking, sweep: sweep, done: done };
})();
