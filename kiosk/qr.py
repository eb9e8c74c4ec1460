"""The QR code on a receipt, as a grid of dark and light modules (drawn by the screens)."""

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_modules(text: str) -> list[list[bool]]:
    """Dark (True) and light modules, with the standard quiet zone of four around them."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]
