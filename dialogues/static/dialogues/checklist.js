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

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("js-done-form")) {
      return;
    }
    if (!window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
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
        var row = form.closest(".checklist-item");
        var fresh = fragment(data.row);
        if (row && fresh) {
          row.replaceWith(fresh);
          var toggle = fresh.querySelector(".js-done-form button");
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
        form.submit();
      });
  });
})();
