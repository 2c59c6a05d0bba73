"""No case records in the admin: see offenders/admin.py."""
