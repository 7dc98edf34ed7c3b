"""Billing and contracts: plans, the billing state machine, invoices, contracts and signatures.

Pure modules (no I/O): ``money``, ``plans``, ``tax_ids``, ``state``, ``invoices``, ``contracts``,
``signing``, ``texts_he``. Adapters: ``pdf`` (fpdf2), ``seal`` (pyhanko), ``paypal``,
``tranzila``, ``store`` (Firestore), ``documents`` (Cloud Storage); ``service`` ties them together.
"""
