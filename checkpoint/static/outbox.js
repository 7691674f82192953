// The outbox: every form an officer fills is kept on the tablet (IndexedDB) until the server confirms it.
// A form is sent through fetch with a client id made when it is first kept (web/once.py records it once);
// a redirect (as JSON, {ok, redirect}) confirms it; a refusal (4xx) shows the server's page with the input
// kept; no answer or a 5xx keeps it and tries again, with growing pauses; an ended session asks for the
// password in place, then sends what waited. Loaded by app.js on every page.
(function () {
  "use strict";
  const DB_NAME = "checkpoint-outbox", STORE = "forms", META = "checkpoint.outbox.meta";
  // Forms that must never wait on the tablet: signing in or out, the language, a password (never stored),
  // and the photo forms, which keep their photos themselves (app.js).
  const NEVER = [/^\/login$/, /^\/logout$/, /^\/lang\//, /^\/password$/];
  const MAX_PAUSE_MS = 60000;
  let meta = readMeta();
  let pauseMs = 2000, timer = null, reauthOpen = null;
  const sending = new Set();

  function readMeta() {
    try { return JSON.parse(localStorage.getItem(META)) || {}; } catch (_) { return {}; }
  }
  function text(key, values) {
    const template = (meta.texts || {})[key] || key;
    return template.replace(/\{(\w+)\}/g, (_, name) => (values || {})[name]);
  }
  const token = () => document.querySelector('meta[name="csrf-token"]').content;

  // --- IndexedDB ---
  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function store(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => { db.close(); resolve(request.result); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    });
  }
  const put = (item) => store("readwrite", (s) => s.put(item));
  const remove = (id) => store("readwrite", (s) => s.delete(id));
  const all = () => store("readonly", (s) => s.getAll());

  // --- which forms, and what they hold ---
  // Attributes, never form.action or form.id: an input named "action" (the interception's) hides them.
  const actionOf = (form) => new URL(form.getAttribute("action") || location.href, location.href).href;
  function queued(form) {
    if ((form.getAttribute("method") || "").toLowerCase() !== "post" || form.dataset.queue === "no") return false;
    if (form.classList.contains("photos") || form.hasAttribute("target") || form.querySelector("input[type=password]")) {
      return false;
    }
    return !NEVER.some((pattern) => pattern.test(new URL(actionOf(form)).pathname));
  }
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function clientId(form) {
    let input = form.querySelector("input[name=client_id]");
    if (!input) {
      input = Object.assign(document.createElement("input"), { type: "hidden", name: "client_id", value: newId() });
      form.append(input);
    }
    return input.value;
  }
  function label(form, submitter) {
    const button = submitter || form.querySelector("button[type=submit], button:not([type])");
    const heading = document.querySelector("main h1");
    return [heading ? heading.textContent.trim() : document.title, button ? button.textContent.trim() : ""]
      .filter(Boolean).join(" · ");
  }
  function entriesOf(form, submitter) {
    let data;
    try { data = new FormData(form, submitter || undefined); } catch (_) { data = new FormData(form); }
    // Empty file inputs travel as empty files; a stored one would only take space.
    return [...data.entries()].filter(([, v]) => !(v instanceof File) || v.name || v.size);
  }

  // --- sending ---
  async function send(item, live) {
    if (sending.has(item.id)) return;
    sending.add(item.id);
    try {
      await sendOnce(item, live);
    } finally {
      sending.delete(item.id);
      render();
    }
  }

  async function post(item) {
    const body = new FormData();
    for (const [name, value] of item.entries) {
      if (name !== "csrf_token") body.append(name, value);
    }
    body.append("csrf_token", token());  // the page's current token: a new session has a new one
    return fetch(item.action, { method: "POST", body, credentials: "same-origin",
                                headers: { "X-Checkpoint-Outbox": "1", "X-CSRFToken": token() } });
  }

  async function sendOnce(item, live) {
    let response;
    try {
      response = await post(item);
      if (response.status === 400) {  // an expired CSRF token: take a fresh one and try once more
        await window.checkpoint.refreshToken();
        response = await post(item);
      }
    } catch (_) {
      return waitAndRetry(item, live);  // no answer: the tablet's server is down or restarting
    }
    const type = response.headers.get("Content-Type") || "";
    if (response.status === 401) {
      const body = type.includes("json") ? await response.json() : {};
      markWaiting(live);
      reauth(body);  // the dialog sends everything again once signed in
      return;
    }
    if (response.status >= 500 || response.status === 429) {
      return waitAndRetry(item, live, Number(response.headers.get("Retry-After")) * 1000);
    }
    pauseMs = 2000;
    if (!response.ok && type.includes("json")) {  // sent elsewhere first (a new password): the form waits
      const body = await response.json();
      if (body.redirect) { markWaiting(live); location.assign(body.redirect); return; }
    }
    if (response.ok && type.includes("json")) {
      const body = await response.json();
      await remove(item.id);
      if (live || samePage(item)) { location.assign(body.redirect || location.href); return; }
      toast(text("sent"));
      return;
    }
    if (response.ok && response.redirected) {  // a server without web/once.py: fetch followed its redirect
      await remove(item.id);
      if (live || samePage(item)) location.assign(response.url); else toast(text("sent"));
      return;
    }
    const html = await response.text();
    if (response.ok) {  // a page answered without a redirect: saved all the same
      await remove(item.id);
      if (live) location.reload();
      return;
    }
    // Refused (422 and the like): nothing was recorded. Where the server's page holds the form again, with what
    // is wrong beside the field and the input kept, it takes this page's place. Otherwise (a form that can no
    // longer be taken, an error page) the form stays listed with the reason, to be opened, corrected or discarded.
    const form = live || (samePage(item) ? findForm(item) : null);
    const doc = new DOMParser().parseFromString(html, "text/html");
    if (form && [...doc.querySelectorAll("main form")].some((f) => actionOf(f) === item.action)) {
      await remove(item.id);
      showPage(doc, form);
      return;
    }
    item.state = "refused";
    item.error = errorIn(doc) || text("refused");
    await put(item);
    if (form) markWaiting(form, null, item.error);
  }

  function waitAndRetry(item, live, retryAfterMs) {
    markWaiting(live);
    schedule(retryAfterMs > 0 ? retryAfterMs : pauseMs);
    pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
  }
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  async function flush() {
    if (reauthOpen || !meta.username) return;  // nobody signed in: forms wait for their officer
    for (const item of await all()) {
      if (item.state === "refused" || (meta.username && item.user && item.user !== meta.username)) continue;
      await send(item, samePage(item) ? findForm(item) : null);
      if (reauthOpen) return;
    }
  }

  const samePage = (item) => item.page === location.pathname + location.search;
  function findForm(item) {
    return [...document.querySelectorAll("form")].find((form) =>
      actionOf(form) === item.action && queued(form) && (!item.formId || form.getAttribute("id") === item.formId)) || null;
  }
  function errorIn(doc) {
    const error = doc.querySelector("main .field-error") || doc.querySelector("main .flash.error");
    return error ? error.textContent.trim() : "";
  }

  // The server's page in place of this one's main part: its errors beside the fields and the input it kept,
  // with the photos chosen here put back in their inputs (a server cannot send them back).
  function showPage(doc, oldForm) {
    const main = doc.querySelector("main");
    const files = oldForm ? [...oldForm.querySelectorAll("input[type=file]")].filter((i) => i.files.length) : [];
    const fresh = doc.querySelector('meta[name="csrf-token"]');
    if (fresh) document.querySelector('meta[name="csrf-token"]').content = fresh.content;
    document.title = doc.title;
    const adopted = document.adoptNode(main);
    document.querySelector("main").replaceWith(adopted);
    for (const input of files) {
      const twin = adopted.querySelector(`input[type=file][name="${CSS.escape(input.name)}"]`);
      if (twin) twin.files = input.files;
    }
    setUp(adopted);
    document.dispatchEvent(new CustomEvent("checkpoint:page", { detail: { root: adopted } }));
    const problem = adopted.querySelector(".field-error") || adopted.querySelector(".flash.error");
    (problem || adopted).scrollIntoView({ block: "center" });
  }

  // --- what the officer sees ---
  // The word "waiting" goes beside the button that sent the form (which may stand outside it, form="…").
  const statuses = new WeakMap();
  function markWaiting(form, submitter, refusal) {
    if (!form) return;
    let status = statuses.get(form);
    if (!status || !status.isConnected) {
      status = Object.assign(document.createElement("p"), { className: "outbox-status" });
      status.setAttribute("role", "status");
      const buttons = form.querySelectorAll("button[type=submit], button:not([type])");
      const beside = submitter || buttons[buttons.length - 1];
      // A button outside its form (form="…") stands in a row of others: the word goes below the row.
      if (beside) (form.contains(beside) ? beside : beside.parentElement).after(status); else form.append(status);
      statuses.set(form, status);
    }
    status.textContent = refusal || text("kept");
    status.classList.toggle("refused", Boolean(refusal));
    status.hidden = false;
  }
  function markSending(form, submitter) {
    markWaiting(form, submitter);
    statuses.get(form).textContent = text("sending");
  }

  function toast(message) {
    const note = Object.assign(document.createElement("p"), { className: "outbox-toast", textContent: message });
    note.setAttribute("role", "status");
    document.body.append(note);
    setTimeout(() => note.remove(), 4000);
  }

  async function render() {
    const items = await all();
    let panel = document.getElementById("outbox");
    if (!items.length) { if (panel) panel.remove(); return; }
    if (!panel) {
      panel = Object.assign(document.createElement("aside"), { id: "outbox", className: "outbox" });
      panel.innerHTML = "<details><summary></summary><ul></ul><p class='outbox-actions'>" +
        "<button type='button' class='primary send-now'></button></p></details>";
      panel.querySelector(".send-now").addEventListener("click", () => { pauseMs = 2000; flush(); });
      // At the top of the page, in its flow: it never covers a field or the button that sends the form.
      (document.querySelector("main") || document.body).prepend(panel);
    }
    const refused = items.filter((i) => i.state === "refused").length;
    const waiting = items.length - refused;
    panel.classList.toggle("refused", refused > 0);
    panel.querySelector("summary").textContent = [
      waiting ? text(waiting === 1 ? "waiting_one" : "waiting", { count: waiting }) : "",
      refused ? text(refused === 1 ? "refused_one" : "refused_count", { count: refused }) : "",
    ].filter(Boolean).join(" · ");
    panel.querySelector(".send-now").textContent = text("send_now");
    panel.querySelector(".send-now").hidden = waiting === 0;
    const list = panel.querySelector("ul");
    list.replaceChildren(...items.sort((a, b) => a.kept - b.kept).map(row));
  }

  function row(item) {
    const li = document.createElement("li");
    li.dataset.id = item.id;
    li.className = item.state === "refused" ? "refused" : "waiting";
    const when = new Date(item.kept).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
    const what = Object.assign(document.createElement("span"), { className: "what", textContent: item.label });
    const state = Object.assign(document.createElement("span"), { className: "state" });
    state.textContent = item.state === "refused" ? item.error
      : meta.username && item.user && item.user !== meta.username ? text("other_user", { user: item.user })
        : sending.has(item.id) ? text("sending") : text("kept_at", { time: when });
    li.append(what, state);
    if (item.state === "refused") {
      const openLink = Object.assign(document.createElement("a"), { className: "button", href: item.page, textContent: text("open") });
      const discard = Object.assign(document.createElement("button"), { type: "button", textContent: text("discard") });
      discard.addEventListener("click", async () => {
        if (window.confirm(text("discard_confirm"))) { await remove(item.id); render(); }
      });
      li.append(openLink, discard);
    }
    return li;
  }

  // A form kept earlier is shown filled in again on its page, as it was typed, and marked waiting or refused.
  function refill(form, item) {
    const names = new Set(item.entries.map(([name]) => name));
    for (const name of names) {
      if (name === "csrf_token") continue;
      const values = item.entries.filter(([n]) => n === name).map(([, v]) => v);
      const fields = [...form.elements].filter((e) => e.name === name);
      if (!fields.length && name === "client_id") clientId(form);
      for (const field of fields.length ? fields : form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (field.type === "radio" || field.type === "checkbox") field.checked = values.includes(field.value);
        else if (field.type === "file") {
          const transfer = new DataTransfer();
          values.filter((v) => v instanceof File).forEach((f) => transfer.items.add(f));
          field.files = transfer.files;
        } else if (field.tagName === "SELECT" && field.multiple) {
          [...field.options].forEach((o) => { o.selected = values.includes(o.value); });
        } else if (field.type !== "submit") field.value = values[0];
      }
    }
    form.querySelector("input[name=client_id]").value = item.id;
    if (item.state === "refused") {
      const error = Object.assign(document.createElement("p"), { className: "flash error", textContent: item.error });
      error.setAttribute("role", "alert");
      form.prepend(error);
      item.state = "waiting";  // corrected and sent again from here, or left for later
    } else markWaiting(form);
  }

  // --- an ended session: the password again, in place ---
  function reauth(body) {
    if (reauthOpen) return reauthOpen;
    const username = body.username || meta.username || "";
    reauthOpen = new Promise((resolve) => {
      const dialog = Object.assign(document.createElement("dialog"), { id: "reauth", className: "reauth" });
      dialog.innerHTML = "<form method='dialog' class='stack'><h2></h2><p class='why'></p>" +
        "<label class='who'><span></span><input name='username' autocomplete='username' autocapitalize='off' required></label>" +
        "<label><span></span><input type='password' name='password' autocomplete='current-password' required></label>" +
        "<p class='flash error' role='alert' hidden></p>" +
        "<button type='submit' class='primary big'></button><a class='button' href='/login'></a></form>";
      const form = dialog.querySelector("form");
      dialog.querySelector("h2").textContent = text("reauth_title");
      dialog.querySelector(".why").textContent = body.signed_out === "idle" && username
        ? text("reauth_idle", { user: username }) : text("reauth_other");
      const [userLabel, passLabel] = dialog.querySelectorAll("label span");
      userLabel.textContent = text("username");
      passLabel.textContent = text("password");
      form.elements.username.value = username;
      // The account whose forms wait signs in again; anyone else uses the sign-in page.
      dialog.querySelector("label.who").hidden = Boolean(username);
      dialog.querySelector("button").textContent = text("reauth_submit");
      dialog.querySelector("a").textContent = text("reauth_elsewhere");
      dialog.addEventListener("cancel", (e) => e.preventDefault());  // nothing else to do until signed in
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const error = dialog.querySelector(".flash.error");
        const button = dialog.querySelector("button");
        button.disabled = true;
        try {
          const problem = await signIn(form.elements.username.value, form.elements.password.value);
          if (problem) { error.textContent = problem; error.hidden = false; form.elements.password.select(); return; }
        } finally { button.disabled = false; }
        dialog.close();
        dialog.remove();
        reauthOpen = null;
        resolve();
        pauseMs = 2000;
        flush();
      });
      document.body.append(dialog);
      dialog.showModal();
      form.elements[username ? "password" : "username"].focus();
    });
    return reauthOpen;
  }

  // Signs in through the sign-in page's own form (its CSRF token first), then takes the new session's token.
  async function signIn(username, password) {
    try {
      const page = await fetch("/login", { credentials: "same-origin" });
      const loginDoc = new DOMParser().parseFromString(await page.text(), "text/html");
      const body = new FormData();
      body.append("username", username);
      body.append("password", password);
      body.append("csrf_token", loginDoc.querySelector('meta[name="csrf-token"]').content);
      const response = await fetch("/login", { method: "POST", body, credentials: "same-origin",
                                               headers: { "X-Checkpoint-Outbox": "1" } });
      if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) {
        const answer = new DOMParser().parseFromString(await response.text(), "text/html");
        return errorIn(answer) || text("reauth_offline");
      }
      await window.checkpoint.refreshToken();
      meta.username = username;
      return "";
    } catch (_) {
      return text("reauth_offline");
    }
  }

  // --- the page ---
  function setUp(root) {
    root.querySelectorAll("form").forEach((form) => {
      if (!queued(form) || form.dataset.outbox) return;
      form.dataset.outbox = "on";
      form.addEventListener("submit", async (event) => {
        if (event.defaultPrevented) return;
        event.preventDefault();
        const id = clientId(form);
        const item = { id, user: meta.username || "", action: actionOf(form), page: location.pathname + location.search,
                       formId: form.getAttribute("id") || "", label: label(form, event.submitter), entries: entriesOf(form, event.submitter),
                       kept: Date.now(), state: "waiting" };
        await put(item);
        markSending(form, event.submitter);
        await send(item, form);
      });
    });
  }

  async function refreshMeta() {
    try {
      const response = await fetch("/outbox.json", { credentials: "same-origin" });
      if (response.ok) {
        meta = await response.json();
        localStorage.setItem(META, JSON.stringify(meta));
      }
    } catch (_) { /* offline: the texts kept from the last page do */ }
  }

  async function start() {
    setUp(document);
    await refreshMeta();
    for (const item of await all()) {
      const form = samePage(item) ? findForm(item) : null;
      if (form) { refill(form, item); await put(item); }
    }
    await render();
    flush();
  }

  window.addEventListener("online", () => { pauseMs = 2000; flush(); });
  window.checkpoint = Object.assign(window.checkpoint || {}, { reauth: (body) => reauth(body || {}) });
  start();
})();
