// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // GOV.UK pattern: move focus to the error summary when a question comes back with an error.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  // Print view: add a "print" button (its label comes from the page, in the page's language).
  var actions = document.getElementById("print-actions");
  if (actions && window.print) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = actions.getAttribute("data-print-label");
    button.addEventListener("click", function () {
      window.print();
    });
    actions.insertBefore(button, actions.firstChild);
  }
})();
