/* 巡视整改通报检索: a little progressive enhancement, no framework, no inline script. */
(function () {
  "use strict";

  // The confirmation appears right after the button that was pressed, where the eye is.
  function showStatus(button, text) {
    var group = button.closest(".cite-group") || button.parentNode;
    var status = group.querySelector(".cite-ok");
    if (!status) {
      status = document.createElement("span");
      status.className = "cite-ok";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      button.insertAdjacentElement("afterend", status);
    }
    status.textContent = text;
    window.setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function fallback(button, text) {
    var box = document.getElementById("cite-fallback");
    if (!box) { window.prompt("", text); return; }
    var area = box.querySelector("textarea");
    (button.closest(".cite-group") || button.parentNode).insertAdjacentElement("afterend", box);
    box.hidden = false;
    area.value = text;
    area.focus();
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the user copies by hand */ }
  }

  function cite(button) {
    var text = button.getAttribute("data-cite") || "";
    var done = function () {
      showStatus(button, document.body.getAttribute("data-copied") || "OK");
      button.classList.add("copied");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(button, text); });
    } else {
      fallback(button, text);
    }
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target;
    var button = target && target.closest ? target.closest(".cite-btn") : null;
    if (button) {
      ev.preventDefault();
      cite(button);
    }
  });

  function ready() {
    // Narrow screens: start with the filter sidebar and the table of contents folded.
    if (window.matchMedia && window.matchMedia("(max-width: 800px)").matches) {
      var folds = document.querySelectorAll("details.collapse-narrow");
      for (var i = 0; i < folds.length; i++) folds[i].removeAttribute("open");
    }
    // Arriving with ?p= but without the #fragment: still bring the paragraph into view.
    var marked = document.querySelector(".para.target");
    if (marked && !window.location.hash) {
      marked.scrollIntoView({ block: "center" });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

/* Switching 精确/分词 re-runs the current search at once (the form still works without JS). */
(function () {
  "use strict";
  var form = document.querySelector("form.searchbox");
  if (!form) return;
  var radios = form.querySelectorAll("input[name=mode]");
  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener("change", function () {
      var q = form.querySelector("input[name=q]");
      if (q && q.value.trim()) form.submit();
    });
  }
})();

/* Research views: the chart metric (段数/篇数/占比) is kept in the URL, so the link
   shows what the reader sees; the boilerplate selector applies at once. */
(function () {
  "use strict";
  var radios = document.querySelectorAll("input.metric-radio");
  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener("change", function (ev) {
      if (!window.history || !window.history.replaceState || !window.URL) return;
      var url = new URL(window.location.href);
      if (ev.target.value === "paragraphs") url.searchParams.delete("metric");
      else url.searchParams.set("metric", ev.target.value);
      window.history.replaceState(null, "", url.toString());
    });
  }
  var mode = document.querySelector(".reuse-filter select[name=reuse]");
  if (mode && mode.form) {
    mode.addEventListener("change", function () { mode.form.submit(); });
  }
})();

/* Reader: previous/next paragraph with hits (buttons and the keys n/j, p/k). */
(function () {
  "use strict";
  var nav = document.querySelector(".hit-nav");
  if (!nav) return;
  var hits = document.querySelectorAll(".para.has-hit");
  if (!hits.length) return;
  var pos = nav.querySelector(".hit-pos");
  var template = nav.getAttribute("data-position") || "{i} / {n}";
  var current = -1;
  var start = document.querySelector(".para.target, .para:target");
  if (start) {
    for (var i = 0; i < hits.length; i++) if (hits[i] === start) current = i;
  }

  function go(step) {
    current = current < 0 ? (step > 0 ? 0 : hits.length - 1)
                           : (current + step + hits.length) % hits.length;
    var el = hits[current];
    var old = document.querySelector(".para.current-hit");
    if (old) old.classList.remove("current-hit");
    el.classList.add("current-hit");
    el.scrollIntoView({ block: "center" });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + el.id);
    }
    pos.textContent = template.replace("{i}", current + 1).replace("{n}", hits.length);
  }

  nav.querySelector(".hit-next").addEventListener("click", function (ev) {
    ev.preventDefault(); go(1);
  });
  nav.querySelector(".hit-prev").addEventListener("click", function (ev) {
    ev.preventDefault(); go(-1);
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (ev.key === "n" || ev.key === "j") { ev.preventDefault(); go(1); }
    else if (ev.key === "p" || ev.key === "k") { ev.preventDefault(); go(-1); }
  });
})();
