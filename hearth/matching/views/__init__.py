"""Mentoring pages: coordinators (``coordinator``), mentors and participants (``people``)."""
