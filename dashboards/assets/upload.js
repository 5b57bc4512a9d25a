/* jixiao 绩效 — uploads with a progress bar. A <form data-progress> is sent
   by XHR: its bar shows the bytes sent, then that the server is validating
   and scoring; the server's answer replaces the page as a normal submit
   would (a redirect is followed). A failed send is shown, not repeated. */
(function () {
  'use strict';
  var doc = document;

  function wire(form) {
    var box = form.querySelector('.upload-progress');
    if (!box || !window.FormData || !window.XMLHttpRequest) return;
    var bar = box.querySelector('progress'), label = box.querySelector('span');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var fd = new FormData(form);
      if (e.submitter && e.submitter.name) fd.append(e.submitter.name, e.submitter.value);
      var buttons = form.querySelectorAll('button');
      buttons.forEach(function (b) { b.disabled = true; });
      box.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (p) {
        if (!p.lengthComputable) return;
        var pct = Math.round(100 * p.loaded / p.total);
        bar.value = pct;
        label.textContent = box.getAttribute('data-uploading').replace(/\d+%/, pct + '%');
      });
      xhr.upload.addEventListener('load', function () {
        bar.removeAttribute('value'); // indeterminate while the server works
        label.textContent = box.getAttribute('data-working');
      });
      xhr.addEventListener('load', function () {
        var to = xhr.responseURL || '';
        if (to && to.split('#')[0] !== form.action.split('#')[0]) { window.location.href = to; return; }
        doc.open();
        doc.write(xhr.responseText);
        doc.close();
      });
      // never sent again by itself: a second send could import twice
      xhr.addEventListener('error', function () {
        buttons.forEach(function (b) { b.disabled = false; });
        bar.value = 0;
        label.textContent = '✕';
      });
      xhr.send(fd);
    });
  }

  function start() {
    var forms = doc.querySelectorAll('form[data-progress]');
    for (var i = 0; i < forms.length; i++) wire(forms[i]);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
