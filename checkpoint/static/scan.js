// Live scanning (templates/scan/page.html): camera frames are decoded on the tablet by the browser's
// BarcodeDetector where it exists, otherwise by zxing-cpp built to WebAssembly (static/vendor/zxing, served by the
// app: nothing comes from the internet). Each new code is interpreted by the server (scanners/) and listed.
"use strict";
(function () {
  const root = document.getElementById("scan");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const video = $("scan-video"), status = $("scan-status"), list = $("scan-list"), count = $("scan-count");
  const start = $("scan-start"), stop = $("scan-stop"), file = $("scan-file");
  const FRAME_MS = 150;            // about 6 frames a second: smooth enough, and the tablet stays cool
  const MAX_SIDE = 1280;           // frames larger than this are shrunk before decoding
  const seen = new Map();          // a code's text -> its list item (a label read twice is one line)
  const KEPT = "checkpoint.scan.codes";  // the list outlives a reload or a language switch, not the tab
  let decode = null, stream = null, timer = null, busy = false;

  const say = (text, isError) => {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  };

  async function makeDecoder() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.length) {
          const detector = new window.BarcodeDetector({ formats });
          root.dataset.decoder = "native";
          return async (source) => (await detector.detect(source))
            .map((b) => ({ format: b.format, text: b.rawValue, aim: "" }));
        }
      } catch (_) { /* a detector without formats: fall through to zxing */ }
    }
    if (window.ZXingWASM && root.dataset.wasm) {
      window.ZXingWASM.prepareZXingModule({
        overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? root.dataset.wasm : prefix + path) },
      });
      root.dataset.decoder = "zxing-wasm";
      const canvas = document.createElement("canvas");
      const context = canvas.getContext("2d", { willReadFrequently: true });
      return async (source) => {
        const width = source.videoWidth || source.naturalWidth || source.width;
        const height = source.videoHeight || source.naturalHeight || source.height;
        if (!width || !height) return [];
        const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        context.drawImage(source, 0, 0, canvas.width, canvas.height);
        const results = await window.ZXingWASM.readBarcodes(
          context.getImageData(0, 0, canvas.width, canvas.height),
          { tryHarder: true, maxNumberOfSymbols: 8 });
        return results.filter((r) => r.isValid && r.text)
          .map((r) => ({ format: r.format, text: r.text, aim: r.symbologyIdentifier || "" }));
      };
    }
    return null;
  }

  // --- the list ---
  function item(code) {
    const li = document.createElement("li");
    li.className = "scan-code";
    const head = document.createElement("div");
    head.className = "scan-code-head";
    const kind = document.createElement("strong");
    kind.textContent = code.shown.kind;
    const mark = document.createElement("span");
    mark.className = code.shown.valid === false ? "check bad" : "check ok";
    mark.textContent = code.shown.valid === false ? root.dataset.invalid : (code.shown.valid ? root.dataset.valid : "");
    const format = document.createElement("span");
    format.className = "muted";
    format.textContent = code.format;
    head.append(kind, " ", mark, " ", format);
    const text = document.createElement("code");
    text.textContent = code.text;
    li.append(head, text);
    if (code.shown.facts.length) {
      const facts = document.createElement("dl");
      facts.className = "facts";
      for (const [label, value] of code.shown.facts) {
        const dt = document.createElement("dt"), dd = document.createElement("dd");
        dt.textContent = label;
        dd.textContent = value;
        facts.append(dt, dd);
      }
      li.append(facts);
    }
    return li;
  }

  function keep() {
    const codes = [...list.children].map((li) => li.code).reverse();
    try { sessionStorage.setItem(KEPT, JSON.stringify(codes)); } catch (_) { /* full or refused: not kept */ }
  }

  function show(code) {
    const li = item(code);
    li.code = code;
    seen.set(code.text, li);
    list.prepend(li);
    count.textContent = String(list.children.length);
  }

  // Read again by the server, so that a language switch gives the list in the new language's words.
  async function restore() {
    let kept = [];
    try { kept = JSON.parse(sessionStorage.getItem(KEPT)) || []; } catch (_) { kept = []; }
    for (let i = 0; i < kept.length; i += 50) {
      const batch = kept.slice(i, i + 50);
      try {
        const codes = await interpret(batch.map((c) => ({ format: c.format, text: c.text, aim: c.aim || "" })));
        codes.forEach((code, j) => show({ ...code, aim: batch[j].aim }));
      } catch (_) {
        batch.forEach(show);  // no answer: as they were
      }
    }
  }

  function again(li) {
    li.classList.remove("again");
    void li.offsetWidth;  // restart the highlight
    li.classList.add("again");
  }

  async function interpret(codes) {
    const response = await fetch(root.dataset.interpret, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content },
      body: JSON.stringify({ codes }),
    });
    if (response.redirected || response.status === 401) throw new Error(root.dataset.signedOut);
    const body = await response.json();
    if (!response.ok) throw new Error(root.dataset.failed.replace("{error}", body.error || response.status));
    return body;
  }

  async function take(found) {
    const fresh = [];
    for (const code of found) {
      const key = code.text;
      if (seen.has(key)) { if (seen.get(key)) again(seen.get(key)); continue; }
      seen.set(key, null);  // claimed: the next frames see it while the server answers
      fresh.push(code);
    }
    if (!fresh.length) return 0;
    try {
      const codes = await interpret(fresh);
      codes.forEach((code, i) => show({ ...code, aim: fresh[i].aim }));
      keep();
      if (navigator.vibrate) navigator.vibrate(60);
    } catch (error) {
      for (const code of fresh) seen.delete(code.text);
      say(error.message, true);
    }
    return fresh.length;
  }

  // --- the camera ---
  async function tick() {
    if (!stream) return;
    if (!busy && video.readyState >= 2) {
      busy = true;
      try { await take(await decode(video)); } catch (_) { /* one bad frame: the next one is read */ }
      busy = false;
    }
    timer = setTimeout(tick, FRAME_MS);
  }

  async function startCamera() {
    say(root.dataset.starting);
    try {
      stream = await navigator.mediaDevices.getUserMedia(
        { video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    } catch (_) {
      stream = null;
      say(root.dataset.noCamera, true);
      return;
    }
    video.srcObject = stream;
    $("scan-view").hidden = false;
    await video.play();
    start.hidden = true;
    stop.hidden = false;
    say(root.dataset.ready);
    tick();
  }

  function stopCamera() {
    clearTimeout(timer);
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
    $("scan-view").hidden = true;
    start.hidden = false;
    stop.hidden = true;
    say(root.dataset.stopped);
  }

  // A still photo goes through the same decoder as the camera's frames.
  async function readPhoto() {
    const chosen = file.files[0];
    if (!chosen) return;
    const image = new Image();
    image.src = URL.createObjectURL(chosen);
    try {
      await image.decode();
      const found = await decode(image);
      if (!found.length) say(root.dataset.none, true);
      else { await take(found); if (!status.classList.contains("error")) say(root.dataset.ready); }
    } finally {
      URL.revokeObjectURL(image.src);
      file.value = "";
    }
  }

  (async () => {
    await restore();
    decode = await makeDecoder();
    if (!decode) {
      $("decoder-missing").hidden = false;
      root.querySelector(".scan-buttons").hidden = true;  // nothing here would work: no dead buttons
      return;
    }
    say(root.dataset.ready);
    start.addEventListener("click", startCamera);
    stop.addEventListener("click", stopCamera);
    file.addEventListener("change", readPhoto);
    $("scan-clear").addEventListener("click", () => {
      list.replaceChildren();
      seen.clear();
      count.textContent = "0";
      keep();
    });
    document.addEventListener("visibilitychange", () => { if (document.hidden && stream) stopCamera(); });
  })();
})();
