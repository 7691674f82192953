// Checkpoint's page scripts: photos are kept on the tablet until the server confirms them, uploads show
// progress, and a service worker keeps the app shell when the tablet's own server restarts.
"use strict";

const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

// A page left open for an hour holds an expired CSRF token (400): the page's own address gives a fresh one.
async function refreshToken() {
  try {
    const response = await fetch(location.href, { credentials: "same-origin" });
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html")
      .querySelector('meta[name="csrf-token"]');
    if (response.ok && fresh) document.querySelector('meta[name="csrf-token"]').content = fresh.content;
  } catch (_) { /* no answer: the next try asks again */ }
}
// This tablet's id, kept by its browser: a patrol's route takes positions from one tablet only.
function deviceId() {
  let id = localStorage.getItem("checkpoint.device");
  if (!id) {
    id = crypto.randomUUID ? crypto.randomUUID()
      : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem("checkpoint.device", id);
  }
  return id;
}
document.querySelectorAll("input[type=hidden][name=device]").forEach((input) => { input.value = deviceId(); });
window.checkpoint = { csrfToken, refreshToken, deviceId };

// --- Pending photos: IndexedDB holds every chosen photo until the server has saved it. ---
function openStore() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("checkpoint", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("pending", { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await openStore();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("pending", mode);
    const result = work(tx.objectStore("pending"));
    tx.oncomplete = () => resolve(result.result !== undefined ? result.result : result);
    tx.onerror = () => reject(tx.error);
  });
}

const keep = (item) => withStore("readwrite", (s) => s.put(item));
const forget = (id) => withStore("readwrite", (s) => s.delete(id));
const pendingFor = async (action) =>
  (await withStore("readonly", (s) => s.getAll())).filter((item) => item.action === action);

function upload(form, items, status, bar) {
  const data = new FormData();
  data.append("kind", items[0].kind);
  for (const item of items) data.append("photos", item.blob, item.name);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total; };
    xhr.upload.onload = () => { bar.removeAttribute("value"); status.textContent = form.dataset.reading; };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (_) { body = { error: form.dataset.failed }; }
      resolve({ ok: xhr.status < 300 && body.ok, error: body.error, status: body.status, code: xhr.status, body,
                refused: (body.errors || []).map((e) => e.position).filter(Number.isInteger) });
    };
    xhr.onerror = () => resolve({ ok: false, error: form.dataset.offline, refused: [] });
    xhr.send(data);
  });
}

async function sendPending(form) {
  const status = form.querySelector(".upload-status");
  const bar = form.querySelector("progress");
  const items = await pendingFor(form.action);
  if (!items.length) return;
  bar.hidden = false;
  bar.value = 0;
  status.textContent = form.dataset.sending;
  form.querySelectorAll("button").forEach((b) => (b.disabled = true));
  let result = await upload(form, items, status, bar);
  if (result.code === 400) {
    await refreshToken();
    result = await upload(form, items, status, bar);
  }
  if (result.code === 401) {  // signed out while away: the password again, in place, then the same photos
    await window.checkpoint.reauth(result.body);
    result = await upload(form, items, status, bar);
  }
  if (result.ok && result.status) result = await follow(result.status);
  form.querySelectorAll("button").forEach((b) => (b.disabled = false));
  bar.hidden = true;
  if (result.ok) {
    for (const item of items) await forget(item.id);
    window.location.reload();
  } else {
    // Only the photos the server refused as photos (unreadable, too large) are dropped; every other
    // failure (no answer, inspection closed, reading failed for missing language data) keeps them all.
    for (const position of result.refused) await forget(items[position].id);
    status.textContent = result.error || form.dataset.failed;
    status.classList.add("error");
    showRetry(form);
  }
}

// The server reads photos off the request; ask how it is going until it is done or has failed.
async function follow(url) {
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    let body;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      body = await response.json();
    } catch (_) {
      continue; // the tablet's server may be restarting: keep asking
    }
    if (body.state !== "running") return { ok: body.state === "done", error: body.error, refused: [] };
  }
}

async function showRetry(form) {
  const retry = form.querySelector(".retry");
  const count = (await pendingFor(form.action)).length;
  retry.hidden = count === 0;
  retry.textContent = `${form.dataset.retry} (${count})`;
}

function setUpPhotoForm(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.querySelector("input[type=file]");
    const kind = form.querySelector("input[name=kind]:checked").value;
    for (const file of input.files) {
      await keep({ id: `${form.action}|${Date.now()}|${file.name}`, action: form.action, kind, name: file.name,
                   blob: file });
    }
    input.value = "";
    sendPending(form);
  });
  form.querySelector(".retry").addEventListener("click", () => sendPending(form));
  showRetry(form);
}

document.querySelectorAll("form.photos").forEach(setUpPhotoForm);

// Every other form goes through the outbox (static/outbox.js), which keeps it until the server confirms it.
const outboxStyle = Object.assign(document.createElement("link"), { rel: "stylesheet", href: "/static/outbox.css" });
document.head.append(outboxStyle);
document.head.append(Object.assign(document.createElement("script"), { src: "/static/outbox.js", defer: true }));

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
