// The article form's tag field: suggests existing tags as one types, from our
// own server (news/tag_admin.py, TagAdmin.suggestions_view). Tags are separated
// by commas; only the one being typed (after the last comma) is looked up, and
// choosing a suggestion replaces it with the tag's exact name.
(function () {
  "use strict";

  var WAIT_MS = 150; // typing pause before asking the server

  function parts(value) {
    var cut = value.lastIndexOf(",");
    return { done: cut < 0 ? "" : value.slice(0, cut + 1), typing: value.slice(cut + 1).trim() };
  }

  function chosenNames(done) {
    return done.split(",").map(function (name) { return name.trim().toLowerCase(); });
  }

  function attach(input, index) {
    var list = document.createElement("ul");
    list.id = "tag-suggestions-" + index;
    list.className = "tag-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // The list comes under the field (static/css/admin-tags.css).
    var wrapper = document.createElement("span");
    wrapper.className = "tag-field";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var timer = null;
    var latest = "";
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(next) {
      var all = options();
      if (!all.length) { return; }
      active = (next + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === active)); });
      input.setAttribute("aria-activedescendant", all[active].id);
    }

    function choose(name) {
      var done = parts(input.value).done;
      input.value = (done ? done.replace(/\s*$/, " ") : "") + name + ", ";
      close();
      input.focus();
    }

    function show(names) {
      var current = parts(input.value);
      var taken = chosenNames(current.done);
      close();
      names.filter(function (name) { return taken.indexOf(name.toLowerCase()) < 0; })
        .forEach(function (name, i) {
          var option = document.createElement("li");
          option.id = list.id + "-" + i;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.textContent = name; // text, never markup: names are typed by people
          // mousedown, not click: the field keeps its focus.
          option.addEventListener("mousedown", function (event) {
            event.preventDefault();
            choose(name);
          });
          list.appendChild(option);
        });
      if (list.children.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function lookUp() {
      var typing = parts(input.value).typing;
      latest = typing;
      if (!typing) { close(); return; }
      var url = input.dataset.tagSuggestions + "?q=" + encodeURIComponent(typing);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
        .then(function (data) {
          if (typing === latest) { show(data.tags || []); } // an answer to older typing is dropped
        })
        .catch(close); // suggestions are a help: typing works without them
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, WAIT_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault(); // choose the tag, do not submit the form
        choose(options()[active].textContent);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function start() {
    document.querySelectorAll("input[data-tag-suggestions]").forEach(attach);
  }

  // Loaded in the head with the form's media: the field comes later.
  if (window.fetch) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
})();
