/* Live updates for portal pages (docs/live.md). No framework, no build step.
 *
 * The <body> names the event (data-live-event), the version the page was rendered at (data-live-version) and
 * the polling URL (data-live-changes). Regions marked data-live-src="<fragment URL>" are re-fetched when a
 * change arrives. The socket sends {"type": "hello", "since": version} on open and receives every missed
 * change, then live ones; a heartbeat pings every 25 s; a dropped socket reconnects with exponential back-off
 * (1 s to 30 s, jittered); after 3 failures the page polls every 5 s while still retrying the socket.
 * data-ws="open" is set on <body> while the socket is open and caught up (browser tests wait for it).
 */
(function () {
  "use strict";
  var body = document.body;
  var slug = body.dataset.liveEvent;
  if (!slug || !body.dataset.liveChanges) return;

  var HEARTBEAT_MS = 25000, PONG_TIMEOUT_MS = 10000, POLL_MS = 5000, MAX_DELAY_MS = 30000, POLL_AFTER = 3;
  var statusEl = document.querySelector("[data-live-status]");
  var progressEl = document.querySelector("[data-live-progress]");
  var storageKey = "expomatch.live." + slug;
  var version = parseInt(body.dataset.liveVersion || "0", 10) || 0;
  var socket = null, failures = 0, stopped = false;
  var heartbeatTimer = null, pongTimer = null, retryTimer = null, pollTimer = null, refetchTimer = null;

  function setMode(mode) {
    if (!statusEl) return;
    statusEl.dataset.mode = mode;
    var text = statusEl.getAttribute("data-text-" + mode);
    if (text) statusEl.textContent = text;
  }

  function remember(v) {
    if (typeof v === "number" && v > version) {
      version = v;
      try { sessionStorage.setItem(storageKey, String(v)); } catch (e) { /* private mode: memory only */ }
    }
  }

  // Several changes in a burst cause one re-fetch.
  function refetchSoon() {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(refetch, 50);
  }

  function refetch() {
    var regions = document.querySelectorAll("[data-live-src]");
    Array.prototype.forEach.call(regions, function (el) {
      fetch(el.getAttribute("data-live-src"), { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
        .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          el.innerHTML = html;
          el.dispatchEvent(new CustomEvent("live:updated", { bubbles: true }));
        })
        .catch(function () { /* the next change or poll tries again */ });
    });
  }

  function handle(msg) {
    if (!msg || typeof msg.type !== "string") return;
    switch (msg.type) {
      case "pong":
        clearTimeout(pongTimer);
        return;
      case "caught_up":
        remember(msg.version);
        return;
      case "resync":
        remember(msg.version);
        refetchSoon();
        return;
      case "schedule_run.progress":
        if (progressEl) {
          progressEl.hidden = false;
          progressEl.textContent = Math.round(msg.progress * 100) + " % · " + msg.stage;
        }
        return;
      default:
        if (typeof msg.version === "number") {
          remember(msg.version);
          refetchSoon();
        }
    }
  }

  // --- WebSocket ---------------------------------------------------------------------------------------
  function connect() {
    clearTimeout(retryTimer);
    if (stopped || socket) return;
    var ws;
    try {
      ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/events/" + slug + "/");
    } catch (e) {
      failed();
      return;
    }
    socket = ws;
    ws.onopen = function () {
      ws.send(JSON.stringify({ type: "hello", since: version }));
      heartbeatTimer = setInterval(function () {
        ws.send(JSON.stringify({ type: "ping" }));
        clearTimeout(pongTimer);
        pongTimer = setTimeout(function () { ws.close(); }, PONG_TIMEOUT_MS);  // half-open connection
      }, HEARTBEAT_MS);
    };
    ws.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      handle(msg);
      if (msg.type === "caught_up") {
        failures = 0;
        stopPolling();
        setMode("live");
        body.dataset.ws = "open";
      }
    };
    ws.onclose = function (event) {
      clearInterval(heartbeatTimer);
      clearTimeout(pongTimer);
      if (socket === ws) socket = null;
      delete body.dataset.ws;
      if (event.code === 4401 || event.code === 4403) {  // logged out or no role: retrying cannot help
        stop();
        return;
      }
      failed();
    };
  }

  function failed() {
    failures += 1;
    if (failures >= POLL_AFTER) startPolling();
    else setMode("reconnecting");
    var delay = Math.min(MAX_DELAY_MS, 1000 * Math.pow(2, failures - 1));
    retryTimer = setTimeout(connect, delay / 2 + Math.random() * delay / 2);
  }

  function stop() {
    stopped = true;
    stopPolling();
    clearTimeout(retryTimer);
    setMode("off");
  }

  // --- Polling fallback ----------------------------------------------------------------------------------
  function startPolling() {
    setMode("polling");
    if (pollTimer === null) poll();
  }

  function stopPolling() {
    clearTimeout(pollTimer);
    pollTimer = null;
  }

  function poll() {
    var url = body.dataset.liveChanges + "?since=" + encodeURIComponent(version);
    pollTimer = setTimeout(poll, POLL_MS);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.redirected || r.status === 403 || r.status === 404) { stop(); return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (data && Array.isArray(data.messages)) data.messages.forEach(handle);
      })
      .catch(function () { /* offline: the next poll tries again */ });
  }

  window.addEventListener("online", function () {
    if (!socket && !stopped) { failures = Math.min(failures, 1); connect(); }
  });
  setMode("connecting");
  connect();
})();
