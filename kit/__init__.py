"""The shared web and API kit: forms, the API's base classes and error format, middleware,
sign-in, template tags. It imports no app of the project (an import-linter contract says so)."""
