// Bring the cited passage into view, centred, and give it focus, so keyboard and screen-reader
// users land on it. On an original page ("Sida") the mark is an element laid over the image's
// marked lines (data-area: left, top, width and height as shares of the page), so that the focus
// ring frames them.
(function () {
  "use strict";
  var hit = document.getElementById("hit");
  if (!hit) return;
  if (hit.dataset.area) {
    var area = hit.dataset.area.split(" ").map(function (v) { return 100 * parseFloat(v) + "%"; });
    hit.style.left = area[0]; hit.style.top = area[1]; hit.style.width = area[2]; hit.style.height = area[3];
  }
  function show() {
    hit.scrollIntoView({ block: "center" });
    hit.focus({ preventScroll: true });
  }
  show();
  window.addEventListener("load", function () { window.setTimeout(show, 0); });
})();
