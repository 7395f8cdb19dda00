"""Check-digit algorithms. Pure functions, tested on their own."""

from __future__ import annotations


def luhn_ok(digits: str) -> bool:
    """ISO/IEC 7812 Luhn check over a string of ASCII digits."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_MOD11_2_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def iso7064_mod11_2_check_char(first17: str) -> str:
    """The check character of an 18-character resident ID (GB 11643)."""
    total = sum((ord(c) - 48) * w for c, w in zip(first17, _MOD11_2_WEIGHTS))
    return "10X98765432"[total % 11]


def iso7064_mod11_2_ok(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    return iso7064_mod11_2_check_char(number[:17]) == number[17].upper()


def iban_mod97_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check on an IBAN without spaces."""
    s = iban.upper()
    if len(s) < 15 or len(s) > 34 or not s.isalnum() or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    rearranged = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in rearranged)
    return int(num) % 97 == 1
