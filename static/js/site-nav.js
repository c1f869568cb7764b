// The header menu (templates/includes/site_nav.html). The popover attribute opens
// and closes it without this script; this only adds what the browser leaves out.
(function () {
  "use strict";

  var nav = document.querySelector(".site-nav");
  if (!nav || !HTMLElement.prototype.hasOwnProperty("popover")) {
    return; // no popover: the menu is shown whole and has nothing to open
  }
  var panels = Array.prototype.slice.call(nav.querySelectorAll("[popover]"));

  // aria-expanded on each button, for assistive technology that does not yet
  // read the open state of a popover's button.
  nav.querySelectorAll("button[popovertarget]").forEach(function (button) {
    var panel = document.getElementById(button.getAttribute("popovertarget"));
    if (!panel) {
      return;
    }
    button.setAttribute("aria-expanded", String(panel.matches(":popover-open")));
    panel.addEventListener("toggle", function (event) {
      button.setAttribute("aria-expanded", String(event.newState === "open"));
    });
  });

  // A panel closes when keyboard focus moves on past it (Tab from its last link):
  // left open, it would cover the link that now has focus.
  var owner = function (panel) {
    var group = panel.closest(".site-nav__item--group");
    return group || nav;
  };
  nav.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (!next) {
      return; // focus left the page, or a click on nothing: a tap outside closes it anyway
    }
    panels.forEach(function (panel) {
      if (panel.matches(":popover-open") && !owner(panel).contains(next)) {
        panel.hidePopover();
      }
    });
  });

  // The phone menu is part of the row on wide screens, and the groups are listed
  // in full on narrow ones: a panel left open when the layout changes (a turned
  // tablet) would float over the page. Checked once the window has settled, so
  // that a passing size (a screenshot tool measuring the page) closes nothing.
  var wide = window.matchMedia("(min-width: 48em)");
  var layout = wide.matches;
  var settling = null;
  var closeAll = function () {
    if (wide.matches === layout) {
      return;
    }
    layout = wide.matches;
    panels.forEach(function (panel) {
      if (panel.matches(":popover-open")) {
        panel.hidePopover();
      }
    });
  };
  if (wide.addEventListener) {
    wide.addEventListener("change", function () {
      clearTimeout(settling);
      settling = setTimeout(closeAll, 250);
    });
  }
})();
