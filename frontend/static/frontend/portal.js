/* Small behaviours every portal page shares. No inline handlers anywhere (the content security policy forbids
 * them): elements opt in with data- attributes.
 *   <select data-autosubmit>        submits its form on change (the language switcher)
 *   <button data-confirm="text">    asks before submitting
 */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
  });
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) e.preventDefault();
  });
})();
