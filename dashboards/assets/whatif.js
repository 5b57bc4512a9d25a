/* jixiao what-if page: each slider shows its value and, shortly after it
   stops moving, reruns the scenario (the form is an ordinary GET form, so
   the page also works without script). Only values that differ from the
   catalogue are sent. */
(function () {
  'use strict';
  var form = document.querySelector('[data-whatif]');
  if (!form) return;
  var timer = null;
  function submit() {
    var inputs = form.querySelectorAll('input[type=range]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      el.disabled = String(parseFloat(el.value)) === String(parseFloat(el.getAttribute('data-default')));
    }
    form.submit();
  }
  form.addEventListener('input', function (ev) {
    var el = ev.target;
    if (!el || el.type !== 'range') return;
    var out = el.parentNode.querySelector('output');
    if (out) out.textContent = (el.name.indexOf('s.') === 0 ? '×' : '') + el.value;
    clearTimeout(timer);
    timer = setTimeout(submit, 600);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    submit();
  });
})();
