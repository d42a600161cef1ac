/* Checklist: mark an item done (or open again) with one click, without reloading the page.
   Without JavaScript the same forms post normally and the page reloads. */
(function () {
  "use strict";

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function announce(message) {
    var status = document.getElementById("checklist-status");
    if (status && message) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  // Every button of the list posts through one form, #checklist-actions, to its own
  // formaction; only the done toggles are sent in the background.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!(form instanceof HTMLFormElement) || form.id !== "checklist-actions" || !button ||
        !button.classList.contains("done-toggle") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var body = new FormData(form);
    body.append(button.name, button.value);
    button.disabled = true;
    fetch(button.formAction, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var row = button.closest(".checklist-item");
        var fresh = fragment(data.row);
        if (row && fresh) {
          row.replaceWith(fresh);
          var toggle = fresh.querySelector("button.done-toggle");
          if (toggle) {
            toggle.focus();
          }
        }
        var progress = document.getElementById("stage-progress");
        if (progress && data.progress) {
          progress.innerHTML = data.progress;
        }
        announce(data.message);
      })
      .catch(function () {
        // Fall back to the plain form: the server answers with the whole page.
        button.disabled = false;
        form.action = button.formAction;
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = button.name;
        field.value = button.value;
        form.appendChild(field);
        form.submit();
      });
  });
})();
