"""DCAT for the national Satu Data portal: the SDI delta profile on top of
ckanext-dcat's euro_dcat_ap_3, the SKOS concept schemes of the codes it uses, and
which datasets leave the portal."""
