// Progressive enhancement of the filters: the lists of links (which work without
// JavaScript) become a select box with a button. Choosing only changes the selection;
// the page changes when the user presses the button (WCAG 3.2.2, on input).
(function () {
  "use strict";
  var words = document.documentElement.lang === "en" ? { go: "Show" } : { go: "Toon" };
  var filters = document.querySelectorAll("nav[data-filter]");
  Array.prototype.forEach.call(filters, function (nav, index) {
    var heading = nav.querySelector(".filter-label");
    var links = nav.querySelectorAll("ul a");
    if (!heading || links.length < 2) { return; }
    var form = document.createElement("form");
    var select = document.createElement("select");
    var id = "filter-select-" + index;
    select.id = id;
    select.setAttribute("aria-labelledby", heading.id);
    Array.prototype.forEach.call(links, function (a) {
      var option = document.createElement("option");
      option.value = a.href;
      option.textContent = a.textContent;
      if (a.getAttribute("aria-current")) { option.selected = true; }
      select.appendChild(option);
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = words.go;
    form.appendChild(select);
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = select.value;
    });
    nav.appendChild(form);
    nav.classList.add("enhanced");
  });
}());
