"""Pure domain rules: no Django models, no database. Fed plain values by the services.

`national` holds the rules fixed by law and national guidance; `policy` holds the
force-configurable defaults. Everything else here is a function of those and the facts.
"""
