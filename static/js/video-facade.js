// A video in an article is our own thumbnail and a play button (videos/embeds.py):
// the reader's browser asks YouTube for nothing until they press play. Then the
// button's frame becomes YouTube's privacy-enhanced player, the one frame source
// the page's CSP allows.
(function () {
  "use strict";

  var PLAYER = "https://www.youtube-nocookie.com/embed/";
  var VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

  function play(facade) {
    var id = facade.dataset.videoId;
    if (!VIDEO_ID.test(id)) {
      return;
    }
    var start = parseInt(facade.dataset.videoStart, 10);
    var iframe = document.createElement("iframe");
    iframe.className = "video-facade__player";
    iframe.src = PLAYER + id + "?autoplay=1" + (start > 0 ? "&start=" + start : "");
    iframe.title = facade.dataset.videoTitle;
    // The press of play is the reader's: the player may start at once. No
    // sandbox: the player is cross-origin already, and the flags it needs
    // (scripts, same-origin, presentation, popups) would leave little out.
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    var frame = facade.querySelector(".video-facade__frame");
    frame.replaceChildren(iframe);
    // The button the focus was on is gone: the keyboard goes on in the player.
    iframe.focus();
  }

  document.querySelectorAll(".video-facade").forEach(function (facade) {
    var button = facade.querySelector(".video-facade__play");
    if (!button || button.dataset.ready) {
      return;
    }
    button.dataset.ready = "1";
    button.addEventListener("click", function () {
      play(facade);
    });
    button.hidden = false;
  });
})();
