// Bring the cited passage into view, centred, and give it focus, so keyboard and screen-reader
// users land on it.
(function () {
  "use strict";
  var hit = document.getElementById("hit");
  if (!hit) return;
  function show() {
    hit.scrollIntoView({ block: "center" });
    hit.focus({ preventScroll: true });
  }
  show();
  window.addEventListener("load", function () { window.setTimeout(show, 0); });
})();
