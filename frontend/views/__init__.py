"""Portal views, one module per audience; `frontend/urls.py` names them all.

Views fetch through queries, call one service for a write and render: no business rules here. Every event page
checks that the user holds the role at that event (`common.py`); a stranger gets 404, not someone else's page.
"""
