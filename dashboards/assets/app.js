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

  function theme(d) {
    var text = d ? '#e2e8f0' : '#334155';
    var size = d ? 18 : 12;
    var a = axis(d ? '#475569' : '#cbd5e1', d ? '#cbd5e1' : '#475569', d ? 'rgba(255,255,255,.10)' : '#eef2f7', size);
    var label = { fontSize: d ? 18 : 12, color: d ? '#f8fafc' : '#1e293b' };
    return {
      color: ['#1d4ed8', '#e8590c', '#16a34a', '#7c3aed', '#0891b2', '#d97706', '#db2777'],
      backgroundColor: 'transparent',
      textStyle: { fontFamily: FONT, color: text },
      legend: { textStyle: { color: text, fontSize: d ? 18 : 12 }, itemGap: d ? 24 : 12 },
      tooltip: { backgroundColor: 'rgba(15,23,42,.92)', borderWidth: 0, textStyle: { color: '#f8fafc', fontSize: d ? 18 : 13 } },
      categoryAxis: a, valueAxis: a,
      bar: { label: label },
      line: { label: label, lineStyle: { width: 3 } },
      pie: { label: { fontSize: d ? 20 : 13, color: text } },
      heatmap: { label: { fontSize: d ? 16 : 12 } },
      visualMap: { textStyle: { color: text, fontSize: d ? 16 : 12 } },
      radar: {
        axisName: { color: text, fontSize: d ? 18 : 13 },
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
        if (rich) Object.keys(rich).forEach(function (k) { if (!rich[k].fontSize) rich[k].fontSize = 18; });
      });
    }
    var chart = echarts.init(el, dark ? 'jixiao-dark' : 'jixiao', { renderer: 'canvas', locale: lang });
    chart.setOption(spec.option);
    if (spec.links) {
      chart.on('click', function (p) {
        var href = linkFor(spec, p);
        if (safe(href)) window.location.href = href;
      });
    }
    el.setAttribute('data-ready', '1');
    charts.push(chart);
  }

  function initVisible(root) {
    var els = (root || doc).querySelectorAll('[data-chart]');
    for (var i = 0; i < els.length; i++) {
      if (!els[i].closest('[hidden]')) init(els[i]);
    }
  }

  function resizeAll() {
    charts.forEach(function (c) { c.resize(); });
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
  }

  // Meeting mode: one slide at a time; ← → space PageUp PageDown Home End
  // move, F toggles full screen, data-auto="20" advances every 20 s.
  function wireMeeting() {
    var slides = doc.querySelectorAll('.slide');
    if (!slides.length) return;
    var count = doc.getElementById('deck-count');
    var bar = doc.getElementById('deck-bar');
    var cur = 0;
    var m = /^#s(\d+)$/.exec(window.location.hash);
    if (m) cur = Math.min(Math.max(parseInt(m[1], 10) - 1, 0), slides.length - 1);

    function show(i) {
      i = (i + slides.length) % slides.length;
      for (var k = 0; k < slides.length; k++) {
        if (k === i) { slides[k].removeAttribute('hidden'); slides[k].classList.add('active'); }
        else { slides[k].setAttribute('hidden', ''); slides[k].classList.remove('active'); }
      }
      cur = i;
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

  function start() {
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
