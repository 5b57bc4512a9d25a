/* jixiao /sources (SPEC §11): the forms and buttons call the JSON API
   (same origin, JSON); results are built as DOM text, never markup. */
(function () {
  'use strict';
  var textsEl = document.getElementById('src-texts');
  if (!textsEl || !window.fetch) { return; }
  var T = {};
  try { T = JSON.parse(textsEl.textContent); } catch (e) { T = {}; }
  var lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  function t(k) { return T[k] || k; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  var msg = document.getElementById('src-msg');
  function say(text, bad) {
    msg.hidden = false;
    msg.textContent = text;
    msg.className = 'src-msg' + (bad ? ' bad' : '');
  }
  function call(method, url, body) {
    var opt = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    if (body !== undefined) {
      opt.headers['Content-Type'] = 'application/json';
      opt.body = JSON.stringify(body);
    }
    var sep = url.indexOf('?') < 0 ? '?' : '&';
    return window.fetch(url + sep + 'lang=' + lang, opt).then(function (r) {
      if (r.status === 204) { return { ok: true, data: null }; }
      return r.json().then(function (d) { return { ok: r.ok, data: d }; }, function () { return { ok: r.ok, data: {} }; });
    });
  }
  function failText(d) {
    var s = (d && d.error) || t('src_failed_req');
    if (d && d.errors && d.errors.length) {
      s += ': ' + d.errors.map(function (e) { return (e.key || e.column || '') + ' ' + e.message; }).join('; ');
    }
    return s;
  }
  var result = document.getElementById('src-result');
  var resultTitle = document.getElementById('src-result-title');
  var resultBody = document.getElementById('src-result-body');
  function show(title) {
    result.hidden = false;
    resultTitle.textContent = title;
    while (resultBody.firstChild) { resultBody.removeChild(resultBody.firstChild); }
    result.scrollIntoView({ block: 'nearest' });
  }
  function table(head, rows) {
    var wrap = el('div', null, 'table-wrap');
    var tb = el('table', null, 'data');
    var tr = el('tr');
    head.forEach(function (h) { tr.appendChild(el('th', h)); });
    var th = el('thead'); th.appendChild(tr); tb.appendChild(th);
    var body = el('tbody');
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c) { row.appendChild(el('td', c)); });
      body.appendChild(row);
    });
    tb.appendChild(body); wrap.appendChild(tb);
    return wrap;
  }
  function status(s) {
    return el('span', t('src_st_' + s), 'wf-status src-' + s);
  }
  function showRun(run) {
    show(run.dry_run ? t('src_dry') : t('src_result'));
    var line = el('p', null, 'src-line');
    line.appendChild(status(run.status));
    var parts = [t('period') + ' ' + run.period, t('src_rows') + ' ' + run.rows];
    if (run.batch) { parts.push(t('src_batch') + ' ' + run.batch); }
    if (run.preview) {
      parts.push(t('src_added') + ' ' + (run.preview.added || 0), t('src_replaced') + ' ' + (run.preview.replaced || 0));
    }
    line.appendChild(document.createTextNode(' ' + parts.join(' · ')));
    resultBody.appendChild(line);
    if (run.errors && run.errors.length) {
      resultBody.appendChild(table([t('src_row'), t('src_column'), t('src_message')],
        run.errors.map(function (e) { return [e.row || '', e.column || '', e.message]; })));
    }
    if (run.sample && run.sample.length) {
      resultBody.appendChild(el('p', t('src_sample'), 'src-line muted'));
      resultBody.appendChild(table(run.columns, run.sample));
    }
  }
  function showHistory(runs) {
    show(t('src_history'));
    if (!runs.length) { resultBody.appendChild(el('p', t('src_no_runs'), 'muted')); return; }
    resultBody.appendChild(table([t('src_started'), t('period'), '', t('src_rows'), t('src_batch'), t('src_message')],
      runs.map(function (r) {
        var first = r.errors && r.errors.length ? (r.errors[0].row ? t('src_row') + ' ' + r.errors[0].row + ' ' + (r.errors[0].column || '') + ': ' : '') + r.errors[0].message : '';
        return [new Date(r.started_at).toLocaleString(), r.period, t('src_st_' + r.status) + ' · ' + t('src_trigger_' + r.trigger) + ' · ' + r.run_by,
          r.rows, r.batch || '', first];
      })));
  }
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest ? ev.target.closest('button') : null;
    if (!b) { return; }
    var id;
    if ((id = b.getAttribute('data-test'))) {
      say(t('src_working'));
      call('POST', '/api/sources/' + id + '/test', {}).then(function (r) {
        if (!r.ok) { say(failText(r.data), true); return; }
        say(r.data.message, !r.data.ok);
      });
    } else if ((id = b.getAttribute('data-run'))) {
      var sel = document.querySelector('[data-period-for="' + id + '"]');
      var dry = b.getAttribute('data-dry') === '1';
      say(t('src_working'));
      b.disabled = true;
      call('POST', '/api/pulls/' + id + '/run' + (dry ? '?dry_run=1' : ''), { period: sel ? sel.value : '' }).then(function (r) {
        b.disabled = false;
        if (!r.ok) { say(failText(r.data), true); return; }
        msg.hidden = true;
        showRun(r.data);
        if (!dry) { setTimeout(function () { window.location.reload(); }, 2500); }
      });
    } else if ((id = b.getAttribute('data-history'))) {
      call('GET', '/api/pulls/' + id + '/runs').then(function (r) {
        if (!r.ok) { say(failText(r.data), true); return; }
        showHistory(r.data);
      });
    } else if (b.getAttribute('data-delete')) {
      if (!window.confirm(t('src_confirm_del'))) { return; }
      call('DELETE', b.getAttribute('data-delete')).then(function (r) {
        if (!r.ok) { say(failText(r.data), true); return; }
        window.location.reload();
      });
    } else if ((id = b.getAttribute('data-edit-source'))) {
      fill('source-form', { id: id, name: b.getAttribute('data-name'), driver: b.getAttribute('data-driver'), dsn: b.getAttribute('data-dsn'), password: '' });
    } else if ((id = b.getAttribute('data-edit-pull'))) {
      fill('pull-form', { id: id, name: b.getAttribute('data-name'), source: b.getAttribute('data-source'), query: b.getAttribute('data-query'),
        schedule: b.getAttribute('data-schedule'), periods: b.getAttribute('data-periods') });
    }
  });
  function fill(formId, v) {
    var f = document.getElementById(formId);
    if (!f) { return; }
    Object.keys(v).forEach(function (k) { if (f.elements[k]) { f.elements[k].value = v[k] || ''; } });
    f.scrollIntoView({ block: 'nearest' });
    if (f.elements.name) { f.elements.name.focus(); }
  }
  function save(f, build, base) {
    f.addEventListener('reset', function () { f.elements.id.value = ''; });
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var id = f.elements.id.value;
      call(id ? 'PUT' : 'POST', id ? base + '/' + id : base, build(f)).then(function (r) {
        if (!r.ok) { say(failText(r.data), true); return; }
        say(t('src_saved'));
        window.location.reload();
      });
    });
  }
  var sf = document.getElementById('source-form');
  if (sf) {
    save(sf, function (f) {
      var body = { name: f.elements.name.value, driver: f.elements.driver.value, dsn: f.elements.dsn.value };
      if (f.elements.password.value !== '' || !f.elements.id.value) { body.password = f.elements.password.value; }
      return body;
    }, '/api/sources');
  }
  var pf = document.getElementById('pull-form');
  if (pf) {
    save(pf, function (f) {
      var p = f.elements.periods.value.trim();
      return { name: f.elements.name.value, source: parseInt(f.elements.source.value, 10), query: f.elements.query.value,
        schedule: f.elements.schedule.value, periods: p === '' || p === 'open' ? 'open' : p.split(/[\s,，]+/).filter(Boolean) };
    }, '/api/pulls');
  }
})();
