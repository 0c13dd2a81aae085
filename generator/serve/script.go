package serve

// script is the live-reload script served at ScriptPath. It reloads the
// page after a rebuild, swaps style sheets when only they changed, and
// shows build problems in an overlay built with DOM methods (the text is
// set with textContent, never parsed as HTML). The same problems shown
// again leave the overlay as it is.
const script = `(function () {
  "use strict";
  var overlayId = "fanfare-problems";
  function hide() {
    var o = document.getElementById(overlayId);
    if (o) o.remove();
  }
  function show(problems) {
    // The same problems can arrive twice (on connecting and from the
    // build): the overlay shown stays, not announced again.
    var key = JSON.stringify(problems || []);
    var old = document.getElementById(overlayId);
    if (old && old.getAttribute("data-problems") === key) return;
    hide();
    if (!problems || !problems.length) return;
    var o = document.createElement("div");
    o.id = overlayId;
    o.setAttribute("data-problems", key);
    o.setAttribute("role", "alertdialog");
    o.setAttribute("aria-label", "Fanfare build problems");
    o.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,16,14,.94);color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem";
    var h = document.createElement("h2");
    h.textContent = "Fanfare: the last change does not build";
    h.style.cssText = "margin:0 0 .5rem;font-size:1.4rem;color:#ff8a80";
    o.appendChild(h);
    var p = document.createElement("p");
    p.textContent = "The site you see is the last version that built. Fix the file and this message disappears.";
    p.style.cssText = "margin:0 0 1.5rem;color:#ddd";
    o.appendChild(p);
    var ul = document.createElement("ul");
    ul.style.cssText = "list-style:none;margin:0;padding:0";
    problems.forEach(function (pr) {
      var li = document.createElement("li");
      li.className = "fanfare-problem";
      li.style.cssText = "margin:0 0 1rem;padding:1rem;border-left:4px solid " + (pr.warning ? "#ffd54f" : "#ff5252") + ";background:rgba(255,255,255,.06)";
      var where = document.createElement("code");
      where.className = "fanfare-problem-where";
      where.textContent = pr.file + (pr.line ? ":" + pr.line : "");
      where.style.cssText = "display:block;font-weight:700;color:#80d8ff";
      var msg = document.createElement("div");
      msg.className = "fanfare-problem-message";
      msg.textContent = pr.message;
      li.appendChild(where);
      li.appendChild(msg);
      ul.appendChild(li);
    });
    o.appendChild(ul);
    document.body.appendChild(o);
  }
  function swapCSS(urls) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (urls[href]) links[i].setAttribute("href", urls[href]);
    }
  }
  if (window.__fanfareProblems) {
    document.addEventListener("DOMContentLoaded", function () { show(window.__fanfareProblems); });
    if (document.readyState !== "loading") show(window.__fanfareProblems);
  }
  var es = new EventSource("` + EventsPath + `");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("fixed", function () { hide(); });
  es.addEventListener("css", function (e) { swapCSS(JSON.parse(e.data)); });
  es.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
})();
`
