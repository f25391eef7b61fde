"""The walidata verification workflow (Perpres 39/2019): the state machine and the
completeness rules as pure functions, and their side effects (records, index,
notifications) kept apart."""
