"""A content type that exists only in the test suite (kpu_site/settings/test.py
installs it): it declares itself to the publishing core and nothing more, and
tests/publishing/ runs the workflow and the role matrix over it as over Article.
"""
