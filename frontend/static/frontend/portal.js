/* Small behaviours every portal page shares. No inline handlers anywhere (the content security policy forbids
 * them): elements opt in with data- attributes.
 *   <select data-autosubmit>          submits its form on change (the language switcher)
 *   <button data-confirm="text">      asks before submitting
 *   <input data-select-on-focus>      selects its whole value on focus or click (links to copy)
 * Regions that live.js refreshes (data-live-src) are handed to htmx again, so their hx- attributes work.
 * After an htmx swap that removed the focused trigger, focus moves to the swap target if it has tabindex.
 */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
  });
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  function selectAll(e) {
    var el = e.target;
    if (el && el.matches && el.matches("[data-select-on-focus]")) el.select();
  }
  document.addEventListener("focusin", selectAll);
  document.addEventListener("click", selectAll);
  document.addEventListener("live:updated", function (e) {
    if (window.htmx && e.target) window.htmx.process(e.target);
  });
  // When an htmx swap removed the element that triggered it (a "Next page" link inside the list it
  // replaced), keyboard focus would fall back to <body>: move it to the swap target if that is focusable
  // (tabindex="-1"), which also scrolls it into view.
  document.addEventListener("htmx:afterSwap", function (e) {
    var detail = e.detail || {};
    var elt = detail.requestConfig && detail.requestConfig.elt;
    var target = detail.target;
    if (elt && !document.body.contains(elt) && target && document.body.contains(target) &&
        target.hasAttribute("tabindex")) {
      target.focus();
    }
  });
})();
