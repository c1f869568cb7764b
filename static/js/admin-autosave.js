/*
 * Lose no work in an admin change form (templates/admin/autosave/form_top.html).
 *
 * - Autosave: while the form changes, what it holds is sent to the server
 *   (autosave/views.py) every few seconds; those requests also keep the
 *   session alive while someone writes.
 * - Save: before the form leaves the page, the session is checked. If it has
 *   ended, nothing navigates away: the page keeps everything, a copy goes to
 *   localStorage, and the writer is told to log in in another tab and save again.
 * - Recovery: a newer autosave (from the server, or this browser's copy) is
 *   offered; restoring fills the fields, the CKEditor 5 body included, and the
 *   writer saves as usual.
 * - Leaving with unsaved changes asks first.
 */
(function () {
  "use strict";

  const box = document.getElementById("autosave");
  const form = box && box.closest("form");
  if (!form) {
    return;
  }
  const data = box.dataset;
  const localKey = "autosave:" + data.url;
  // Never sent or restored: the form's bookkeeping and what a script cannot set.
  const SKIPPED_TYPES = new Set(["file", "hidden", "submit", "button", "reset", "image", "password"]);

  let lastSent = null;      // what the server holds, serialised
  let baseline = null;      // what the page held when it was ready
  let submitting = false;   // set once the session check let a save through

  function cookie(name) {
    const found = document.cookie.split(";").map((part) => part.trim())
      .find((part) => part.startsWith(name + "="));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function csrfToken() {
    // Logging in (in another tab) rotates the token: the cookie has the current one.
    return cookie("csrftoken") || form.elements.csrfmiddlewaretoken.value;
  }

  function editorFor(element) {
    return window.editors ? window.editors[element.id] : undefined;
  }

  function eligible(element) {
    return element.name && !element.disabled && !SKIPPED_TYPES.has(element.type);
  }

  /* The form's fields as {name: [value, ...]}, as a form submission would send them. */
  function collect() {
    const fields = {};
    for (const element of form.elements) {
      if (!eligible(element)) {
        continue;
      }
      let values;
      if (element.type === "checkbox" || element.type === "radio") {
        values = element.checked ? [element.value] : [];
      } else if (element.tagName === "SELECT") {
        values = Array.from(element.selectedOptions, (option) => option.value);
      } else {
        const editor = editorFor(element);
        values = [editor ? editor.getData() : element.value];
      }
      (fields[element.name] = fields[element.name] || []).push(...values);
    }
    return fields;
  }

  function restore(fields) {
    for (const element of form.elements) {
      if (!eligible(element) || !(element.name in fields)) {
        continue;
      }
      const values = fields[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT") {
        for (const option of element.options) {
          option.selected = values.includes(option.value);
        }
      } else {
        const editor = editorFor(element);
        element.value = values[0] || "";
        if (editor) {
          editor.setData(element.value);
        }
      }
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function status(text) {
    box.querySelector(".autosave-status").textContent = text;
  }

  function alertFor(reason) {
    const alert = box.querySelector(".autosave-alert");
    for (const message of alert.querySelectorAll("[data-reason]")) {
      message.hidden = message.dataset.reason !== reason;
    }
    const shown = !alert.hidden;
    alert.hidden = !reason;
    if (reason && !shown) {
      alert.scrollIntoView({ block: "center" });
    }
  }

  function keepLocally(fields) {
    try {
      localStorage.setItem(localKey, JSON.stringify({ savedAt: Date.now(), fields: fields }));
    } catch (error) {
      // Storage full or disabled: the page itself still holds everything.
    }
  }

  function localCopy() {
    try {
      return JSON.parse(localStorage.getItem(localKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function forgetLocally() {
    try {
      localStorage.removeItem(localKey);
    } catch (error) {
      // Nothing kept, nothing to forget.
    }
  }

  function request(method, body, extra) {
    return fetch(data.url, Object.assign({
      method: method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: body,
    }, extra));
  }

  /* Send the form if it changed since the last autosave. */
  async function autosave(extra) {
    const fields = collect();
    const serialised = JSON.stringify(fields);
    if (serialised === lastSent || submitting) {
      return;
    }
    let response;
    try {
      response = await request("POST", JSON.stringify({ fields: fields }), extra);
    } catch (error) {
      keepLocally(fields);
      return;
    }
    if (response.ok) {
      lastSent = serialised;
      forgetLocally();
      alertFor(null);  // logged in again elsewhere: the session is back
      const saved = await response.json();
      status(data.textSaved.replace("{time}", saved.time));
    } else {
      keepLocally(fields);
      if (response.status === 401) {
        alertFor("expired");  // told now, not only when saving
      }
    }
  }

  function formatTime(milliseconds) {
    const zone = { timeZone: data.timeZone };
    const date = new Intl.DateTimeFormat("id-ID", Object.assign({
      weekday: "long", day: "numeric", month: "long", year: "numeric",
    }, zone)).format(milliseconds);
    const time = new Intl.DateTimeFormat("id-ID", Object.assign({
      hour: "2-digit", minute: "2-digit", hour12: false,
    }, zone)).format(milliseconds).replace(":", ".");
    return date + " · " + time + " " + data.zoneName;
  }

  /* Which newer copy to offer: this browser's, if newer than the server's and the item. */
  function setUpOffer() {
    const offer = box.querySelector(".autosave-offer");
    const serverAt = Number(data.offerAt || 0) * 1000;
    const storedAt = Number(data.savedAt || 0) * 1000;
    const local = localCopy();
    let fields = null;
    if (local && local.savedAt > Math.max(serverAt, storedAt)) {
      fields = local.fields;
      offer.querySelector(".autosave-offer-text").textContent =
        data.textLocal.replace("{when}", formatTime(local.savedAt));
      offer.hidden = false;
    } else {
      if (local) {
        forgetLocally();
      }
      // A save that arrived after the session ended (autosave/unsent.py).
      const unsent = document.getElementById("autosave-unsent");
      fields = unsent ? JSON.parse(unsent.textContent) : null;
    }
    offer.querySelector(".autosave-restore").addEventListener("click", async () => {
      if (!fields) {
        // The server's autosave, read only when wanted: it can be a long text.
        const response = await request("GET", undefined);
        fields = response.ok ? (await response.json()).fields : null;
      }
      if (fields) {
        restore(fields);
      }
      offer.hidden = true;
    });
    offer.querySelector(".autosave-discard").addEventListener("click", () => {
      forgetLocally();
      request("DELETE", undefined);
      offer.hidden = true;
    });
  }

  async function sessionState() {
    try {
      const response = await fetch(data.sessionUrl, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
      });
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  /* Every save asks the server first whether this browser is still logged in as the writer. */
  form.addEventListener("submit", async (event) => {
    if (submitting) {
      return;
    }
    event.preventDefault();
    const submitter = event.submitter;
    const state = await sessionState();
    if (state && state.active && String(state.user) === data.user) {
      form.elements.csrfmiddlewaretoken.value = csrfToken();
      alertFor(null);
      forgetLocally();
      submitting = true;
      form.requestSubmit(submitter);
      return;
    }
    keepLocally(collect());
    alertFor(!state ? "offline" : state.active ? "other-user" : "expired");
  });

  window.addEventListener("beforeunload", (event) => {
    if (!submitting && baseline !== null && JSON.stringify(collect()) !== baseline) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Closing the tab or switching away: send what changed, even as the page goes.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && baseline !== null) {
      autosave({ keepalive: true });
    }
  });

  /* Start once the editors exist: their getData() is the body as it will be saved. */
  function whenEditorsReady(callback) {
    const areas = Array.from(form.querySelectorAll("textarea.django_ckeditor_5"));
    const started = Date.now();
    (function wait() {
      const ready = areas.every((area) => editorFor(area));
      if (ready || Date.now() - started > 10000) {
        callback();
      } else {
        window.setTimeout(wait, 100);
      }
    })();
  }

  setUpOffer();
  whenEditorsReady(() => {
    baseline = JSON.stringify(collect());
    lastSent = baseline;
    const interval = Math.max(1, Number(data.interval) || 30) * 1000;
    window.setInterval(autosave, interval);
  });
})();
