/* qbank handbook: Vietnamese search input.
 * The query is normalised to NFC (text typed with combining marks matches the index), and the
 * theme is told about every change: paste and voice typing fire `input`, not `keyup`. */
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!el || !el.matches || !el.matches("[data-md-component=search-query]")) return;
    var value = el.value.normalize("NFC");
    if (value !== el.value) el.value = value;
    el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }, true);
})();
