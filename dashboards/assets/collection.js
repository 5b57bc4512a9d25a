// jixiao /submissions: the forms and buttons call the JSON API (SPEC §12)
// and reload the page; an error is shown as text, never as markup.
(function () {
  'use strict';
  function show(msg) {
    var el = document.querySelector('.co-msg');
    if (!el) { return; }
    el.textContent = msg;
    el.hidden = false;
    el.scrollIntoView({ block: 'center' });
  }
  function send(method, url, body) {
    return fetch(url, {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) {
          var parts = [j.error || ('HTTP ' + r.status)];
          (j.errors || []).forEach(function (e) { if (e.column) { parts.push(e.column + ' ' + e.message); } });
          throw new Error(parts.join('；'));
        }
        return j;
      });
    });
  }
  function declaration(form) {
    var items = [];
    form.querySelectorAll('input[name="actual"]').forEach(function (inp) {
      var v = inp.value.trim();
      if (v === '') { return; }
      var note = form.querySelector('input[name="note"][data-code="' + inp.dataset.code + '"]');
      items.push({ indicator_code: inp.dataset.code, actual: v, note: note ? note.value : '' });
    });
    var body = { items: items };
    if (form.dataset.method === 'POST') { body.unit_code = form.dataset.unit; body.period = form.dataset.period; }
    return body;
  }
  function fields(form) {
    var body = {};
    form.querySelectorAll('input[name], textarea[name], select[name]').forEach(function (el) {
      var v = el.value;
      if (el.dataset.num) { body[el.name] = v.trim() === '' ? null : Number(v); return; }
      if (el.name === 'indicator_code' && v.trim() === '') { body[el.name] = null; return; }
      body[el.name] = v;
    });
    return body;
  }
  document.addEventListener('submit', function (ev) {
    var form = ev.target.closest('form.co-form');
    if (!form) { return; }
    ev.preventDefault();
    var body = form.classList.contains('co-declare') ? declaration(form) : fields(form);
    send(form.dataset.method, form.dataset.url, body).then(function () { location.reload(); }, function (e) { show(e.message); });
  });
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest('button.co-step');
    if (!b) { return; }
    var body = {};
    if (b.dataset.comment) {
      var c = b.parentNode.querySelector('.co-comment');
      body.comment = c ? c.value : '';
    }
    var form = b.closest('form.co-declare');
    var first = form ? send(form.dataset.method, form.dataset.url, declaration(form)) : Promise.resolve();
    first.then(function () { return send('POST', b.dataset.url, body); })
      .then(function () { location.reload(); }, function (e) { show(e.message); });
  });
})();
