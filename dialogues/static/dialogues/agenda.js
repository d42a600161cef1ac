/* Meeting form: "Add a line" appends an empty agenda line from the formset's template.
   Without JavaScript the button stays hidden and three empty lines come with each edit. */
(function () {
  "use strict";

  var button = document.querySelector(".js-agenda-add");
  var template = document.getElementById("agenda-row-template");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  var maximum = document.querySelector("input[name$='-MAX_NUM_FORMS']");
  var body = document.querySelector(".agenda-table tbody");
  if (!button || !template || !total || !body) {
    return;
  }
  button.hidden = false;
  var hint = document.querySelector(".js-agenda-hint");
  if (hint) {
    hint.hidden = true;
  }

  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (maximum && index >= parseInt(maximum.value, 10)) {
      button.disabled = true;
      return;
    }
    var holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    body.appendChild(row);
    total.value = String(index + 1);
    var title = row.querySelector("input[type=text]");
    if (title) {
      title.focus();
    }
  });
})();
