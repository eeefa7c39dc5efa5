// "Leave this site quickly", as GOV.UK's "Exit this page" does it. The link works on its own; with
// JavaScript, pressing Shift 3 times in a row also leaves, and leaving replaces this page in the
// browser's history, so pressing Back does not bring it up again.
(function () {
  "use strict";
  var exit = document.querySelector("[data-exit]");
  if (!exit) return;
  var SHIFTS = 3;
  var WITHIN_MS = 5000; // GOV.UK's window for the three presses
  var presses = [];

  function leave(event) {
    if (event) event.preventDefault();
    // Blank the page first, so nothing is left on screen while the next site loads.
    document.title = exit.dataset.loading || "Loading"; // in the page's language, printed by the build
    document.body.replaceChildren();
    window.location.replace(exit.href);
  }

  exit.addEventListener("click", function (event) {
    // Let people open the neutral site in a new tab if they choose to; a plain click leaves.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    leave(event);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      presses = []; // only Shift pressed again and again counts, not capital letters while typing
      return;
    }
    if (event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < WITHIN_MS; });
    presses.push(now);
    if (presses.length >= SHIFTS) leave();
  });

  var hints = document.querySelectorAll("[data-exit-hint]");
  for (var i = 0; i < hints.length; i++) hints[i].hidden = false;
})();

// The search boxes in the header and on the home page: the words go to the search page after a #, which
// the browser keeps to itself, so what someone searched for never reaches the server or its logs.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("[data-search-query]");
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].form.addEventListener("submit", function (event) {
      var query = this.querySelector("[data-search-query]").value.trim();
      event.preventDefault();
      window.location.href = this.action + (query ? "#" + new URLSearchParams({ q: query }).toString() : "");
    });
  }
})();
