/* Printable plan: a button that opens the browser's print dialogue (print or save as PDF). */
(function () {
  "use strict";
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll(".js-print-hint").forEach(function (hint) {
    hint.hidden = true;
  });
})();
