"""The CRM's HTTP API, framework-free: a request goes in as plain data and a response comes out.

``functions/crm.py`` adapts the functions-framework (Flask) request to ``ApiRequest`` and back.
"""
