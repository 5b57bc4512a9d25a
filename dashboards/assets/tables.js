/* jixiao 绩效 — the tools of every table on a page. Any <table class="data">
   outside meeting mode gets them (data-plain opts out): sortable columns,
   ordered by rank when it has a rank column (data-order="server" keeps the
   server's order), a filter box, and downloads
   (XLSX with numeric cells, CSV with a BOM) of exactly the rows the table
   shows, built here from the rendered rows: what the server sent for this
   viewer's scope, never another source. */
(function () {
  'use strict';
  var doc = document;
  var en = (doc.documentElement.getAttribute('lang') || '').indexOf('en') === 0;
  var L = en
    ? { filter: 'Filter rows…', xlsx: 'XLSX', csv: 'CSV', rows: function (n, m) { return n === m ? m + ' rows' : n + ' of ' + m + ' rows'; }, download: 'Download', sort: 'Sort by this column', rank: ['Rank'] }
    : { filter: '筛选…', xlsx: 'XLSX', csv: 'CSV', rows: function (n, m) { return n === m ? '共 ' + m + ' 行' : '显示 ' + n + ' / ' + m + ' 行'; }, download: '下载', sort: '按此列排序', rank: ['排名', '名次'] };

  function text(el) { return (el.textContent || '').replace(/\s+/g, ' ').trim(); }

  // key reads a cell as a number where it is one: "92.35", "3 / 14" (3),
  // "▲ 2" (2), "▼ 5" (−5), "88.4%"; "—" and blanks sort last.
  function key(td) {
    var v = td.getAttribute('data-sort');
    var t = v !== null ? v : text(td);
    if (t === '' || t === '—' || t === '-') return null;
    var m = /^([▲▼])\s*(\d+(?:\.\d+)?)/.exec(t);
    if (m) return (m[1] === '▼' ? -1 : 1) * parseFloat(m[2]);
    m = /^-?\d[\d,]*(?:\.\d+)?/.exec(t);
    if (m && !/^\d{4}Q\d/.test(t) && !/^\d{4}-\d\d/.test(t)) return parseFloat(m[0].replace(/,/g, ''));
    return t;
  }

  function bodyRows(table) {
    var tb = table.tBodies[0];
    return tb ? Array.prototype.slice.call(tb.rows) : [];
  }

  function sortBy(table, col, dir) {
    var rows = bodyRows(table);
    var keys = rows.map(function (r) { return r.cells[col] ? key(r.cells[col]) : null; });
    var numeric = keys.every(function (k) { return k === null || typeof k === 'number'; });
    var idx = rows.map(function (_, i) { return i; });
    idx.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      if (x === null || y === null) return x === y ? a - b : (x === null ? 1 : -1);
      var c = numeric ? (typeof x === 'number' ? x : 0) - (typeof y === 'number' ? y : 0) : String(x).localeCompare(String(y), 'zh-CN');
      return c === 0 ? a - b : c * dir;
    });
    var tb = table.tBodies[0];
    idx.forEach(function (i) { tb.appendChild(rows[i]); });
    var ths = table.tHead ? table.tHead.rows[0].cells : [];
    for (var i = 0; i < ths.length; i++) {
      if (i === col) ths[i].setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      else ths[i].removeAttribute('aria-sort');
    }
  }

  function wireSort(table) {
    if (!table.tHead || !table.tHead.rows.length) return;
    var ths = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, col) {
      th.classList.add('sortable');
      th.tabIndex = 0;
      th.title = L.sort;
      var go = function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        sortBy(table, col, dir);
      };
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); }
      });
      if (L.rank.indexOf(text(th)) >= 0 && !table.hasAttribute('data-sorted') && !table.hasAttribute('data-order')) {
        table.setAttribute('data-sorted', String(col));
        sortBy(table, col, 1);
      }
    });
  }

  // shown is what the table shows: headers, then the rows the filter
  // leaves, in their order on screen.
  function shown(table) {
    var head = table.tHead ? Array.prototype.map.call(table.tHead.rows[0].cells, text) : [];
    var rows = bodyRows(table).filter(function (r) { return !r.hidden; }).map(function (r) {
      return Array.prototype.map.call(r.cells, text);
    });
    return { head: head, rows: rows };
  }

  // A number as a table shows it: "92.35", "-3", "+2", "88.4%".
  var NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$/;

  // csvCell quotes a cell, and neutralises text a spreadsheet would run as
  // a formula (= + - @ tab CR first, OWASP) with a leading apostrophe, as
  // data.SafeCSVCell does for the server's exports; numbers stay numbers.
  function csvCell(s) {
    if (/^[=+\-@\t\r]/.test(s) && !NUMBER.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  // CSV in UTF-8 with a BOM, so that Excel reads the Chinese.
  function toCSV(t) {
    var lines = [t.head].concat(t.rows).map(function (r) { return r.map(csvCell).join(','); });
    return new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  }

  function save(blob, name) {
    var a = doc.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    doc.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function fileName(table, ext) {
    var card = table.closest('section, .card');
    var h = card && card.querySelector('h2');
    var title = (h ? text(h) : '') || text(doc.querySelector('h1') || doc.body).slice(0, 40) || 'table';
    return title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) + '.' + ext;
  }

  function wireTools(table) {
    var wrap = table.closest('.table-wrap') || table;
    var bar = doc.createElement('div');
    bar.className = 'table-tools';
    var input = doc.createElement('input');
    input.type = 'search';
    input.placeholder = L.filter;
    input.setAttribute('aria-label', L.filter);
    input.className = 'table-filter';
    var count = doc.createElement('span');
    count.className = 'table-count muted';
    var total = bodyRows(table).length;
    count.textContent = L.rows(total, total);
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase(), n = 0;
      bodyRows(table).forEach(function (r) {
        var ok = !q || text(r).toLowerCase().indexOf(q) >= 0;
        r.hidden = !ok;
        if (ok) n++;
      });
      count.textContent = L.rows(n, total);
    });
    bar.appendChild(input);
    bar.appendChild(count);
    [['xlsx', L.xlsx], ['csv', L.csv]].forEach(function (f) {
      var b = doc.createElement('button');
      b.type = 'button';
      b.className = 'btn ghost small';
      b.textContent = L.download + ' ' + f[1];
      b.setAttribute('data-download', f[0]);
      b.addEventListener('click', function () {
        var t = shown(table);
        save(f[0] === 'csv' ? toCSV(t) : window.jixiaoXLSX(t), fileName(table, f[0]));
      });
      bar.appendChild(b);
    });
    wrap.parentNode.insertBefore(bar, wrap);
  }

  function start() {
    if (doc.body.classList.contains('meeting')) return;
    var tables = doc.querySelectorAll('table.data:not([data-plain])');
    for (var i = 0; i < tables.length; i++) {
      if (!tables[i].tBodies.length || !bodyRows(tables[i]).length) continue;
      wireSort(tables[i]);
      wireTools(tables[i]);
    }
  }

  // for the browser tests and the XLSX writer
  window.jixiaoTables = { shown: shown, toCSV: toCSV };

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
