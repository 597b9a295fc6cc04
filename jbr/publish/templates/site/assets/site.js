// Progressive enhancement of the filters: the lists of links (which work without
// JavaScript) become a select box with a button. Choosing only changes the selection;
// the page changes when the user presses the button (WCAG 3.2.2, on input).
(function () {
  "use strict";
  var words = document.documentElement.lang === "en"
    ? { go: "Show", choose: "Choose…" } : { go: "Toon", choose: "Kies…" };
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
    // Options in groups (<optgroup>): the list item's data-group, else the filter's name.
    // The current page is the selected option as an attribute, the initial value that
    // assistive technology reads (HTML_CodeSniffer H91), not only as a property.
    var group = null;
    var current = nav.querySelector("ul a[aria-current]");
    if (!current) {  // no option is this page: a first, selected option asks for a choice
      var choose = document.createElement("option");
      choose.value = "";
      choose.textContent = words.choose;
      choose.setAttribute("selected", "");
      select.appendChild(choose);
    }
    Array.prototype.forEach.call(links, function (a) {
      var label = a.parentNode.getAttribute("data-group") || heading.textContent;
      if (!group || group.label !== label) {
        group = document.createElement("optgroup");
        group.label = label;
        select.appendChild(group);
      }
      var option = document.createElement("option");
      option.value = a.href;
      option.textContent = a.textContent;
      if (a.getAttribute("aria-current")) { option.setAttribute("selected", ""); }
      group.appendChild(option);
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = words.go;
    form.appendChild(select);
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (select.value) { window.location.href = select.value; }
    });
    nav.appendChild(form);
    nav.classList.add("enhanced");
  });
}());
