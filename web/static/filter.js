// Search-as-you-type over a list or table on the page (glossary, roles); å/ä/ö optional. Items
// whose name (data-name: a term, or a role's name and its variants) matches come first: the exact
// name, then names that start with the text, then names that contain it, then items that only
// mention it elsewhere (a role's duties, a term's meaning).
(function () {
  "use strict";
  var input = document.getElementById("filter");
  if (!input) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(input.getAttribute("data-filter")));
  if (!items.length) return;
  var parent = items[0].parentNode;
  var count = document.getElementById("filter-count");
  function fold(text) {
    // Typed text in one form as the server's (composed, no soft hyphens); ø/æ as ö/ä, as the server folds them.
    return text.normalize("NFC").replace(/[\u00ad\u200b\u2060]/g, "").toLowerCase()
      .replace(/[åäæ]/g, "a").replace(/[öø]/g, "o").replace(/é/g, "e");
  }
  var texts = items.map(function (item) { return fold(item.textContent); });
  var names = items.map(function (item) { return fold(item.getAttribute("data-name") || "").split(" | "); });

  // 0 the name itself, 1 a name starting with it, 2 a name containing it, 3 elsewhere, -1 nowhere.
  function rank(i, needle) {
    if (names[i].indexOf(needle) !== -1) return 0;
    if (names[i].some(function (name) { return name.indexOf(needle) === 0; })) return 1;
    if (names[i].some(function (name) { return name.indexOf(needle) !== -1; })) return 2;
    return texts[i].indexOf(needle) !== -1 ? 3 : -1;
  }

  function apply() {
    var needle = fold(input.value.trim());
    var order = items.map(function (item, i) { return { i: i, rank: needle ? rank(i, needle) : 0 }; });
    order.sort(function (a, b) {
      return (a.rank < 0) - (b.rank < 0) || a.rank - b.rank || a.i - b.i;
    });
    var shown = 0;
    order.forEach(function (o) {
      var item = items[o.i];
      item.hidden = o.rank < 0;
      if (!item.hidden) shown += 1;
      parent.appendChild(item);
    });
    count.textContent = needle ? shown + " av " + items.length + " visas" : items.length + " totalt";
  }
  input.addEventListener("input", apply);
  apply();
})();
