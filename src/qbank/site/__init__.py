"""The handbook site: the Project as mkdocs pages, one handbook per audience.

The library does the work (``pages.plan_site`` turns a Project into rendered pages); the mkdocs
plugin in ``plugin.py`` only hands those pages to mkdocs, so a move to another static site
generator would keep everything but that adapter. ``build.build_site`` and
``build.build_handouts`` are the entry points for ``qbank build --only site,handouts``.
"""
