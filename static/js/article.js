// Article page: count the view, copy the link, native sharing. No third-party code.
(function () {
  "use strict";

  // Count after load so the page itself stays cacheable; show the fresh total.
  var counter = document.querySelector("[data-view-counter]");
  if (counter && window.fetch) {
    var countView = function () {
      fetch(counter.dataset.url, { method: "POST", credentials: "same-origin", keepalive: true })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.display) {
            counter.querySelector("[data-view-count]").textContent = data.display;
          }
        })
        .catch(function () { /* the count is a nicety: never bother the reader */ });
    };
    if (document.readyState === "complete") {
      countView();
    } else {
      window.addEventListener("load", countView, { once: true });
    }
  }

  var status = document.querySelector("[data-share-status]");
  var say = function (message) {
    if (status) { status.textContent = message; }
  };

  var copyLink = document.querySelector("[data-copy-link]");
  if (copyLink && navigator.clipboard) {
    copyLink.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(copyLink.href).then(
        // The messages come translated from the template (data attributes).
        function () { say(status.dataset.copied); },
        function () { say(status.dataset.copyFailed); }
      );
    });
  }

  var nativeShare = document.querySelector("[data-native-share]");
  if (nativeShare && navigator.share) {
    nativeShare.hidden = false;
    nativeShare.addEventListener("click", function () {
      navigator.share({ title: nativeShare.dataset.title, url: nativeShare.dataset.url })
        .catch(function () { /* closed by the reader */ });
    });
  }
})();
