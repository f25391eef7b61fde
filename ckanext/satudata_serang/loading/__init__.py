"""Loading resources' data into the DataStore (issue 6): reading Indonesian tables as
they really come. Pure modules first (cells.py); the loading job comes next."""
