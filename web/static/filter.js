// Search-as-you-type over a list or table on the page (glossary, roles); å/ä/ö optional.
(function () {
  "use strict";
  var input = document.getElementById("filter");
  if (!input) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(input.getAttribute("data-filter")));
  var count = document.getElementById("filter-count");
  function fold(text) {
    return text.toLowerCase().replace(/[åä]/g, "a").replace(/ö/g, "o").replace(/é/g, "e");
  }
  var texts = items.map(function (item) { return fold(item.textContent); });
  function apply() {
    var needle = fold(input.value.trim());
    var shown = 0;
    items.forEach(function (item, i) {
      var match = !needle || texts[i].indexOf(needle) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = needle ? shown + " av " + items.length + " visas" : items.length + " totalt";
  }
  input.addEventListener("input", apply);
  apply();
})();
