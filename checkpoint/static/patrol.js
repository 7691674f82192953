// Records the patrol's route from the tablet's GPS while a patrol page is open.
// Positions wait in localStorage until the tablet's own server has them: a failed post (server
// restarting, page reloading, the tablet sleeping) loses nothing, and the queue is sent again.
(function () {
  "use strict";
  // Pages print with a button, not an inline onclick: the CSP allows no inline script.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  scanIdCards(document.getElementById("interception-form"));
  var tracker = document.getElementById("tracker");
  if (!tracker) { return; }
  // A refused form comes back as the server's page in place of this one's (static/outbox.js): the tracker
  // running here stays, the new form is filled and scanned from as the first was.
  document.addEventListener("checkpoint:page", function () {
    var fresh = document.getElementById("tracker");
    if (fresh && fresh !== tracker) { fresh.replaceWith(tracker); }
    scanIdCards(document.getElementById("interception-form"));
    showDevice();
  });
  var queueKey = "checkpoint.track." + tracker.dataset.patrol;
  var lastKey = "checkpoint.lastfix";
  var gpsStatus = document.getElementById("gps-status");
  var queueStatus = document.getElementById("track-queue");
  var sending = false, otherDevice = false;
  var MIN_METRES = 5, MAX_SECONDS = 30, RETRY_MS = 5000;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function showQueue() {
    var waiting = load(queueKey).length;
    queueStatus.dataset.count = String(waiting);
    // A tablet that does not draw the route has nothing saved to speak of: it says why instead (showDevice).
    queueStatus.textContent = waiting
      ? format(tracker.dataset.msgWaiting, {count: waiting}) : otherDevice ? "" : tracker.dataset.msgSent;
    queueStatus.classList.toggle("waiting", waiting > 0);
  }
  function metres(a, b) {
    var rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371000 * Math.asin(Math.sqrt(h));
  }
  function countRoute(stored) {
    // The patrol page's count follows the route as it is saved, without reloading the page.
    var route = document.getElementById("route-count");
    if (!route || !stored) { return; }
    route.dataset.count = String(Number(route.dataset.count) + stored);
    route.textContent = format(tracker.dataset.msgRoute, {count: route.dataset.count});
  }
  function fillForm(fix) {
    // The interception form takes the position of the latest fix.
    var form = document.getElementById("interception-form");
    if (!form) { return; }
    form.elements.lat.value = fix.lat;
    form.elements.lon.value = fix.lon;
    form.elements.accuracy.value = fix.accuracy === null ? "" : Math.round(fix.accuracy);
  }

  function flush() {
    var queue = load(queueKey);
    if (sending || !queue.length) { showQueue(); return; }
    sending = true;
    var batch = queue.slice(0, 500);
    fetch(tracker.dataset.trackUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": window.checkpoint.csrfToken()},
      body: JSON.stringify({points: batch, device: window.checkpoint.deviceId()})
    }).then(function (response) {
      // 409: the patrol has ended, 404/403: not ours to add to (another tablet draws the route), 422: points
      // the server can never take (a clock far ahead): keeping them would retry forever. Any other failure
      // keeps them queued.
      if (response.ok || [403, 404, 409, 422].indexOf(response.status) >= 0) {
        var sent = {};
        batch.forEach(function (p) { sent[p.at] = true; });
        localStorage.setItem(queueKey, JSON.stringify(load(queueKey).filter(function (p) { return !sent[p.at]; })));
      }
      // A patrol page stays open for hours and its CSRF token expires: the queue goes out on the next try.
      if (response.status === 400) { return window.checkpoint.refreshToken(); }
      if (response.status === 403) { return response.json().then(refused, function () {}); }
      return response.ok ? response.json().then(function (body) {
        countRoute(body.stored - body.flagged);
        showFlagged(body.flagged);
      }) : null;
    }).catch(function () { /* no answer: the points stay queued for the next try */ })
      .then(function () { sending = false; showQueue(); });
  }

  function refused(body) {
    // Another tablet draws this patrol's route: say so, and offer to take it over where the page can.
    if (!body || !(body.errors || []).some(function (e) { return e.field === "device"; })) { return; }
    otherDevice = true;
    showDevice();
  }
  function showDevice() {
    var mine = window.checkpoint.deviceId();
    otherDevice = otherDevice || Boolean(tracker.dataset.device && tracker.dataset.device !== mine);
    var takeOver = document.getElementById("take-over");
    if (takeOver) { takeOver.hidden = !otherDevice; }
    var note = document.getElementById("track-device");
    showQueue();
    if (!otherDevice) { if (note) { note.remove(); } return; }
    if (!note) {
      note = document.createElement("p");
      note.id = "track-device";
      note.className = "gps bad";
      tracker.appendChild(note);
    }
    note.textContent = tracker.dataset.msgOtherDevice;
  }
  function showFlagged(count) {
    var note = document.getElementById("track-flagged");
    if (!count) { return; }
    if (!note) {
      note = document.createElement("p");
      note.id = "track-flagged";
      note.className = "gps bad";
      tracker.appendChild(note);
    }
    note.textContent = format(tracker.dataset.msgFlagged, {count: count});
  }

  function onPosition(position) {
    var fix = {lat: position.coords.latitude, lon: position.coords.longitude,
               accuracy: position.coords.accuracy === undefined ? null : position.coords.accuracy,
               at: Math.round(position.timestamp)};
    var limit = Number(tracker.dataset.maxAccuracy);
    if (fix.accuracy !== null && limit && fix.accuracy > limit) {
      // The server would drop it: say why the route does not move, and keep the form's last good position.
      gpsStatus.textContent = format(tracker.dataset.msgCoarse, {acc: Math.round(fix.accuracy), limit: limit});
      gpsStatus.classList.add("bad");
      return;
    }
    gpsStatus.textContent = format(tracker.dataset.msgFix, {
      lat: fix.lat.toFixed(5), lon: fix.lon.toFixed(5), acc: fix.accuracy === null ? "?" : Math.round(fix.accuracy)});
    gpsStatus.classList.remove("bad");
    localStorage.setItem(lastKey, JSON.stringify(fix));
    fillForm(fix);
    if (otherDevice) { return; }  // the server would refuse it: this tablet's GPS only fills the form
    var queue = load(queueKey);
    var previous = queue.length ? queue[queue.length - 1] : load(queueKey + ".last");
    // A standing patrol would otherwise fill the log with the same spot every second.
    if (!previous.lat || metres(previous, fix) >= MIN_METRES || fix.at - previous.at >= MAX_SECONDS * 1000) {
      queue.push(fix);
      localStorage.setItem(queueKey, JSON.stringify(queue));
      localStorage.setItem(queueKey + ".last", JSON.stringify(fix));
    }
    showQueue();
    flush();
  }
  function onError(error) {
    gpsStatus.textContent = format(tracker.dataset.msgNogps, {reason: error.message || error.code});
    gpsStatus.classList.add("bad");
  }

  showDevice();
  var last = load(lastKey);
  // Only a recent fix stands for where the patrol is now; an old one would misplace an interception.
  if (last && last.lat && Date.now() - last.at < 2 * 60 * 1000) { fillForm(last); }
  showQueue();
  if ("geolocation" in navigator) {
    navigator.geolocation.watchPosition(onPosition, onError, {enableHighAccuracy: true, maximumAge: 5000});
  } else {
    onError({message: "navigator.geolocation"});
  }
  setInterval(flush, RETRY_MS);
  window.addEventListener("online", flush);

  // A photo of the CCCD's QR fills the person's row through the tablet's own /api/v1/scan: no typing
  // of twelve digits with gloves on, and the date of birth, address and issue date go to the record.
  function scanIdCards(form) {
    if (!form) { return; }
    form.querySelectorAll("input[data-scan-person]").forEach(function (input) {
      input.addEventListener("change", function () {
        var row = input.dataset.scanPerson, status = document.getElementById("scan-status-" + row);
        if (!input.files.length) { return; }
        var body = new FormData();
        body.append("images", input.files[0]);
        status.textContent = form.dataset.msgScanning;
        fetch(form.dataset.scanUrl, {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": window.checkpoint.csrfToken()},
                                     body: body})
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (results) {
            var card = null;
            results.forEach(function (image) {
              (image.codes || []).forEach(function (code) {
                if (!card && code.payload && code.payload.kind === "cccd" && code.payload.id_number) { card = code.payload; }
              });
            });
            if (!card) { status.textContent = form.dataset.msgNoscan; return; }
            var set = function (key, value) { form.elements["person-" + row + "-" + key].value = value || ""; };
            set("name", card.name);
            set("id_type", "cccd");
            set("id_number", card.id_number);
            set("nationality", "VNM");
            set("birth_date", card.birth_date);
            set("address", card.address);
            set("issue_date", card.issue_date);
            status.textContent = form.dataset.msgScanned.replace("{name}", card.name)
              .replace("{born}", card.birth_date.split("-").reverse().join("/")).replace("{address}", card.address);
          })
          .catch(function () { status.textContent = form.dataset.msgNoscan; })
          .then(function () { input.value = ""; });
      });
    });
  }
})();
