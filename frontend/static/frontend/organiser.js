/* Organiser pages (no inline scripts: hooks on data- attributes only).
 *   [data-live-progress]   live.js writes a scheduler run's progress here; we tell htmx to re-fetch the run
 *                          fragment at once ("run-progress" on <body>), besides its 1 s polling.
 *   [data-preview-now]     asks the rules form for a preview (htmx trigger "preview").
 *   #rules-form            a first preview of the stored rules when the page opens.
 *   .run[data-run-status]  when a polled run finishes, the "Start a run" button is enabled again.
 */
(function () {
  "use strict";
  var progress = document.querySelector("[data-live-progress]");
  if (progress && window.MutationObserver) {
    new MutationObserver(function () {
      document.body.dispatchEvent(new CustomEvent("run-progress"));
    }).observe(progress, { childList: true, characterData: true, subtree: true });
  }

  function previewNow() {
    var form = document.getElementById("rules-form");
    if (form && window.htmx) window.htmx.trigger(form, "preview");
  }
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("[data-preview-now]") : null;
    if (el) { e.preventDefault(); previewNow(); }
  });
  if (document.getElementById("rules-form")) {
    // htmx processes the page on DOMContentLoaded; ask for the first preview right after it.
    document.addEventListener("DOMContentLoaded", function () { setTimeout(previewNow, 0); });
  }

  document.addEventListener("htmx:afterSettle", function (e) {
    var run = e.target && e.target.querySelector ? e.target.querySelector(".run[data-run-status]") : null;
    if (!run) return;
    var status = run.getAttribute("data-run-status");
    if (status === "succeeded" || status === "failed" || status === "cancelled") {
      var start = document.querySelector("form.inline-form button[disabled]");
      if (start) { start.disabled = false; start.removeAttribute("aria-disabled"); }
    }
  });
})();
