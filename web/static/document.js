// Bring the cited passage into view, centred, and give it focus, so keyboard and screen-reader
// users land on it. On an original page ("Sida") the mark is a point placed over the image at the
// height of the marked lines (data-top: a share of the page's height).
(function () {
  "use strict";
  var hit = document.getElementById("hit");
  if (!hit) return;
  if (hit.dataset.top) hit.style.top = (100 * parseFloat(hit.dataset.top)) + "%";
  function show() {
    hit.scrollIntoView({ block: "center" });
    hit.focus({ preventScroll: true });
  }
  show();
  window.addEventListener("load", function () { window.setTimeout(show, 0); });
})();
