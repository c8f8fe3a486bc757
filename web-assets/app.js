// The few enhancements a page can live without: every form and link works with JavaScript off.
(function () {
  'use strict';
  // Language picker: typing in the search box narrows the list of languages (by Italian name or code).
  document.querySelectorAll('[data-filter-select]').forEach(function (input) {
    var select = document.getElementById(input.getAttribute('data-filter-select'));
    if (!select) return;
    input.hidden = false;
    var label = document.querySelector('label[for="' + input.id + '"]');
    if (label) label.hidden = false;
    input.addEventListener('input', function () {
      var needle = input.value.trim().toLowerCase();
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !needle || option.text.toLowerCase().indexOf(needle) !== -1 || option.value.toLowerCase() === needle;
        option.hidden = !match;
        if (match && option.value && !first) first = option;
      });
      if (first && needle) select.value = first.value;
    });
  });
  // A form submitted once cannot be submitted again while the page is loading (the server dedupes anyway).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.hasAttribute('data-submitted')) { event.preventDefault(); return; }
    form.setAttribute('data-submitted', '');
  });
  function release() {
    document.querySelectorAll('form[data-submitted]').forEach(function (form) { form.removeAttribute('data-submitted'); });
  }
  window.addEventListener('pageshow', release);
  document.addEventListener('htmx:afterRequest', release);
})();
// The mediator's agenda stays readable offline (a service worker, network first). Signed out, the copy is dropped.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;
  if (document.getElementById('offline-banner')) {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/app' }).catch(function () {});
  } else if (location.pathname.indexOf('/app/login') === 0) {
    if (window.caches) caches.delete('mediator-agenda-v1');
    navigator.serviceWorker.getRegistrations().then(function (all) { all.forEach(function (r) { r.unregister(); }); });
  }
})();
