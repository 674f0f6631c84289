// reportgen preview: follow the server's rebuilds and swap in what changed, without a reload.
(function () {
  "use strict";
  var body = document.body;
  var shown = parseInt(body.dataset.version || "0", 10);
  var busy = false, again = false;

  function fragmentUrl() {
    var u = new URL(window.location.href);
    u.searchParams.set("fragment", "1");
    return u.toString();
  }

  function swap(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var main = document.getElementById("content");
    Array.prototype.slice.call(tpl.content.children).forEach(function (fresh) {
      if (fresh.tagName !== "SECTION" || !fresh.id) { return; }
      var old = document.getElementById(fresh.id);
      if (!old) { main.appendChild(fresh); return; }
      if (old.dataset.key !== fresh.dataset.key) { old.replaceWith(fresh); }
    });
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(fragmentUrl(), {cache: "no-store"}).then(function (r) {
      var v = parseInt(r.headers.get("X-Reportgen-Version") || "0", 10);
      return r.text().then(function (t) { return [v, t]; });
    }).then(function (vt) {
      swap(vt[1]);
      if (vt[0] > shown) { shown = vt[0]; }
      body.dataset.version = String(shown);
      document.getElementById("content").dataset.version = String(shown);
    }).catch(function () { /* the server restarts: the next event retries */ })
      .finally(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var events = new EventSource("/events?audience=" + encodeURIComponent(body.dataset.audience || ""));
  events.addEventListener("state", function (e) {
    var v = parseInt(e.data, 10);
    if (v !== shown) { refresh(); }
  });
})();
