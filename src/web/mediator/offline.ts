import type { WebContext } from '../env.js';

/**
 * The service worker that keeps the mediator's agenda readable offline. Network first for the agenda
 * (/app): each answer replaces the copy; without a network the copy is shown with its "offline —
 * aggiornato alle …" banner. Only GETs of the agenda and its assets are ever touched: nothing is
 * written offline (a form sent offline fails as it would without the worker).
 */
const SCRIPT = `'use strict';
var CACHE = 'mediator-agenda-v1';
var AGENDA = '/app';
function stamped(response) {
  return response.text().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set('x-saved-at', String(Date.now()));
    return { body: body, response: new Response(body, { status: 200, headers: headers }) };
  });
}
function save(response) {
  if (!response.ok || response.redirected || response.status !== 200) return Promise.resolve();
  return stamped(response).then(function (saved) {
    var assets = [];
    saved.body.replace(/(?:href|src)="(\\/assets\\/[^"]+)"/g, function (_, url) { assets.push(url); return _; });
    return caches.open(CACHE).then(function (cache) {
      return Promise.all([cache.put(AGENDA, saved.response)].concat(assets.map(function (url) {
        return cache.match(url).then(function (hit) { return hit || cache.add(url).catch(function () {}); });
      })));
    });
  });
}
function offline(copy) {
  var at = Number(copy.headers.get('x-saved-at')) || Date.now();
  var time = new Date(at).toLocaleTimeString('it-IT', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' });
  return copy.text().then(function (body) {
    body = body.replace(/<div id="offline-banner"([^>]*?) hidden(="")?([^>]*?)data-offline-text="([^"]*)"([^>]*)><\\/div>/, function (_, a, _h, b, text, c) {
      return '<div id="offline-banner"' + a + b + 'data-offline-text="' + text + '"' + c + '>' + text + ' ' + time + '</div>';
    });
    return new Response(body, { status: 200, headers: copy.headers });
  });
}
self.addEventListener('install', function (event) {
  event.waitUntil(fetch(AGENDA, { credentials: 'same-origin' }).then(save).catch(function () {}).then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === AGENDA && request.mode === 'navigate') {
    event.respondWith(fetch(request).then(function (response) {
      if (url.search === '') event.waitUntil(save(response.clone()));
      return response;
    }).catch(function () {
      return caches.match(AGENDA).then(function (copy) { return copy ? offline(copy) : Response.error(); });
    }));
  } else if (url.pathname.indexOf('/assets/') === 0) {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(url.pathname).then(function (hit) { return hit || Response.error(); });
    }));
  }
});
`;

/** Serves the worker; `Service-Worker-Allowed` lets it control /app itself, not only /app/… */
export function serviceWorker(c: WebContext) {
  return c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'service-worker-allowed': '/app' });
}
