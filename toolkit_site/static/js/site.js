// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Print buttons on print views.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
