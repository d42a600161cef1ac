/* Long stakeholder lists in forms (meetings, commitments, invitations, documents): a search by
   name above the sectors. Typing shows only the names that match and unfolds their sectors;
   emptying the search folds again the sectors where nobody is chosen. Without JavaScript the
   sectors unfold by hand, as the page sends them. */
(function () {
  "use strict";

  // Lower case, without accents: "Gómez" is found by "gomez".
  function simple(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(fieldset) {
    var groups = Array.prototype.slice.call(fieldset.querySelectorAll("details.stakeholder-group"));
    if (fieldset.dataset.findReady || !groups.some(function (group) { return !group.open; })) {
      return;  // done already, or short enough to show whole
    }
    fieldset.dataset.findReady = "1";
    var entries = groups.map(function (group) {
      return {
        group: group,
        folded: !group.open,
        labels: Array.prototype.slice.call(group.querySelectorAll("label.form-check")).map(
          function (label) { return { label: label, text: simple(label.textContent) }; }
        )
      };
    });
    var box = fieldset.querySelector("input[type=checkbox]");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "find-" + box.name;
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    input.dir = "auto";
    var label = document.createElement("label");
    label.className = "form-label small mb-1";
    label.htmlFor = input.id;
    label.textContent = fieldset.dataset.findLabel;
    // Says how many names the search shows, once typing pauses (WCAG 4.1.3).
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var wrapper = document.createElement("div");
    wrapper.className = "stakeholder-find mb-2";
    wrapper.append(label, input, status);
    fieldset.querySelector(".row").before(wrapper);
    var pause = null;

    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();  // a search, not the form's submission
      }
    });
    input.addEventListener("input", function () {
      var query = simple(input.value.trim());
      var found = 0;
      entries.forEach(function (entry) {
        var shown = 0;
        entry.labels.forEach(function (item) {
          var match = !query || item.text.indexOf(query) !== -1;
          item.label.hidden = !match;
          shown += match ? 1 : 0;
        });
        entry.group.hidden = Boolean(query) && shown === 0;
        entry.group.open = query ? shown > 0 :
          !entry.folded || Boolean(entry.group.querySelector("input:checked"));
        found += shown;
      });
      window.clearTimeout(pause);
      pause = window.setTimeout(function () {
        status.textContent = query ? fieldset.dataset.findCount + " " + found : "";
      }, 500);
    });
  }

  document.querySelectorAll(".stakeholder-choices[data-find-label]").forEach(enhance);
})();
