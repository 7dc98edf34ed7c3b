/*
 * A local stand-in for Tranzila's hosted-fields script (https://hf.tranzila.com/assets/js/thostedf.js),
 * served by tests/integration/billing/fake_tranzila.py. It offers the entry points our billing page
 * calls — TzlaHostedFields.create({fields}) and instance.charge(params, callback) — and answers the
 * callback in the same shape (err, {transaction_response}). Tranzila's real fields are iframes on
 * its own origin; here they are plain inputs, and charge() posts to /hf/charge on this server.
 */
(function () {
  var script = document.currentScript;
  var base = script ? new URL(script.src).origin : "";
  var LABELS = { credit_card_number: "מספר כרטיס", cvv: "CVV", expiry: "תוקף (MM/YY)" };

  function create(options) {
    var inputs = {};
    Object.keys(options.fields || {}).forEach(function (name) {
      var spec = options.fields[name];
      var host = document.querySelector(spec.selector);
      if (!host) return;
      var input = document.createElement("input");
      input.name = name;
      input.setAttribute("aria-label", LABELS[name] || name);
      input.setAttribute("data-standin", "tranzila-hosted-field");
      input.placeholder = spec.placeholder || "";
      input.inputMode = "numeric";
      input.autocomplete = name === "credit_card_number" ? "cc-number" : name === "expiry" ? "cc-exp" : "cc-csc";
      input.dir = "ltr";
      input.style.cssText = "width:100%;min-height:44px;border:0;font:inherit;background:transparent";
      host.replaceChildren(input);
      inputs[name] = input;
    });
    return {
      charge: function (params, callback) {
        var expiry = ((inputs.expiry && inputs.expiry.value) || "").split("/");
        var body = Object.assign({}, params, {
          credit_card_number: inputs.credit_card_number ? inputs.credit_card_number.value : "",
          cvv: inputs.cvv ? inputs.cvv.value : "",
          expiry_month: (expiry[0] || "").trim(),
          expiry_year: (expiry[1] || "").trim(),
        });
        fetch(base + "/hf/charge", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        })
          .then(function (answer) {
            return answer.json();
          })
          .then(function (response) {
            var result = response.transaction_response || {};
            if (!result.success) {
              callback({ messages: [{ param: "credit_card_number", message: result.error || "declined" }] }, response);
            } else {
              callback(null, response);
            }
          })
          .catch(function (error) {
            callback({ messages: [{ param: "network", message: String(error) }] }, null);
          });
      },
    };
  }

  window.TzlaHostedFields = { create: create };
})();
