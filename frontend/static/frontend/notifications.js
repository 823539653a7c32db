/* The bell's unread count follows live updates (docs/notifications.md). No framework, no build step.
 *
 * live.js re-fetches the page's data-live-src regions when a change concerning the user arrives — including a
 * {"type": "notifications.unread", "version": 0} push when their notifications change — and fires "live:updated"
 * on each region it redrew. The bell is not such a region (pages and tests count their own regions); it
 * re-fetches its own fragment (data-bell-src) after a burst of those events.
 */
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell][data-bell-src]");
  if (!bell) return;
  var timer = null;

  function refresh() {
    fetch(bell.getAttribute("data-bell-src"), { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
      .then(function (html) { if (html !== null) bell.innerHTML = html; })
      .catch(function () { /* the next update tries again */ });
  }

  document.addEventListener("live:updated", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 50);
  });
})();
