// The verdict form's guided choice, in place: a seizure or referral opens the violation's part, and a changed answer
// or sub-type asks the server (web/inspections.guide) for the proposal and the doubts. Without script the same
// answer comes from the "Propose" button's round trip.
(function () {
  "use strict";
  const form = document.getElementById("verdict-form");
  if (!form) return;
  const details = form.querySelector("details.case");
  const guideButton = form.querySelector("button.guide");
  const guidance = form.querySelector(".guidance");
  const questions = new Set([...form.querySelectorAll("fieldset.questions input[type=radio]")].map((i) => i.name));

  document.querySelectorAll("input[name=verdict][form=verdict-form]").forEach((input) =>
    input.addEventListener("change", () => {
      if (details && (input.value === "seized" || input.value === "referred")) details.open = true;
    }));

  async function ask() {
    const data = new FormData(form);
    let response;
    try {
      response = await fetch(guideButton.formAction, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content },
      });
    } catch (_) {
      return;  // offline: the officer still chooses; the server checks the verdict when it is sent
    }
    if (!response.ok) return;
    const body = await response.json();
    guidance.innerHTML = body.html;
    form.querySelectorAll("label.subtype").forEach((label) =>
      label.classList.toggle("proposed", label.dataset.code === body.proposal));
    if (!form.querySelector("input[name=subtype]:checked") && body.proposal) {
      const proposed = form.querySelector(`input[name=subtype][value="${CSS.escape(body.proposal)}"]`);
      if (proposed) { proposed.checked = true; ask(); }
    }
  }

  if (guideButton && guidance) {
    guideButton.addEventListener("click", (event) => { event.preventDefault(); ask(); });
    form.addEventListener("change", (event) => {
      if (questions.has(event.target.name) || event.target.name === "subtype") ask();
    });
  }
})();
