/* jixiao report centre: opening /reports counts as a visit of the inbox
   (POST, same origin, JSON), so that what is new is new until seen. */
(function () {
  'use strict';
  var el = document.querySelector('[data-mark-seen]');
  if (!el || !window.fetch) { return; }
  window.fetch(el.getAttribute('data-mark-seen'), {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: '{}'
  }).catch(function () {});
})();
