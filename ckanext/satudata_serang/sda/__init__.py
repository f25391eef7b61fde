"""Serang Dalam Angka: the city's statistics as tables and charts, from the
DataStore tables of published datasets."""
