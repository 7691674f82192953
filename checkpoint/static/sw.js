// Keeps the app shell (styles, scripts, an offline notice) so the tablet shows something useful while its
// own server restarts. Pages themselves always come fresh from the server when it answers.
"use strict";
const SHELL = "checkpoint-shell-SHELL_VERSION";  // the server puts a digest of the shell's files here
const FILES = ["/static/app.css", "/static/app.js", "/static/outbox.js", "/static/outbox.css", "/offline"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.url.includes("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/offline")));
  }
});
