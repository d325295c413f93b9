"""``cikg viz``: the graph as one offline HTML page (``viz``), in the class ``style`` the charts share.
Nothing here imports matplotlib."""
