/* jixiao 绩效 — the only script of every page (the CSP allows no inline
   script). Charts arrive as JSON data in <script type="application/json">
   blocks built by the server; this file turns them into ECharts, builds
   every formatter (options never carry code), wires drill-down clicks, the
   period picker and meeting mode. */
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');

  var FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
  var dark = doc.body && doc.body.getAttribute('data-theme') === 'dark';
  var lang = (doc.documentElement.getAttribute('lang') || 'zh').indexOf('en') === 0 ? 'EN' : 'ZH';

  function axis(color, label, split, size) {
    return {
      axisLine: { lineStyle: { color: color } },
      axisTick: { lineStyle: { color: color } },
      axisLabel: { color: label, fontSize: size },
      splitLine: { lineStyle: { color: split } },
      nameTextStyle: { color: label, fontSize: size }
    };
  }

  // slideFont is the base size of chart text in meeting mode: 18 px on a
  // 1920×1080 projector, down to 12 px at 1024×768, so that labels keep
  // their room when the screen is small.
  function slideFont() {
    return Math.round(Math.max(12, Math.min(18, window.innerWidth / 80, window.innerHeight / 42)));
  }

  function theme(d) {
    var text = d ? '#e2e8f0' : '#334155';
    var size = d ? slideFont() : 12;
    var a = axis(d ? '#475569' : '#cbd5e1', d ? '#cbd5e1' : '#475569', d ? 'rgba(255,255,255,.10)' : '#eef2f7', size);
    var label = { fontSize: size, color: d ? '#f8fafc' : '#1e293b' };
    return {
      color: ['#1d4ed8', '#e8590c', '#16a34a', '#7c3aed', '#0891b2', '#d97706', '#db2777'],
      backgroundColor: 'transparent',
      textStyle: { fontFamily: FONT, color: text },
      legend: { textStyle: { color: text, fontSize: size }, itemGap: d ? 2 * size - 12 : 12 },
      tooltip: { backgroundColor: 'rgba(15,23,42,.92)', borderWidth: 0, textStyle: { color: '#f8fafc', fontSize: d ? size : 13 } },
      categoryAxis: a, valueAxis: a,
      bar: { label: label },
      line: { label: label, lineStyle: { width: 3 } },
      pie: { label: { fontSize: d ? size + 2 : 13, color: text } },
      heatmap: { label: { fontSize: d ? size - 2 : 12 } },
      visualMap: { textStyle: { color: text, fontSize: d ? size - 2 : 12 } },
      radar: {
        axisName: { color: text, fontSize: d ? size : 13 },
        splitLine: { lineStyle: { color: d ? 'rgba(255,255,255,.18)' : '#cbd5e1' } },
        splitArea: { areaStyle: { color: d ? ['rgba(255,255,255,.02)', 'rgba(255,255,255,.05)'] : ['#f8fafc', '#ffffff'] } },
        axisLine: { lineStyle: { color: d ? 'rgba(255,255,255,.18)' : '#cbd5e1' } }
      }
    };
  }

  // tooltip text comes from the server as plain text per series and data
  // index; richText tooltips draw it on the canvas, never as HTML.
  function tipFor(spec, p) {
    var t = spec.tips || [];
    var s = t[p.seriesIndex] || [];
    return s[p.dataIndex] || (s.length === 1 ? s[0] : '');
  }

  function tooltip(spec) {
    var opt = spec.option.tooltip || {};
    opt.renderMode = 'richText';
    opt.confine = true;
    if (spec.kind === 'trend' || spec.kind === 'completion' || spec.kind === 'rank') {
      opt.trigger = 'axis';
      opt.formatter = function (ps) {
        var seen = {}, out = [];
        (Array.isArray(ps) ? ps : [ps]).forEach(function (p) {
          var s = tipFor(spec, p);
          if (s && !seen[s]) { seen[s] = true; out.push(s); }
        });
        return out.join('\n\n');
      };
    } else if (spec.tips) {
      opt.trigger = 'item';
      opt.formatter = function (p) { return tipFor(spec, p); };
    }
    spec.option.tooltip = opt;
  }

  // Only same-site paths are followed: a link is never another host.
  function safe(href) {
    return typeof href === 'string' && href.charAt(0) === '/' && href.charAt(1) !== '/' && href.charAt(1) !== '\\';
  }

  function linkFor(spec, p) {
    var L = spec.links;
    if (!L) return '';
    if (spec.linkBy === 'y') {
      return (L[0] || [])[Array.isArray(p.value) ? p.value[1] : -1] || '';
    }
    return (L[p.seriesIndex] || [])[p.dataIndex] || '';
  }

  var charts = [];

  function list(x) {
    if (!x) return [];
    return Array.isArray(x) ? x : [x];
  }

  // saveImage is the "save as image" button every chart offers.
  function saveImage() {
    return {
      right: 0, top: 0, itemSize: 14,
      feature: { saveAsImage: { title: lang === 'EN' ? 'Save as image' : '保存为图片', pixelRatio: 2,
        backgroundColor: dark ? '#071330' : '#ffffff' } }
    };
  }

  // fit makes the labels of a chart keep to its size: value axes get as
  // many ticks as their length holds, labels that would overlap are
  // thinned out, long category labels wrap or rotate, and heat-map cells
  // get a font that fits them.
  function fit(spec, w, h) {
    var o = spec.option, fs = dark ? slideFont() : 12;
    list(o.xAxis).concat(list(o.yAxis)).forEach(function (ax) {
      ax.axisLabel = ax.axisLabel || {};
      ax.axisLabel.hideOverlap = true;
    });
    list(o.xAxis).forEach(function (ax) {
      if (ax.type === 'category' && ax.axisLabel.rotate && !ax.axisLabel.width) {
        ax.axisLabel.width = fs * 7;
        ax.axisLabel.overflow = 'truncate';
      }
      if (ax.type === 'value') {
        // a label like "1,200" is about 3 em wide: leave as much again between
        ax.splitNumber = Math.max(2, Math.min(5, Math.floor(w / (fs * 7))));
      }
    });
    list(o.yAxis).forEach(function (ax) {
      if (ax.type === 'category' && ax.axisLabel.width) {
        ax.axisLabel.width = Math.min(ax.axisLabel.width, Math.round(w * 0.34));
      }
    });
    if (spec.kind === 'heatmap') fitHeatmap(o, w, h, fs);
    if (spec.kind === 'radar' && o.radar) {
      list(o.radar).forEach(function (r) { r.radius = w < 520 ? '55%' : '65%'; });
    }
  }

  function fitHeatmap(o, w, h, fs) {
    var x = list(o.xAxis)[0], y = list(o.yAxis)[0];
    if (!x || !y) return;
    var cols = (x.data || []).length || 1, rows = (y.data || []).length || 1;
    var yw = Math.min(y.axisLabel.width || 150, Math.round(w * 0.3), fs * 6);
    y.axisLabel.width = yw;
    var cellW = (w - yw - 24) / cols;
    var cellH = (h - 3.5 * fs - 60) / rows;
    x.axisLabel.interval = 0;
    x.axisLabel.width = Math.max(20, Math.floor(cellW - 4));
    x.axisLabel.overflow = 'break';
    x.axisLabel.fontSize = Math.max(10, Math.min(fs, Math.floor(cellW / 2.2)));
    var cell = Math.max(9, Math.min(fs - 2, Math.floor(cellW / 3.3), Math.floor(cellH * 0.7)));
    list(o.series).forEach(function (s) {
      s.label = s.label || {};
      s.label.fontSize = cell;
      s.label.show = cell >= 9 && cellH >= 11;
    });
    if (o.grid) list(o.grid).forEach(function (g) { g.top = Math.round(2.6 * fs); });
  }

  function init(el) {
    if (el.getAttribute('data-ready') || typeof echarts === 'undefined') return;
    var block = doc.getElementById(el.getAttribute('data-chart'));
    if (!block || typeof echarts === 'undefined') return;
    var spec;
    try { spec = JSON.parse(block.textContent); } catch (e) { return; }
    if (!spec || !spec.option) return;
    var h = parseInt(el.getAttribute('data-height') || '0', 10);
    if (h > 0 && !dark) el.style.height = h + 'px';
    tooltip(spec);
    if (dark && spec.option.graphic) {
      spec.option.graphic.forEach(function (g) { if (g.style) g.style.fill = '#f8fafc'; });
    }
    if (dark) {
      (spec.option.series || []).forEach(function (s) {
        if (spec.kind === 'grades' && s.itemStyle) s.itemStyle.borderColor = '#071330';
        if (spec.kind === 'heatmap' && s.itemStyle) s.itemStyle.borderColor = '#071330';
        var rich = s.label && s.label.rich;
        if (rich) Object.keys(rich).forEach(function (k) { if (!rich[k].fontSize) rich[k].fontSize = slideFont(); });
      });
    }
    var chart = echarts.init(el, dark ? 'jixiao-dark' : 'jixiao', { renderer: 'canvas', locale: lang });
    spec.option.toolbox = saveImage();
    fit(spec, chart.getWidth(), chart.getHeight());
    chart.setOption(spec.option);
    if (spec.links) {
      chart.on('click', function (p) {
        var href = linkFor(spec, p);
        if (safe(href)) window.location.href = href;
      });
    }
    el.setAttribute('data-ready', '1');
    charts.push({ chart: chart, spec: spec });
  }

  function initVisible(root) {
    var els = (root || doc).querySelectorAll('[data-chart]');
    for (var i = 0; i < els.length; i++) {
      if (!els[i].closest('[hidden]')) init(els[i]);
    }
  }

  function resizeAll() {
    charts.forEach(function (c) {
      c.chart.resize();
      fit(c.spec, c.chart.getWidth(), c.chart.getHeight());
      c.chart.setOption(c.spec.option);
    });
  }

  function wirePage() {
    var selects = doc.querySelectorAll('select[data-autosubmit]');
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener('change', function (e) { e.target.form.submit(); });
    }
    var prints = doc.querySelectorAll('[data-print]');
    for (var j = 0; j < prints.length; j++) {
      prints[j].addEventListener('click', function () { window.print(); });
    }
    var timer;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(resizeAll, 120);
    });
    window.addEventListener('beforeprint', resizeAll);
    window.addEventListener('afterprint', resizeAll);
    // printing to PDF (and print preview) may switch the media without
    // beforeprint: the charts follow the print sizes either way
    if (window.matchMedia) {
      var pm = window.matchMedia('print');
      if (pm.addEventListener) pm.addEventListener('change', resizeAll);
    }
  }

  // Meeting mode: one slide at a time; ← → space PageUp PageDown Home End
  // move, F toggles full screen, data-auto="20" advances every 20 s.
  function wireMeeting() {
    var slides = doc.querySelectorAll('.slide');
    if (!slides.length) return;
    var count = doc.getElementById('deck-count');
    var bar = doc.getElementById('deck-bar');
    var cur = 0;
    function fromHash() {
      var m = /^#s(\d+)$/.exec(window.location.hash);
      return m ? Math.min(Math.max(parseInt(m[1], 10) - 1, 0), slides.length - 1) : -1;
    }
    cur = Math.max(fromHash(), 0);

    // A slide's table shows the rows that fit the screen, and says how
    // many more there are: a projector cannot scroll.
    function fitTables(slide) {
      var boxes = slide.querySelectorAll('.slide-table');
      for (var b = 0; b < boxes.length; b++) {
        var box = boxes[b], rows = box.querySelectorAll('tbody tr');
        var more = box.querySelector('.slide-more');
        if (more) more.remove();
        for (var r = 0; r < rows.length; r++) rows[r].hidden = false;
        var limit = box.getBoundingClientRect().bottom;
        var shown = rows.length;
        while (shown > 1 && rows[shown - 1].getBoundingClientRect().bottom > limit - (shown < rows.length ? 40 : 0)) {
          rows[--shown].hidden = true;
        }
        if (shown < rows.length) {
          more = doc.createElement('p');
          more.className = 'slide-more';
          more.textContent = (lang === 'EN' ? '… and ' + (rows.length - shown) + ' more' : '……另有 ' + (rows.length - shown) + ' 项');
          box.appendChild(more);
          // the note takes a line: make room for it
          while (shown > 1 && more.getBoundingClientRect().bottom > limit) {
            rows[--shown].hidden = true;
            more.textContent = (lang === 'EN' ? '… and ' + (rows.length - shown) + ' more' : '……另有 ' + (rows.length - shown) + ' 项');
          }
        }
      }
    }

    function show(i) {
      i = (i + slides.length) % slides.length;
      for (var k = 0; k < slides.length; k++) {
        if (k === i) { slides[k].removeAttribute('hidden'); slides[k].classList.add('active'); }
        else { slides[k].setAttribute('hidden', ''); slides[k].classList.remove('active'); }
      }
      cur = i;
      fitTables(slides[i]);
      initVisible(slides[i]);
      resizeAll();
      if (count) count.textContent = (i + 1) + ' / ' + slides.length;
      if (bar) bar.style.width = (100 * (i + 1) / slides.length) + '%';
      doc.body.setAttribute('data-slide', String(i + 1));
      if (window.history && history.replaceState) history.replaceState(null, '', '#s' + (i + 1));
    }

    function fullscreen() {
      if (doc.fullscreenElement) { doc.exitFullscreen(); }
      else if (doc.documentElement.requestFullscreen) { doc.documentElement.requestFullscreen().catch(function () {}); }
    }

    doc.addEventListener('keydown', function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      switch (e.key) {
        case 'ArrowRight': case 'PageDown': case ' ': case 'Enter': show(cur + 1); break;
        case 'ArrowLeft': case 'PageUp': case 'Backspace': show(cur - 1); break;
        case 'Home': show(0); break;
        case 'End': show(slides.length - 1); break;
        case 'f': case 'F': fullscreen(); break;
        default: return;
      }
      e.preventDefault();
    });
    var next = doc.querySelector('[data-next]'), prev = doc.querySelector('[data-prev]'), fs = doc.querySelector('[data-fullscreen]');
    if (next) next.addEventListener('click', function () { show(cur + 1); });
    if (prev) prev.addEventListener('click', function () { show(cur - 1); });
    if (fs) fs.addEventListener('click', fullscreen);
    doc.addEventListener('fullscreenchange', function () { setTimeout(resizeAll, 100); });
    window.addEventListener('resize', function () { fitTables(slides[cur]); });
    // a link to #s4 followed inside the open deck, or the address edited
    window.addEventListener('hashchange', function () {
      var i = fromHash();
      if (i >= 0 && i !== cur) show(i);
    });

    var auto = parseInt(doc.body.getAttribute('data-auto') || '0', 10);
    if (auto > 0) setInterval(function () { show(cur + 1); }, auto * 1000);
    show(cur);
  }

  // ECharts (1 MB) loads only on pages with charts, and only after the
  // first paint, so that the page's text shows at once; its hashed URL is
  // cached for a year.
  function withECharts(fn) {
    if (typeof echarts !== 'undefined') { fn(); return; }
    var src = doc.body.getAttribute('data-echarts');
    if (!src || !doc.querySelector('[data-chart]')) return;
    var s = doc.createElement('script');
    s.src = src;
    s.onload = fn;
    doc.head.appendChild(s);
  }

  function afterPaint(fn) {
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }

  // The navigation's menus (<details data-menu>): one open at a time,
  // closed by a click elsewhere or Escape.
  function wireMenus() {
    var menus = [].slice.call(doc.querySelectorAll('details[data-menu]'));
    if (!menus.length) return;
    menus.forEach(function (m) {
      m.addEventListener('toggle', function () {
        if (!m.open) return;
        menus.forEach(function (o) { if (o !== m) o.open = false; });
      });
    });
    doc.addEventListener('click', function (e) {
      menus.forEach(function (m) { if (m.open && !m.contains(e.target)) m.open = false; });
    });
    doc.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape') return;
      menus.forEach(function (m) {
        if (m.open) { m.open = false; m.querySelector('summary').focus(); }
      });
    });
  }

  function start() {
    wireMenus();
    wirePage();
    var meeting = doc.body.classList.contains('meeting');
    if (meeting) wireMeeting();
    afterPaint(function () {
      withECharts(function () {
        echarts.registerTheme('jixiao', theme(false));
        echarts.registerTheme('jixiao-dark', theme(true));
        initVisible(meeting ? doc.querySelector('.slide.active') : doc);
      });
    });
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
