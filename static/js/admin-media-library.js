/*
 * The article form's "Picture library" button (media_library/admin.py).
 *
 * Opens a dialog listing the pictures this user may reuse (the library's picker
 * view, JSON, checked on the server), asks for the picture's alt text, and
 * inserts a plain <img src alt> into the body's CKEditor 5 through the editor's
 * own insertImage command, as an upload would. The page then shows it as a
 * responsive <picture> like every library picture (news/body_images.py).
 *
 * django_ckeditor_5 keeps its editors in window.editors, by the textarea's id,
 * once they are created (asynchronously): the button looks the editor up when
 * clicked. No inline script or style attribute in markup (the admin's CSP).
 */
(function () {
  "use strict";

  function element(tag, properties, children) {
    const node = document.createElement(tag);
    Object.assign(node, properties || {});
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  function attach(textarea) {
    const settings = JSON.parse(textarea.dataset.mediaLibrary);
    const labels = settings.labels;
    const container = textarea.closest(".ck-editor-container") || textarea;

    const open = element("button", {
      type: "button",
      className: "button media-library__open",
      textContent: labels.open,
    });
    const search = element("input", { type: "search", className: "vTextField" });
    search.setAttribute("aria-label", labels.search);
    search.placeholder = labels.search;
    const grid = element("div", { className: "media-library__grid" });
    grid.setAttribute("role", "listbox");
    grid.setAttribute("aria-label", labels.title);
    const altId = textarea.id + "-media-library-alt";
    const alt = element("input", { type: "text", id: altId, className: "vTextField", maxLength: 250 });
    const status = element("p", { className: "media-library__status" });
    status.setAttribute("role", "status");
    const insert = element("button", {
      type: "button",
      className: "button default",
      textContent: labels.insert,
    });
    const cancel = element("button", { type: "button", className: "button", textContent: labels.cancel });
    const dialog = element("dialog", { className: "media-library" }, [
      element("h2", { textContent: labels.title }),
      search,
      grid,
      element("label", { htmlFor: altId, textContent: labels.alt }),
      alt,
      status,
      element("div", { className: "media-library__actions" }, [insert, cancel]),
    ]);
    dialog.setAttribute("aria-label", labels.title);
    // Above the editor, inside the field's box (Django lays the row out as a flex row).
    container.insertAdjacentElement("afterbegin", open);
    document.body.append(dialog);

    let chosen = null;
    let searchTimer = null;

    function choose(button, image) {
      grid.querySelectorAll("[aria-selected=true]").forEach(function (other) {
        other.setAttribute("aria-selected", "false");
      });
      button.setAttribute("aria-selected", "true");
      chosen = image;
      status.textContent = "";
      alt.focus();
    }

    function show(images) {
      grid.replaceChildren();
      if (!images.length) {
        grid.append(element("p", { textContent: labels.empty }));
        return;
      }
      images.forEach(function (image) {
        const thumb = element("img", { src: image.thumbnail, alt: "", loading: "lazy" });
        const button = element("button", { type: "button", className: "media-library__item" }, [
          thumb,
          element("span", { textContent: image.name }),
        ]);
        button.setAttribute("role", "option");
        button.setAttribute("aria-selected", "false");
        button.title = image.name + " (" + image.width + " × " + image.height + ")";
        button.addEventListener("click", function () { choose(button, image); });
        grid.append(button);
      });
    }

    function load() {
      const url = settings.url + "?" + new URLSearchParams({ q: search.value.trim() });
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) { show(data.images); })
        .catch(function () { status.textContent = labels.failed; });
    }

    open.addEventListener("click", function () {
      chosen = null;
      alt.value = "";
      status.textContent = "";
      dialog.showModal();
      search.focus();
      load();
    });
    search.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(load, 250);
    });
    search.addEventListener("keydown", function (event) {
      // Enter would submit the article form behind the dialog.
      if (event.key === "Enter") { event.preventDefault(); load(); }
    });
    alt.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); insert.click(); }
    });
    cancel.addEventListener("click", function () { dialog.close(); });
    insert.addEventListener("click", function () {
      if (!chosen) { status.textContent = labels.choose; return; }
      if (!alt.value.trim()) { status.textContent = labels.needs_alt; alt.focus(); return; }
      const editor = window.editors && window.editors[textarea.id];
      if (!editor) { status.textContent = labels.failed; return; }
      editor.execute("insertImage", { source: [{ src: chosen.src, alt: alt.value.trim() }] });
      dialog.close();
      editor.editing.view.focus();
    });
  }

  function start() {
    document.querySelectorAll("textarea[data-media-library]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
