// Filters for statement lists: progressive enhancement. Without this script every
// statement is listed; with it, the form shows and hides cards by their data-* values.
(function () {
  "use strict";
  function setUp(form) {
    var scope = form.parentElement;
    var cards = Array.prototype.slice.call(scope.querySelectorAll("[data-card]"));
    var groups = Array.prototype.slice.call(scope.querySelectorAll("[data-group]")).reverse();
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = form.querySelector("[role=status]");

    function apply(updateUrl) {
      var shown = 0;
      cards.forEach(function (card) {
        var ok = selects.every(function (s) {
          return !s.value || card.getAttribute("data-" + s.name) === s.value;
        });
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {  // innermost first: hours before days
        group.hidden = !group.querySelector("[data-card]:not([hidden]), [data-milestone]");
      });
      var active = selects.some(function (s) { return s.value; });
      status.textContent = active
        ? shown + " of " + cards.length + " statements shown"
        : "";
      if (updateUrl && window.history && history.replaceState) {
        var params = new URLSearchParams(window.location.search);
        selects.forEach(function (s) {
          if (s.value) params.set(s.name, s.value); else params.delete(s.name);
        });
        var query = params.toString();
        history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.name);
      if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) {
        s.value = wanted;
      }
      s.addEventListener("change", function () { apply(true); });
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(true); }, 0);
    });
    form.hidden = false;
    apply(false);
  }
  document.querySelectorAll("form[data-filters]").forEach(setUp);
})();
