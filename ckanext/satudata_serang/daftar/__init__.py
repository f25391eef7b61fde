"""Daftar Data: what each OPD owes in a year (the Forum Satu Data's list), when each
period is due, what was delivered, and reminders to those who are late."""
