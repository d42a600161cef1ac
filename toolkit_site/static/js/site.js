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

  // Reading offline: the service worker keeps the toolkit pages a reader opens.
  var script = document.querySelector("script[data-service-worker]");
  var workerUrl = script && script.getAttribute("data-service-worker");
  var canKeep = workerUrl && "serviceWorker" in navigator && "caches" in window;
  if (!canKeep) {
    return;
  }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () {
      // Without a worker the site works as before, online only.
    });
  });

  var section = document.querySelector("[data-offline-keep]");
  if (!section) {
    return;
  }
  var language = document.documentElement.lang;
  var button = section.querySelector("[data-offline-keep-button]");
  var status = section.querySelector("[data-offline-status]");
  var pack = null;

  function text(name, values) {
    return section.getAttribute("data-text-" + name).replace(/%\((\w+)\)s/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function megabytes(bytes) {
    return new Intl.NumberFormat(language, {
      style: "unit",
      unit: "megabyte",
      maximumFractionDigits: 1,
    }).format(bytes / 1000000);
  }

  var confirm = section.querySelector("[data-offline-confirm-button]");
  section.querySelector("[data-offline-without-script]").hidden = true;
  section.querySelector("[data-offline-controls]").hidden = false;

  // First the size, so that a reader on a costly connection decides before downloading.
  button.addEventListener("click", function () {
    button.disabled = true;
    fetch(section.getAttribute("data-offline-keep"), { credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (data) {
        pack = data;
        status.textContent = text("size", { size: megabytes(data.size) });
        button.hidden = true;
        confirm.hidden = false;
        confirm.focus();
      })
      .catch(function () {
        button.disabled = false;
        status.textContent = text("failed", { failed: "—" });
      });
  });

  confirm.addEventListener("click", function () {
    confirm.disabled = true;
    navigator.serviceWorker.ready.then(function (registration) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        var message = event.data;
        if (message.type === "progress") {
          status.textContent = text("progress", { done: message.done, total: message.total });
          return;
        }
        confirm.disabled = false;
        status.textContent = message.failed
          ? text("failed", { failed: message.failed })
          : text("done", { size: megabytes(message.bytes) });
        section.setAttribute("data-offline-kept", message.failed ? "partly" : "yes");
      };
      registration.active.postMessage(
        {
          type: "keep",
          pages: pack.pages.map(function (page) { return page.url; }),
          assets: pack.assets.map(function (asset) { return asset.url; }),
        },
        [channel.port2]
      );
    });
  });
})();
