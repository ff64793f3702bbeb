// The Content-Security-Policy forbids inline event handlers and "javascript:" links.
// Flask-Admin's templates contain a few; rewire them as listeners before anyone clicks.
(function () {
  "use strict";
  function confirmMessage(code) {
    var match = /confirm\('(.*)'\)/.exec(code);
    return match ? match[1].replace(/\\'/g, "'") : null;
  }
  function rewire(root) {
    root.querySelectorAll("[onclick]").forEach(function (el) {
      var code = el.getAttribute("onclick");
      el.removeAttribute("onclick");
      var message = confirmMessage(code);
      var inline = /faForm\.addInlineField\(this, '([^']*)'\)/.exec(code);
      el.addEventListener("click", function (event) {
        if (message !== null) {
          if (!window.confirm(message)) {
            event.preventDefault();
            event.stopImmediatePropagation();
          }
        } else if (inline) {
          event.preventDefault();
          window.faForm.addInlineField(el, inline[1]);
        } else if (/return false/.test(code)) {
          event.preventDefault();
        }
      });
    });
    root.querySelectorAll('a[href^="javascript:"]').forEach(function (link) {
      link.setAttribute("href", "#");
      link.addEventListener("click", function (event) {
        event.preventDefault();
      });
    });
  }
  rewire(document);
})();
