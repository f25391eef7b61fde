"""Tests of ckanext.satudata_serang.ops."""
