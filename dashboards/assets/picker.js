/* jixiao 绩效 — the unit picker of the forms. A <select data-picker>
   (the units in tree order, indented) gets a search box above it: typing
   a code, a part of a name or pinyin initials ("nn" for 南宁) narrows the
   list to the matching units and the units above them, and picks the
   first match. Without script the indented list still works. */
(function () {
  'use strict';
  var doc = document;
  var en = (doc.documentElement.getAttribute('lang') || '').indexOf('en') === 0;
  var hint = en ? 'Search: code, name or pinyin initials' : '搜索：代码、名称或拼音首字母';

  function wire(sel) {
    var opts = Array.prototype.slice.call(sel.options);
    var box = doc.createElement('input');
    box.type = 'search';
    box.className = 'picker-search';
    box.placeholder = hint;
    box.setAttribute('aria-label', hint);
    box.autocomplete = 'off';
    var count = doc.createElement('span');
    count.className = 'picker-count muted';
    sel.parentNode.insertBefore(box, sel);
    sel.parentNode.insertBefore(count, sel.nextSibling);
    box.addEventListener('input', function () {
      var q = box.value.trim().toLowerCase();
      var first = null, n = 0;
      // a match keeps the units above it, so the tree reads
      var keep = opts.map(function () { return !q; });
      var stack = [];
      opts.forEach(function (o, i) {
        var d = parseInt(o.getAttribute('data-depth') || '0', 10);
        stack.length = d;
        stack[d] = i;
        var hit = q && (o.value.toLowerCase().indexOf(q) >= 0 || o.textContent.toLowerCase().indexOf(q) >= 0 ||
          (o.getAttribute('data-py') || '').indexOf(q) >= 0);
        if (hit) {
          n++;
          if (first === null) first = o;
          for (var k = 0; k <= d; k++) if (stack[k] !== undefined) keep[stack[k]] = true;
        }
      });
      opts.forEach(function (o, i) { o.hidden = !keep[i]; });
      if (first) sel.value = first.value;
      sel.size = q ? Math.min(8, Math.max(2, keep.filter(Boolean).length)) : 0;
      count.textContent = q ? (en ? n + ' found' : '找到 ' + n + ' 个') : '';
      sel.setAttribute('aria-invalid', q && !first ? 'true' : 'false');
    });
    box.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); sel.focus(); }
    });
  }

  function start() {
    var sels = doc.querySelectorAll('select[data-picker]');
    for (var i = 0; i < sels.length; i++) wire(sels[i]);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
