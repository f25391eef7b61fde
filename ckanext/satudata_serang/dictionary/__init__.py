"""The data dictionary of a DataStore resource in BPS's MS-Var (metadata statistik
variabel) terms: kept in the DataStore's own column ``info``."""
