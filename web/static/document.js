// Bring the cited passage into view and give it focus, so keyboard and screen-reader users land on it.
(function () {
  "use strict";
  var hit = document.getElementById("hit");
  if (!hit) return;
  hit.scrollIntoView({ block: "center" });
  hit.focus({ preventScroll: true });
})();
