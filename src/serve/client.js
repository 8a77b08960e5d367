// factbook serve: live reload and the build-error overlay. Injected into served pages only; a
// built site never contains it. `window.__factbookServe` holds the events URL (relative to the
// page, so it works behind a proxy and under a sub-path, over http or https), the build the page
// comes from, and the current build error, if any.
(function () {
  "use strict";
  var config = window.__factbookServe;
  if (!config || !window.EventSource) return;
  var scrollKey = "factbook-scroll:" + location.pathname + location.search;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function showError(text) {
    var box = document.getElementById("factbook-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "factbook-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
        "background:#1b1f24;color:#f6f8fa;border-top:4px solid #cf222e;padding:1rem 1.25rem;" +
        "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "The site has errors; save a fix and this page reloads.";
    var report = document.createElement("pre");
    // Set in full: the page's own styles for `pre` (a light code background) must not apply.
    report.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0;padding:0;border:0;" +
      "background:transparent;color:inherit;font:inherit;max-width:none;overflow:visible";
    report.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "float:right;font:inherit;margin-left:1rem";
    close.addEventListener("click", function () { box.remove(); });
    box.append(close, title, report);
  }

  if (config.error) {
    if (document.body) showError(config.error);
    else document.addEventListener("DOMContentLoaded", function () { showError(config.error); });
  }
  var build = config.build;
  var events = new EventSource(config.events);
  // After a reconnect (say the server restarted), a different build means this page is stale.
  events.addEventListener("hello", function (event) {
    if (event.data !== build) reload();
  });
  events.addEventListener("reload", function (event) {
    build = event.data;
    reload();
  });
  events.addEventListener("build-error", function (event) { showError(event.data); });
})();
