// The Content-Security-Policy blocks "javascript:" URLs; Flask-Admin's templates use
// "javascript:void(0)" as the target of links that scripts handle. Point them at "#" instead
// and cancel the navigation, so a click never asks the browser to run a blocked URL.
(function () {
  "use strict";
  document.querySelectorAll('a[href^="javascript:"]').forEach(function (link) {
    link.setAttribute("href", "#");
    link.addEventListener("click", function (event) {
      event.preventDefault();
    });
  });
})();

// x-editable (inline list edits) parses its JSON options with `new Function`, which the policy
// forbids (no 'unsafe-eval'). Give it a JSON.parse-based parser as soon as it is defined.
(function () {
  "use strict";
  if (!window.jQuery) {
    return;
  }
  var stored;
  function tryParseJson(value, safe) {
    if (typeof value === "string" && value.length && /^[\{\[].*[\}\]]$/.test(value)) {
      try {
        return JSON.parse(value);
      } catch (error) {
        if (!safe) {
          throw error;
        }
      }
    }
    return value;
  }
  Object.defineProperty(window.jQuery.fn, "editableutils", {
    configurable: true,
    get: function () {
      return stored;
    },
    set: function (utils) {
      if (utils && typeof utils.tryParseJson === "function") {
        utils.tryParseJson = tryParseJson;
      }
      stored = utils;
    },
  });
})();
