"""Identifiers that are not specific to mainland China: e-mail, IP, cards,
IBAN, US SSN, international phone numbers and coordinates."""
