/* Exhibitor pages. No inline handlers (the content security policy forbids them): hooks on ids and data-
 * attributes. (portal.js, on every page, already re-processes live regions for htmx.)
 *   - The tab bar scrolls sideways on a phone: the current tab is brought into view.
 *   - After an htmx swap that replaced the focused button (answer, slot action, member, invite), keyboard focus
 *     goes to the new block with the same id (it has tabindex="-1") instead of falling back to <body>.
 *   - The outcome toast (#ex-outcome, filled by htmx out of band) empties itself after 12 s.
 */
(function () {
  "use strict";
  function showCurrentTab() {
    var nav = document.querySelector(".ex-tabs");
    var current = nav && nav.querySelector("[aria-current=page]");
    if (!current) return;
    var right = current.offsetLeft + current.offsetWidth;
    if (right > nav.clientWidth) nav.scrollLeft = right - nav.clientWidth + 16;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showCurrentTab);
  else showCurrentTab();

  document.addEventListener("htmx:afterSettle", function (e) {
    var active = document.activeElement;
    if (active && active !== document.body && document.body.contains(active)) return;
    var target = e.detail && e.detail.target;
    var fresh = target && target.id ? document.getElementById(target.id) : null;
    if (fresh && fresh.hasAttribute("tabindex")) fresh.focus();
  });

  var toastTimer = null;
  document.addEventListener("htmx:oobAfterSwap", function () {
    var box = document.getElementById("ex-outcome");
    if (!box) return;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.textContent = ""; }, 12000);
  });
})();
