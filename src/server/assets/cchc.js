// cchc serve: progressive enhancement of the unit form. Without this script the
// form posts and the page reloads; with it, each change is saved and re-scored
// on the server and the results panel is replaced without a reload.
"use strict";
(function () {
  var form = document.getElementById("minh-chung");
  if (!form || form.dataset.live !== "on" || !window.fetch) return;
  var panel = document.getElementById("ket-qua");
  var token = document.querySelector('meta[name="csrf-token"]');

  function showErrors(errors, sent) {
    sent.forEach(function (name) {
      var slot = document.getElementById("loi-" + name);
      if (slot) slot.textContent = "";
    });
    errors.forEach(function (e) {
      var slot = document.getElementById("loi-" + e.field);
      if (slot) slot.textContent = e.message;
    });
  }

  function save(input) {
    var body = new URLSearchParams();
    body.append("csrf", token ? token.content : "");
    body.append(input.name, input.value);
    input.classList.add("saving");
    fetch(form.action, {
      method: "POST",
      headers: { "X-Requested-With": "cchc", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      input.classList.remove("saving");
      if (answer.data.results_html !== undefined) panel.innerHTML = answer.data.results_html;
      showErrors(answer.data.errors || [], [input.name]);
      if (answer.data.error) {
        var slot = document.getElementById("loi-" + input.name);
        if (slot) slot.textContent = answer.data.error;
      }
    }).catch(function () {
      input.classList.remove("saving");
      var slot = document.getElementById("loi-" + input.name);
      if (slot) slot.textContent = "Không lưu được: mất kết nối tới máy chủ / could not save: no connection";
    });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    // File inputs sit in the fieldset but belong to their own upload forms.
    if (input && input.name && input.name !== "csrf" && input.form === form) save(input);
  });
  // Enter in a field saves it instead of posting the whole form.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.form === form) {
      event.preventDefault();
      save(event.target);
    }
  });
})();
