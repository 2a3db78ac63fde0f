// Progressive enhancement: update the FAQ results as you type (the form works without this).
(function () {
  "use strict";
  var input = document.getElementById("faq-q");
  var results = document.getElementById("faq-results");
  if (!input || !results || !window.fetch) { return; }
  var timer = null;
  var latest = 0;
  function update() {
    var q = input.value.trim();
    if (!q || q.length > 200) { return; }
    var url = input.getAttribute("data-partial-url") + "?partial=1&q=" + encodeURIComponent(q);
    var ticket = ++latest;
    fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || ticket !== latest) { return; }
        results.innerHTML = html;
        var page = input.getAttribute("data-partial-url");
        if (results.querySelector("[data-query-rejected]")) {
          // a 個人番号 was typed: keep it out of the address bar and the history
          input.value = "";
        } else {
          page += "?q=" + encodeURIComponent(q);
        }
        if (window.history && window.history.replaceState) { window.history.replaceState(null, "", page); }
      })
      .catch(function () { /* keep the current results; the form still submits */ });
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 250);
  });
})();
